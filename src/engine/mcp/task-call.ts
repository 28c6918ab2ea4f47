// Calls an MCP tool as a task (protocol 2025-11-25): the server answers the call at once with a task,
// which is polled until it ends, and then its result is read. Each status reaches the caller as a
// progress message; an abort (the run cancelled, the node's timeout, the call's limits) cancels the
// task at the server. A server that lies about its task ends the call with an error naming the lie.
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  CallToolResultSchema,
  CreateTaskResultSchema,
  ErrorCode,
  GetTaskPayloadResultSchema,
  GetTaskResultSchema,
  McpError,
  TaskStatusNotificationSchema,
  type CallToolResult,
  type Task,
} from '@modelcontextprotocol/sdk/types.js';
import type { McpMessage, McpTaskPreference, McpToolInfo } from './access';
import { traceOf } from './message-tap';

/** How often a task is polled: the server's pollInterval kept within these bounds, slower while nothing changes. */
export const TASK_POLLING = { defaultMs: 500, minMs: 100, maxMs: 5_000, backoff: 1.5 } as const;
/** A server's status message is shown to people; longer ones are cut. */
const MAX_STATUS_MESSAGE_CHARS = 500;
/** How long cancelling a task at the server may take once the call has ended. */
const CANCEL_WAIT_MS = 5_000;

/** The request options a call runs with (see McpConnection.inCall), plus a way to say the server is alive. */
export interface TaskCallRequest {
  signal: AbortSignal;
  timeout: number;
  onprogress: (progress: { progress: number; total?: number; message?: string; taskStatus?: Task['status'] }) => void;
  /** The server answered: restarts the call's no-progress clock without reporting anything. */
  alive: () => void;
}

export interface TaskCallSession {
  client: Client;
  statuses: TaskStatusBoard;
  /** Runs `send`, which sends one request, so that the call's trace shows its messages. */
  trace: <T>(send: () => Promise<T>) => Promise<T>;
  /** The longest wait between polls: below the call's no-progress limit, which each answer restarts. */
  maxPollMs: number;
  server: string;
  /** The call's trace; status notifications go to it from here, as the tap sees only messages tied to a request. */
  onMessage?: (message: McpMessage) => void;
}

/**
 * Whether a call of `tool` goes as a task. Required tools always do (and only can), optional ones when
 * the node asks for it with `always`: a task costs polls, so a quick optional tool stays a plain call.
 * Throws, saying what to change, when the node's wish and the tool or server disagree.
 */
export function callsAsTask(
  server: string,
  tool: Pick<McpToolInfo, 'name' | 'taskSupport'> | undefined,
  serverRunsToolTasks: boolean,
  preference: McpTaskPreference = 'auto',
): boolean {
  const support = tool?.taskSupport ?? 'forbidden';
  const name = `tool '${tool?.name ?? '?'}' on '${server}'`;
  if (support === 'required') {
    if (preference === 'never')
      throw new Error(
        `${name} runs only as a task (its execution.taskSupport is "required"); set the node's task setting to auto or always`,
      );
    if (!serverRunsToolTasks)
      throw new Error(
        `${name} runs only as a task, but the server does not declare task support for tool calls (capabilities.tasks.requests.tools.call); ` +
          'the server is misconfigured: report it to its author',
      );
    return true;
  }
  if (preference !== 'always') return false;
  if (support === 'forbidden')
    throw new Error(`${name} cannot run as a task (the server does not offer it for this tool); set the node's task setting to auto`);
  if (!serverRunsToolTasks)
    throw new Error(
      `${name} cannot run as a task: the server does not declare task support for tool calls; set the node's task setting to auto`,
    );
  return true;
}

/** Calls `tool` as a task and returns its result once the task completed. */
export async function callToolAsTask(
  session: TaskCallSession,
  tool: string,
  args: Record<string, unknown>,
  request: TaskCallRequest,
  ttlMs: number,
): Promise<CallToolResult> {
  const { client, trace } = session;
  let isOver = false;
  // The server may report progress with the call's token for as long as the task lives; once the call
  // is over such a late report must not restart its clocks.
  const onprogress = (progress: { progress: number; total?: number; message?: string }) => {
    if (!isOver) request.onprogress(progress);
  };
  const created = await trace(() =>
    client.request({ method: 'tools/call', params: { name: tool, arguments: args } }, GetTaskPayloadResultSchema, {
      signal: request.signal,
      timeout: request.timeout,
      onprogress,
      task: { ttl: ttlMs },
    }),
  );
  const asTask = CreateTaskResultSchema.safeParse(created);
  if (!asTask.success) {
    // A server may run a call it was offered as a task directly; its answer is then the result itself.
    const direct = CallToolResultSchema.safeParse(created);
    if (direct.success && Array.isArray((created as { content?: unknown }).content)) return direct.data;
    throw new Error(`it answered the call with neither a task nor a tool result (${firstProblem(asTask.error)})`);
  }
  const polling = new TaskPolling(session, asTask.data.task, request);
  try {
    return await polling.untilDone();
  } catch (error) {
    // Aborted, or the server's answers made no sense: either way the task must not run on unwatched.
    await polling.cancelAtServer();
    throw error;
  } finally {
    isOver = true;
    polling.stop();
  }
}

/** One task being followed: its last known state, the status notifications for it and the result once asked. */
class TaskPolling {
  private task: Task;
  private step = 0;
  private payload: Promise<unknown> | undefined;
  private readonly watch: TaskWatch;

  constructor(
    private readonly session: TaskCallSession,
    created: Task,
    private readonly request: TaskCallRequest,
  ) {
    this.task = created;
    this.watch = session.statuses.watch(created.taskId);
    this.report(created);
  }

  get taskId(): string {
    return this.task.taskId;
  }

  async untilDone(): Promise<CallToolResult> {
    const maxMs = Math.max(TASK_POLLING.minMs, Math.min(TASK_POLLING.maxMs, this.session.maxPollMs));
    let waitMs = pollIntervalOf(this.task, maxMs);
    while (!isTerminal(this.task.status)) {
      // A task that needs input gets its questions (elicitation, sampling) delivered while the
      // client waits for the result: ask for it now, and keep polling to show the status meanwhile.
      if (this.task.status === 'input_required') this.payload ??= this.readPayload();
      const next = await this.watch.next(waitMs, this.request.signal, this.payload);
      if (next.kind === 'payload') return toolResultOf(next.value);
      if (next.kind === 'notified')
        this.session.onMessage?.(
          traceOf(this.session.server, 'received', { jsonrpc: '2.0', method: 'notifications/tasks/status', params: next.task }),
        );
      const latest = next.kind === 'notified' ? next.task : await this.getTask();
      if (latest.taskId !== this.taskId) throw new Error(`asked for task '${this.taskId}', it answered with task '${latest.taskId}'`);
      const changed = latest.status !== this.task.status || latest.statusMessage !== this.task.statusMessage;
      // Back off while nothing changes: a server's pollInterval is a hint, not a promise of news.
      waitMs = changed ? pollIntervalOf(latest, maxMs) : Math.min(maxMs, Math.round(waitMs * TASK_POLLING.backoff));
      this.task = latest;
      if (changed) this.report(latest);
    }
    const why = this.task.statusMessage ? `: ${clip(this.task.statusMessage)}` : '';
    if (this.task.status === 'cancelled') throw new Error(`the server cancelled the task${why}`);
    if (this.task.status === 'failed') throw new Error(`the task failed${why || (await this.failureDetail())}`);
    return toolResultOf(await (this.payload ?? this.readPayload()));
  }

  /** Asks the server to stop the task unless it ended; the call is over either way, so a refusal is only noted in the trace. */
  async cancelAtServer(): Promise<void> {
    if (isTerminal(this.task.status)) return;
    const { client, trace } = this.session;
    await trace(() =>
      client.request({ method: 'tasks/cancel', params: { taskId: this.taskId } }, GetTaskPayloadResultSchema, {
        signal: AbortSignal.timeout(CANCEL_WAIT_MS),
        timeout: CANCEL_WAIT_MS + 1000,
      }),
    ).catch(() => undefined);
  }

  stop(): void {
    this.watch.close();
    this.payload?.catch(() => undefined);
  }

  private async getTask(): Promise<Task> {
    const { client, trace } = this.session;
    const answer = await trace(() =>
      client.request({ method: 'tasks/get', params: { taskId: this.taskId } }, GetTaskPayloadResultSchema, {
        signal: this.request.signal,
        timeout: this.request.timeout,
      }),
    ).catch((error: unknown) => {
      throw aborted(this.request.signal) ?? new Error(`asking for the status of task '${this.taskId}' failed: ${(error as Error).message}`);
    });
    const task = GetTaskResultSchema.safeParse(answer);
    if (!task.success) throw new Error(`its answer to tasks/get for task '${this.taskId}' is not a task (${firstProblem(task.error)})`);
    this.request.alive();
    return task.data;
  }

  private readPayload(): Promise<unknown> {
    const { client, trace } = this.session;
    const payload = trace(() =>
      client.request({ method: 'tasks/result', params: { taskId: this.taskId } }, GetTaskPayloadResultSchema, {
        signal: this.request.signal,
        timeout: this.request.timeout,
      }),
    ).catch((error: unknown) => {
      throw aborted(this.request.signal) ?? new Error(`reading the result of task '${this.taskId}' failed: ${(error as Error).message}`);
    });
    // Read later (or never, when the call ends first): a failure must not go unhandled meanwhile.
    payload.catch(() => undefined);
    return payload;
  }

  /** Why a failed task failed, from its result, when the server did not say so in its status. */
  private async failureDetail(): Promise<string> {
    try {
      const result = toolResultOf(await (this.payload ?? this.readPayload()));
      const text = result.content.flatMap((c) => (c.type === 'text' ? [c.text] : [])).join(' ');
      return text ? `: ${text}` : '';
    } catch (error) {
      return `: ${(error as Error).message}`;
    }
  }

  private report(task: Task): void {
    this.request.onprogress({
      progress: ++this.step,
      message: `task ${task.status}${task.statusMessage ? `: ${clip(task.statusMessage)}` : ''}`,
      taskStatus: task.status,
    });
  }
}

/** The status notifications of one session, handed to whoever follows the task they name. */
export class TaskStatusBoard {
  private readonly watches = new Map<string, TaskWatch>();

  listenTo(client: Client): void {
    client.setNotificationHandler(TaskStatusNotificationSchema, (notification) => {
      const task = GetTaskResultSchema.safeParse(notification.params);
      if (task.success) this.watches.get(task.data.taskId)?.notify(task.data);
    });
  }

  watch(taskId: string): TaskWatch {
    const watch = new TaskWatch(() => this.watches.delete(taskId));
    this.watches.set(taskId, watch);
    return watch;
  }
}

type NextEvent = { kind: 'notified'; task: Task } | { kind: 'poll' } | { kind: 'payload'; value: unknown };

/** Waits for the next reason to look at a task again: a status notification, the poll time, or its result. */
class TaskWatch {
  private latest: Task | undefined;
  private wake: (() => void) | undefined;

  constructor(readonly close: () => void) {}

  notify(task: Task): void {
    this.latest = task;
    this.wake?.();
  }

  next(waitMs: number, signal: AbortSignal, payload: Promise<unknown> | undefined): Promise<NextEvent> {
    return new Promise<NextEvent>((resolve, reject) => {
      const finish = (event: NextEvent | Error) => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        this.wake = undefined;
        if (event instanceof Error) reject(event);
        else resolve(event);
      };
      const onAbort = () => finish(aborted(signal)!);
      const takeNotified = () => {
        const task = this.latest;
        this.latest = undefined;
        if (task) finish({ kind: 'notified', task });
      };
      const timer = setTimeout(() => finish({ kind: 'poll' }), waitMs);
      this.wake = takeNotified;
      signal.addEventListener('abort', onAbort, { once: true });
      payload?.then(
        (value) => finish({ kind: 'payload', value }),
        (error: unknown) => finish(error instanceof Error ? error : new Error(String(error))),
      );
      if (signal.aborted) onAbort();
      else takeNotified();
    });
  }
}

/** The error an aborted call ends with, the same kind the SDK's own requests reject with. */
function aborted(signal: AbortSignal): Error | undefined {
  if (!signal.aborted) return undefined;
  return signal.reason instanceof McpError ? signal.reason : new McpError(ErrorCode.RequestTimeout, String(signal.reason));
}

function pollIntervalOf(task: Task, maxMs: number): number {
  const asked = typeof task.pollInterval === 'number' && Number.isFinite(task.pollInterval) ? task.pollInterval : TASK_POLLING.defaultMs;
  return Math.min(maxMs, Math.max(TASK_POLLING.minMs, asked));
}

function clip(text: string): string {
  return text.length > MAX_STATUS_MESSAGE_CHARS ? `${text.slice(0, MAX_STATUS_MESSAGE_CHARS)}…` : text;
}

function isTerminal(status: Task['status']): boolean {
  return status === 'completed' || status === 'failed' || status === 'cancelled';
}

function toolResultOf(value: unknown): CallToolResult {
  const result = CallToolResultSchema.safeParse(value);
  if (!result.success || !Array.isArray((value as { content?: unknown } | null)?.content))
    throw new Error(
      `the task's result is not a tool result (${result.success ? 'content: expected an array' : firstProblem(result.error)})`,
    );
  return result.data;
}

function firstProblem(error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] }): string {
  const issue = error.issues[0];
  if (!issue) return 'unreadable';
  return `${issue.path.length ? `${issue.path.map(String).join('.')}: ` : ''}${issue.message}`;
}
