// The debugger's state machine for one run: the one place that knows whether a run is preparing,
// running, paused or finished, and what pause, step, resume and cancel do. A caller may create it
// before the run (an editor does, while it checks the flow and connects MCP servers), so a control
// used at any moment of a run's life has the same meaning.
//
//   preparing --attach--> running <--pause at a node / leave pause--> paused
//        \                  \                                          /
//         `--------------------- finish (end or cancel) -----------> finished
//
// pause:  pause before the next node starts (in any state but paused and finished).
// step:   start at most the node the run is paused at, then pause before the next one; when the run
//         is not paused (preparing or running), that is the next node to start.
// resume: run freely; breakpoints still pause.
// cancel: end the run; before it starts it ends as soon as it would start.

export type RunState = 'preparing' | 'running' | 'paused' | 'finished';
export type PauseReason = 'pause' | 'step' | 'breakpoint';

/** What the control drives once the run's execution exists. */
export interface ControlledExecution {
  /** Leaves the pause the run is in and goes on scheduling nodes. */
  continueFromPause(): void;
  cancel(reason: string): void;
}

export class RunControl {
  private current: RunState = 'preparing';
  /** Node starts still allowed before the run pauses; undefined while it runs freely. */
  private allowance: number | undefined;
  private reason: 'pause' | 'step' = 'pause';
  private cancelled: string | undefined;
  private execution: ControlledExecution | undefined;
  private isClaimed = false;
  // Made on first subscription: a flow served as a tool runs thousands of times a second, unwatched.
  private listeners: Set<(state: RunState) => void> | undefined;

  /** `startPaused`: pause before the first node, as "Debug flow" does. */
  constructor(options: { startPaused?: boolean } = {}) {
    if (options.startPaused) this.allowance = 0;
  }

  get state(): RunState {
    return this.current;
  }

  /** Why the run was cancelled before it could start, if it was. */
  get cancelReason(): string | undefined {
    return this.cancelled;
  }

  /** Calls `listener` on every change of state; returns a function that stops it. */
  onDidChangeState(listener: (state: RunState) => void): () => void {
    const listeners = (this.listeners ??= new Set());
    listeners.add(listener);
    return () => listeners.delete(listener);
  }

  pause(): void {
    if (this.current === 'paused' || this.current === 'finished') return;
    this.allowance = 0;
    this.reason = 'pause';
  }

  step(): void {
    if (this.current === 'finished') return;
    this.allowance = this.current === 'paused' ? 1 : 0;
    this.reason = 'step';
    if (this.current === 'paused') this.execution?.continueFromPause();
  }

  resume(): void {
    if (this.current === 'finished') return;
    this.allowance = undefined;
    if (this.current === 'paused') this.execution?.continueFromPause();
  }

  cancel(reason = 'the run was cancelled'): void {
    if (this.current === 'finished') return;
    if (this.execution) this.execution.cancel(reason);
    else this.cancelled ??= reason;
  }

  // ---- used by the execution ----

  /** @internal Takes the control for a run; false when another run already has it (one control per run). */
  claim(): boolean {
    if (this.isClaimed) return false;
    this.isClaimed = true;
    return true;
  }

  /** @internal The execution exists and starts scheduling. */
  attach(execution: ControlledExecution): void {
    this.execution = execution;
    if (this.current === 'preparing') this.moveTo('running');
  }

  /** @internal Why the run must pause before the next node starts (breakpoints aside), if it must. */
  pauseBeforeNextNode(): Exclude<PauseReason, 'breakpoint'> | undefined {
    return this.allowance === 0 ? this.reason : undefined;
  }

  /** @internal A node started. */
  nodeStarted(): void {
    if (this.allowance !== undefined && this.allowance > 0) this.allowance--;
  }

  /** @internal The run paused before a node; a pause asked for is now served. */
  paused(): void {
    if (this.current === 'finished') return;
    this.moveTo('paused');
  }

  /** @internal The run left its pause. */
  continued(): void {
    if (this.current === 'paused') this.moveTo('running');
  }

  /** @internal The run ended (ok, error or cancelled). */
  finished(): void {
    this.moveTo('finished');
  }

  private moveTo(state: RunState): void {
    if (this.current === state) return;
    this.current = state;
    if (this.listeners) for (const listener of [...this.listeners]) listener(state);
  }
}
