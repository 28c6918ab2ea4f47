// Flow runs that wait on their caller under the 2026-07-28 protocol, which has no requests from
// server to client: a run that asks a question (or samples the caller's model) is parked here, the
// call answers `input_required` with the questions and an unguessable `requestState` naming the run,
// and the caller's next call carries the answers back. Each run belongs to the caller that started
// it; the store is bounded in count and an abandoned run is cancelled after `idleMs`.
import { randomBytes } from 'node:crypto';
import {
  inputRequired,
  inputResponse,
  type ClientCapabilities,
  type CreateMessageResult,
  type ElicitResult,
  type InputRequest,
  type InputRequiredResult,
  type Notification,
} from '@modelcontextprotocol/server';
import type { RunResult } from '../engine/executor/events';
import type { CallerChannel } from './caller-services';

export interface ParkedRunLimits {
  /** Runs waiting on callers at once, across callers. */
  maxRuns: number;
  /** Runs one caller may have waiting at once. */
  maxRunsPerCaller: number;
  /** A run whose caller has not come back for this long is cancelled. */
  idleMs: number;
}

export const DEFAULT_PARKED_RUN_LIMITS: ParkedRunLimits = { maxRuns: 200, maxRunsPerCaller: 20, idleMs: 10 * 60_000 };

/** What one call gets: the run's result, or the questions to answer before calling again. */
/** Sends a notification related to a call (progress, log messages). */
export type Notify = (notification: Notification) => Promise<void>;

export type RunStep<T> = { kind: 'done'; value: T } | { kind: 'input'; result: InputRequiredResult };

/** Refused requestState: unknown, expired, or another caller's. One message for all, so it tells nothing. */
export class UnknownRunStateError extends Error {
  constructor() {
    super('the requestState names no run waiting for this caller (it expired, finished, or was never issued); call the tool again');
  }
}

interface Pending {
  request: InputRequest;
  kind: 'elicit' | 'sample';
  resolve(value: ElicitResult | CreateMessageResult): void;
  reject(error: Error): void;
}

class ParkedRun<T> {
  readonly pending = new Map<string, Pending>();
  private nextKey = 1;
  private wake: (() => void) | undefined;
  settled: { value: T } | { error: unknown } | undefined;
  lastSeenAt = 0;
  readonly controller = new AbortController();
  /** Sends to the call now being served: a resumed run's progress goes to the call that resumed it. */
  notifyCurrent: Notify = async () => undefined;

  constructor(
    readonly owner: string,
    readonly capabilities: ClientCapabilities | undefined,
  ) {}

  channel(): CallerChannel {
    return {
      capabilities: () => this.capabilities,
      elicit: (params, signal) => {
        const { mode: _mode, ...rest } = params;
        const request =
          params.mode === 'url'
            ? inputRequired.elicitUrl({ message: params.message, url: params.url })
            : inputRequired.elicit(rest as Parameters<typeof inputRequired.elicit>[0]);
        return this.ask('elicit', request, signal) as Promise<ElicitResult>;
      },
      sample: (params, signal) => this.ask('sample', inputRequired.createMessage(params), signal) as Promise<CreateMessageResult>,
    };
  }

  private ask(kind: Pending['kind'], request: InputRequest, signal: AbortSignal | undefined): Promise<ElicitResult | CreateMessageResult> {
    const key = `${kind}-${this.nextKey++}`;
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        this.pending.delete(key);
        reject(signal?.reason instanceof Error ? signal.reason : new Error('the question was cancelled'));
      };
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      const done = () => signal?.removeEventListener('abort', onAbort);
      this.pending.set(key, {
        request,
        kind,
        resolve: (value) => (done(), resolve(value)),
        reject: (error) => (done(), reject(error)),
      });
      this.wake?.();
    });
  }

  follow(result: Promise<T>): void {
    result.then(
      (value) => (this.settled = { value }),
      (error: unknown) => (this.settled = { error }),
    );
    void result.finally(() => this.wake?.()).catch(() => undefined);
  }

  /** Settles when the run ended or waits on its caller, whichever comes first (or `signal` aborts). */
  async nextStop(signal: AbortSignal): Promise<void> {
    while (!this.settled && this.pending.size === 0) {
      if (signal.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('the call was cancelled');
      await new Promise<void>((resolve) => {
        const onAbort = () => resolve();
        signal.addEventListener('abort', onAbort, { once: true });
        this.wake = () => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        };
      });
      this.wake = undefined;
    }
  }

  /** Hands the caller's answers to the questions they answer; unknown keys are ignored. */
  answer(responses: Record<string, unknown> | undefined): void {
    for (const [key, pending] of [...this.pending]) {
      const view = inputResponse(responses, key);
      if (view.kind === 'missing') continue;
      this.pending.delete(key);
      if (pending.kind === 'elicit' && view.kind === 'elicit') {
        pending.resolve({ action: view.action, ...(view.content ? { content: view.content as ElicitResult['content'] } : {}) });
      } else if (pending.kind === 'sample' && view.kind === 'sampling') {
        pending.resolve(view.result as CreateMessageResult);
      } else {
        pending.reject(new Error(`the caller answered question '${key}' with a ${view.kind} response, which does not fit it`));
      }
    }
  }
}

export class ParkedRuns<T = RunResult> {
  private readonly runs = new Map<string, ParkedRun<T>>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    readonly limits: ParkedRunLimits = DEFAULT_PARKED_RUN_LIMITS,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.sweeper = setInterval(() => this.cancelIdle(), Math.max(250, Math.min(30_000, limits.idleMs / 4)));
    this.sweeper.unref();
  }

  get size(): number {
    return this.runs.size;
  }

  /**
   * Starts a run for `owner` and serves its first call. `begin` gets the channel to the caller and
   * the run's own signal (a call returning `input_required` must not end the run).
   */
  async start(
    owner: string,
    capabilities: ClientCapabilities | undefined,
    begin: (caller: CallerChannel, signal: AbortSignal, notify: Notify) => Promise<T>,
    call: { signal: AbortSignal; notify: Notify },
  ): Promise<RunStep<T>> {
    const run = new ParkedRun<T>(owner, capabilities);
    run.notifyCurrent = call.notify;
    run.follow(begin(run.channel(), run.controller.signal, (n) => run.notifyCurrent(n)));
    return this.serve(run, call.signal);
  }

  /** Serves a call that answers a parked run's questions. */
  async resume(
    owner: string,
    state: string,
    responses: Record<string, unknown> | undefined,
    call: { signal: AbortSignal; notify: Notify },
  ): Promise<RunStep<T>> {
    const entry = this.runs.get(state);
    if (!entry || entry.owner !== owner) throw new UnknownRunStateError();
    this.runs.delete(state);
    entry.lastSeenAt = this.now();
    entry.notifyCurrent = call.notify;
    entry.answer(responses);
    return this.serve(entry, call.signal);
  }

  private async serve(run: ParkedRun<T>, signal: AbortSignal): Promise<RunStep<T>> {
    try {
      await run.nextStop(signal);
    } catch (error) {
      // The caller went away mid-call: it cannot receive a requestState, so nothing can resume the run.
      run.controller.abort(error);
      throw error;
    }
    if (run.settled) {
      if ('error' in run.settled) throw run.settled.error;
      return { kind: 'done', value: run.settled.value };
    }
    const ownedByCaller = [...this.runs.values()].filter((r) => r.owner === run.owner).length;
    if (this.runs.size >= this.limits.maxRuns || ownedByCaller >= this.limits.maxRunsPerCaller) {
      run.controller.abort(new Error('too many runs waiting on their callers'));
      throw new Error(
        `too many flow runs are waiting for answers (at most ${this.limits.maxRunsPerCaller} per caller, ` +
          `${this.limits.maxRuns} in all); answer or abandon one first`,
      );
    }
    // A fresh state each round: an answered round's state cannot be replayed.
    const next = randomBytes(24).toString('base64url');
    run.lastSeenAt = this.now();
    this.runs.set(next, run);
    const inputRequests = Object.fromEntries([...run.pending].map(([key, pending]) => [key, pending.request]));
    return { kind: 'input', result: inputRequired({ inputRequests, requestState: next }) };
  }

  /** Cancels runs whose caller has not come back within the idle limit; returns how many. */
  cancelIdle(): number {
    const cutoff = this.now() - this.limits.idleMs;
    let cancelled = 0;
    for (const [state, run] of this.runs) {
      if (run.lastSeenAt > cutoff) continue;
      this.runs.delete(state);
      run.controller.abort(new Error('the caller did not answer in time'));
      cancelled++;
    }
    return cancelled;
  }

  close(): void {
    clearInterval(this.sweeper);
    for (const run of this.runs.values()) run.controller.abort(new Error('the server is shutting down'));
    this.runs.clear();
  }
}
