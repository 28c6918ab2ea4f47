// Server-side tasks (protocol 2025-11-25): a tools/call that carries `task` returns at once with a task
// id, the flow runs on, its node events become task status notifications, and the caller polls
// tasks/get, fetches tasks/result, or ends the run with tasks/cancel. While a node waits on the
// caller's answer the task is `input_required`. Results are kept for a bounded time (the task's ttl,
// capped) and each caller (bearer token) may hold a bounded number of tasks.
import { randomBytes } from 'node:crypto';
import * as z from 'zod';
import {
  ProtocolError,
  ProtocolErrorCode,
  RELATED_TASK_META_KEY,
  type CallToolResult,
  type Server,
  type ServerCapabilities,
  type Task,
  type TaskStatus,
} from '@modelcontextprotocol/server';
import type { RunEvent } from '../engine/executor/events';
import { pushChannel, type CallerChannel } from './caller-services';

export interface TaskLimits {
  /** Tasks one caller may hold (running or finished and not yet expired). */
  maxPerCaller: number;
  /** Tasks held at once across callers. */
  maxTasks: number;
  /** The ttl given when the caller asks for none. */
  defaultTtlMs: number;
  /** The longest ttl granted, whatever the caller asks for. */
  maxTtlMs: number;
}

export const DEFAULT_TASK_LIMITS: TaskLimits = { maxPerCaller: 50, maxTasks: 1000, defaultTtlMs: 10 * 60_000, maxTtlMs: 60 * 60_000 };

/** What the server declares under `capabilities.tasks`. */
export const taskToolCapabilities: NonNullable<ServerCapabilities['tasks']> = {
  list: {},
  cancel: {},
  requests: { tools: { call: {} } },
};

const POLL_INTERVAL_MS = 500;

type Notify = (notification: { method: string; params?: Record<string, unknown> }) => Promise<void>;

/** Starts a task's work: the channel to the caller, the run's signal, and a sink for its node events. */
export type TaskWork = (channel: CallerChannel, signal: AbortSignal, onEvent: (event: RunEvent) => void) => Promise<CallToolResult>;

interface Entry {
  task: Task;
  owner: string;
  controller: AbortController;
  expiresAt: number;
  outcome: Promise<CallToolResult>;
  settled?: CallToolResult;
  /** The tasks/result request waiting for the outcome, if any: questions travel on its stream. */
  resultRequestId?: string | number;
}

const taskIdParams = z.looseObject({ taskId: z.string() });

export class FlowTasks {
  private readonly entries = new Map<string, Entry>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    readonly limits: TaskLimits = DEFAULT_TASK_LIMITS,
    private readonly now: () => number = () => Date.now(),
  ) {
    this.sweeper = setInterval(() => this.forgetExpired(), 30_000);
    this.sweeper.unref();
  }

  get size(): number {
    return this.entries.size;
  }

  /** Creates a task for `owner` running `work`; returns the CreateTaskResult to answer the tools/call with. */
  create(owner: string, server: Server, requestedTtl: number | undefined, work: TaskWork): { task: Task } {
    this.forgetExpired();
    const owned = [...this.entries.values()].filter((e) => e.owner === owner).length;
    if (owned >= this.limits.maxPerCaller || this.entries.size >= this.limits.maxTasks) {
      throw new ProtocolError(
        ProtocolErrorCode.InvalidRequest,
        `too many tasks (at most ${this.limits.maxPerCaller} per caller, ${this.limits.maxTasks} in all); ` +
          'fetch or cancel finished ones, or call without a task',
      );
    }
    const ttl = Math.min(Math.max(1000, requestedTtl ?? this.limits.defaultTtlMs), this.limits.maxTtlMs);
    const created = new Date(this.now()).toISOString();
    const task: Task = {
      taskId: randomBytes(18).toString('base64url'),
      status: 'working',
      createdAt: created,
      lastUpdatedAt: created,
      ttl,
      pollInterval: POLL_INTERVAL_MS,
    };
    const controller = new AbortController();
    const entry: Entry = { task, owner, controller, expiresAt: this.now() + ttl, outcome: Promise.resolve({ content: [] }) };
    const notify: Notify = (n) => server.notification(n as never);
    const setStatus = (status: TaskStatus, statusMessage?: string) => {
      if (isTerminal(entry.task.status)) return;
      entry.task = {
        ...entry.task,
        status,
        lastUpdatedAt: new Date(this.now()).toISOString(),
        ...(statusMessage ? { statusMessage } : {}),
      };
      void notify({ method: 'notifications/tasks/status', params: { ...entry.task } }).catch(() => undefined);
    };
    const push = pushChannel(server, () => entry.resultRequestId);
    // While a question waits on the caller the task says so; tasks/result is where the caller picks it up.
    const waitingOnCaller = <T>(asking: () => Promise<T>): Promise<T> => {
      setStatus('input_required', 'waiting for an answer from the caller');
      return asking().finally(() => setStatus('working'));
    };
    const channel: CallerChannel = {
      capabilities: push.capabilities,
      elicit: (params, signal) => waitingOnCaller(() => push.elicit(params, signal)),
      sample: (params, signal) => waitingOnCaller(() => push.sample(params, signal)),
    };
    const onEvent = (event: RunEvent) => {
      if (event.type === 'node.output')
        setStatus(entry.task.status === 'input_required' ? 'input_required' : 'working', `node '${event.nodeId}' done`);
      else if (event.type === 'node.error') setStatus('working', `node '${event.nodeId}' failed`);
    };
    entry.outcome = work(channel, controller.signal, onEvent).then(
      (result) => {
        entry.settled = result;
        if (controller.signal.aborted) setStatus('cancelled', 'cancelled by the caller');
        else setStatus(result.isError ? 'failed' : 'completed');
        return result;
      },
      (error: unknown) => {
        const result: CallToolResult = { isError: true, content: [{ type: 'text', text: (error as Error).message }] };
        entry.settled = result;
        setStatus(controller.signal.aborted ? 'cancelled' : 'failed', (error as Error).message);
        return result;
      },
    );
    this.entries.set(task.taskId, entry);
    return { task };
  }

  /** Adds the tasks/* handlers to a 2025-era server instance serving `owner`. */
  register(server: Server, owner: string): void {
    server.setRequestHandler('tasks/get', { params: taskIdParams }, async (params) => ({ ...this.entryOf(owner, params.taskId).task }));
    server.setRequestHandler('tasks/result', { params: taskIdParams }, async (params, ctx) => {
      const entry = this.entryOf(owner, params.taskId);
      entry.resultRequestId = ctx.mcpReq.id;
      try {
        const result = await abortable(entry.outcome, ctx.mcpReq.signal);
        return { ...result, _meta: { ...result._meta, [RELATED_TASK_META_KEY]: { taskId: entry.task.taskId } } };
      } finally {
        if (entry.resultRequestId === ctx.mcpReq.id) entry.resultRequestId = undefined;
      }
    });
    server.setRequestHandler('tasks/list', { params: z.looseObject({ cursor: z.string().optional() }).optional() }, async () => ({
      tasks: [...this.entries.values()].filter((e) => e.owner === owner).map((e) => ({ ...e.task })),
    }));
    server.setRequestHandler('tasks/cancel', { params: taskIdParams }, async (params) => {
      const entry = this.entryOf(owner, params.taskId);
      if (isTerminal(entry.task.status)) {
        throw new ProtocolError(
          ProtocolErrorCode.InvalidParams,
          `task ${params.taskId} already ended (${entry.task.status}); nothing to cancel`,
        );
      }
      entry.controller.abort(new Error('the caller cancelled the task'));
      entry.task = {
        ...entry.task,
        status: 'cancelled',
        statusMessage: 'cancelled by the caller',
        lastUpdatedAt: new Date(this.now()).toISOString(),
      };
      return { ...entry.task };
    });
  }

  private entryOf(owner: string, taskId: string): Entry {
    this.forgetExpired();
    const entry = this.entries.get(taskId);
    // Another caller's task reads as unknown, so task ids cannot be probed.
    if (!entry || entry.owner !== owner)
      throw new ProtocolError(ProtocolErrorCode.InvalidParams, `no task ${taskId} (it expired or is not yours)`);
    return entry;
  }

  private forgetExpired(): void {
    const now = this.now();
    for (const [id, entry] of this.entries) {
      if (entry.expiresAt > now) continue;
      entry.controller.abort(new Error('the task expired'));
      this.entries.delete(id);
    }
  }

  close(): void {
    clearInterval(this.sweeper);
    for (const entry of this.entries.values()) entry.controller.abort(new Error('the server is shutting down'));
    this.entries.clear();
  }
}

function isTerminal(status: TaskStatus): boolean {
  return status === 'completed' || status === 'failed' || status === 'cancelled';
}

function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason instanceof Error ? signal.reason : new Error('the request was cancelled'));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
