// The scheduler of one run. Every node whose inputs have all settled starts at once (up to the
// concurrency limit); values travel along edges; a node none of whose inputs is active is skipped.
// Synchronous components complete inside the scheduling loop, so a long chain costs no promise
// per node and never grows the stack.
import { performance } from 'node:perf_hooks';
import { FLOW_OUTPUT_KEY, type ComponentContext, type ComponentOutputs, type NodeProgress } from '../components/define-component';
import type { ComponentRegistry } from '../components/registry';
import type { FileAccess } from '../files/file-access';
import type { FlowLoader } from '../flow/loader';
import type { McpAccess, McpMessage } from '../mcp/access';
import { respondingTo } from '../mcp/call-responder';
import type { AiRunServices } from '../llm/run-services';
import type { NodeCounts, NodeDetail, RunError, RunEvent, RunResult, RunStatus } from './events';
import type { Plan, PlanNode } from './plan';
import type { RunCache } from './run-cache';
import type { ControlledExecution, PauseReason, RunControl } from './run-control';
import { abortableDelay } from '../time/abortable-delay';
import { setOwn } from '../objects/own-property';

const enum NodeState {
  Waiting,
  Ready,
  Running,
  Done,
  Skipped,
  Failed,
}

export interface ExecutionOptions {
  runId: string;
  flowName: string;
  plan: Plan;
  inputs: Record<string, unknown>;
  registry: ComponentRegistry;
  env: NodeJS.ProcessEnv;
  loader: FlowLoader;
  file?: string;
  baseDir: string;
  concurrency: number;
  breakpoints: ReadonlySet<string>;
  /** The debugger's state machine: pause, step, resume and cancel reach the run through it. */
  control: RunControl;
  cache?: RunCache;
  nodeTimeoutMs?: number;
  retries: number;
  retryDelayMs: number;
  /** Absolute flow files of the enclosing flow.run calls, to stop sub-flows calling each other forever. */
  callStack: readonly string[];
  mcp?: McpAccess;
  /** Host models, tool approval and the chat session, for model-using components. */
  ai: AiRunServices;
  /**
   * The caller's signal. runFlow listens on it only for runs still going after their synchronous
   * start; the scheduler checks it between nodes, so an abort during that start (from an event
   * listener, say) still cancels the run.
   */
  callerSignal?: AbortSignal;
  /** Where events go and sub-flows run: the run handle, one object rather than a closure per hook per run. */
  host: ExecutionHost;
}

export interface ExecutionHost {
  emit(event: RunEvent): void;
  /** False when nobody listens: per-node events are then not even built (a flow served as a tool). */
  wantsEvents(): boolean;
  runSubflow(request: SubflowRequest): Promise<Record<string, unknown>>;
  /** The run's file access policy, made on first use. */
  readonly files: FileAccess;
  /** The node's params with `{{secret:}}`/`{{env:}}` resolved, bound to where they go and registered for redaction. */
  resolveParams(node: PlanNode): Promise<unknown>;
}

export interface SubflowRequest {
  file: string;
  inputs: Record<string, unknown>;
  signal: AbortSignal;
  callStack: readonly string[];
  onToken: (token: string) => void;
}

type Thenable<T> = { then: (onFulfilled: (value: T) => void, onRejected: (reason: unknown) => void) => unknown };

function isThenable<T>(value: unknown): value is Thenable<T> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

export class Execution implements ControlledExecution {
  readonly result: Promise<RunResult>;
  private resolveResult!: (result: RunResult) => void;
  // Created on first use of `signal`: an AbortController cost about 1 µs per run (profiled on the greet
  // flow served as an MCP tool), and synchronous components such as templates never look at it.
  private controller: AbortController | undefined;
  /** Set when the run ends other than ok; a signal asked for afterwards starts out aborted with it. */
  private abortReason: Error | undefined;
  private readonly nodes: PlanNode[];
  private readonly state: Uint8Array;
  private readonly pending: Int32Array;
  private readonly edgeActive: Uint8Array;
  private readonly edgeValue: unknown[];
  private readonly preparedInputs: (Record<string, unknown> | undefined)[];
  // Made on first use, as passedBreakpoints: only debugging sessions need them, not the thousands of runs of a served tool.
  private inputOverrides: Map<number, Record<string, unknown>> | undefined;
  private readonly startedAt: Float64Array;
  private readonly ready: number[] = [];
  private readyHead = 0;
  private running = 0;
  private isPumping = false;
  private isFinished = false;
  private readonly counts: NodeCounts = { run: 0, skipped: 0, cached: 0 };
  private readonly outputs: Record<string, unknown> = {};
  private readonly startTime = performance.now();
  private readonly runId: string;
  /** The node the run is paused before; what the debugger asked for lives in options.control. */
  private pausedAt: number | undefined;
  private passedBreakpoints: Set<number> | undefined;

  constructor(private readonly options: ExecutionOptions) {
    this.result = new Promise((resolve) => (this.resolveResult = resolve));
    this.runId = options.runId;
    const { nodes, edges } = options.plan;
    this.nodes = nodes;
    this.state = new Uint8Array(nodes.length);
    this.pending = new Int32Array(nodes.length);
    this.edgeActive = new Uint8Array(edges.length);
    this.edgeValue = new Array<unknown>(edges.length);
    this.preparedInputs = new Array(nodes.length);
    this.startedAt = new Float64Array(nodes.length);
    for (const node of nodes) this.pending[node.index] = node.inEdges.length;
  }

  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.abortReason) this.controller.abort(this.abortReason);
    }
    return this.controller.signal;
  }

  get isDone(): boolean {
    return this.isFinished;
  }

  start(): void {
    this.options.control.attach(this);
    if (this.options.host.wantsEvents())
      this.emit({ runId: this.runId, t: performance.now(), type: 'run.start', flow: this.options.flowName, nodeCount: this.nodes.length });
    for (const node of this.nodes) {
      if (node.inEdges.length === 0) this.markReady(node.index);
    }
    this.pump();
  }

  /** Ends a run that cannot start (bad flow, missing inputs, already cancelled) with the usual events. */
  endBeforeStart(status: Exclude<RunStatus, 'ok'>, error: RunError): void {
    this.emit({ runId: this.runId, t: performance.now(), type: 'run.start', flow: this.options.flowName, nodeCount: this.nodes.length });
    this.finish(status, error);
  }

  // ---- debugging (the controls themselves are the RunControl's) ----

  private get isPaused(): boolean {
    return this.pausedAt !== undefined;
  }

  /** @internal Called by the RunControl on step or resume while paused. */
  continueFromPause(): void {
    if (this.isFinished) return;
    this.leavePause();
  }

  /** Replaces input values of a node that has not started yet (typically the one paused at). */
  editInputs(nodeId: string, inputs: Record<string, unknown>): void {
    const node = this.nodes.find((n) => n.id === nodeId);
    if (!node) throw new Error(`there is no node '${nodeId}' in this run`);
    const state = this.state[node.index];
    if (state !== NodeState.Waiting && state !== NodeState.Ready) {
      throw new Error(
        `node '${nodeId}' has already ${state === NodeState.Skipped ? 'been skipped' : 'started'}; its inputs can no longer change`,
      );
    }
    const overrides = (this.inputOverrides ??= new Map());
    overrides.set(node.index, { ...overrides.get(node.index), ...inputs });
    const prepared = this.preparedInputs[node.index];
    if (prepared) Object.assign(prepared, inputs);
  }

  cancel(reason = 'the run was cancelled'): void {
    this.finish('cancelled', { message: reason });
  }

  // ---- scheduling ----

  private markReady(index: number): void {
    this.state[index] = NodeState.Ready;
    this.ready.push(index);
  }

  private pump(): void {
    if (this.isPumping || this.isFinished) return;
    this.isPumping = true;
    try {
      while (this.readyHead < this.ready.length && !this.isFinished && !this.isPaused) {
        if (this.options.callerSignal?.aborted) {
          this.cancel(cancelReasonOf(this.options.callerSignal));
          return;
        }
        const index = this.ready[this.readyHead]!;
        const inputs = this.preparedInputs[index] ?? (this.preparedInputs[index] = this.gatherInputs(index));
        const skipReason = this.skipReason(index, inputs);
        if (skipReason !== undefined) {
          this.readyHead++;
          this.skip(index, skipReason);
          continue;
        }
        if (this.running >= this.options.concurrency) break;
        const pauseReason = this.pauseReasonBefore(index);
        if (pauseReason) {
          this.enterPause(index, inputs, pauseReason);
          break;
        }
        this.readyHead++;
        this.options.control.nodeStarted();
        this.startNode(index, inputs);
      }
    } finally {
      this.isPumping = false;
    }
    if (!this.isFinished && this.running === 0 && this.readyHead === this.ready.length && !this.isPaused) {
      if (this.options.callerSignal?.aborted) this.cancel(cancelReasonOf(this.options.callerSignal));
      else this.finish('ok');
    }
  }

  private gatherInputs(index: number): Record<string, unknown> {
    const node = this.nodes[index]!;
    const inputs: Record<string, unknown> = {};
    const edges = this.options.plan.edges;
    for (const e of node.inEdges) {
      if (this.edgeActive[e] !== 1) continue;
      const port = edges[e]!.targetPort;
      const value = this.edgeValue[e];
      if (node.manyPorts.size > 0 && node.manyPorts.has(port)) {
        const list = inputs[port];
        if (Array.isArray(list)) list.push(value);
        else inputs[port] = [value];
      } else if (!(port in inputs)) {
        inputs[port] = value;
      }
    }
    const override = this.inputOverrides?.get(index);
    return override ? Object.assign(inputs, override) : inputs;
  }

  private skipReason(index: number, inputs: Record<string, unknown>): string | undefined {
    const node = this.nodes[index]!;
    if (node.inEdges.length === 0) return undefined;
    let hasActive = false;
    for (const e of node.inEdges) {
      if (this.edgeActive[e] === 1) {
        hasActive = true;
        break;
      }
    }
    if (!hasActive && !this.inputOverrides?.has(index)) return 'no active input (it is on an untaken branch)';
    for (const port of node.requiredConnected) {
      if (!(port in inputs)) return `required input '${port}' is on an untaken branch`;
    }
    return undefined;
  }

  private pauseReasonBefore(index: number): PauseReason | undefined {
    const asked = this.options.control.pauseBeforeNextNode();
    if (asked) return asked;
    return this.options.breakpoints.has(this.nodes[index]!.id) && !this.passedBreakpoints?.has(index) ? 'breakpoint' : undefined;
  }

  private enterPause(index: number, inputs: Record<string, unknown>, reason: PauseReason): void {
    this.pausedAt = index;
    this.options.control.paused();
    this.emit({
      runId: this.runId,
      t: performance.now(),
      type: 'run.paused',
      nodeId: this.nodes[index]!.id,
      inputs: { ...inputs },
      reason,
    });
  }

  private leavePause(): void {
    if (!this.isPaused) {
      this.pump();
      return;
    }
    (this.passedBreakpoints ??= new Set()).add(this.pausedAt!);
    this.pausedAt = undefined;
    this.options.control.continued();
    this.emit({ runId: this.runId, t: performance.now(), type: 'run.resumed' });
    this.pump();
  }

  private skip(index: number, reason: string): void {
    const node = this.nodes[index]!;
    this.state[index] = NodeState.Skipped;
    this.counts.skipped++;
    if (this.options.host.wantsEvents()) this.emit({ runId: this.runId, t: performance.now(), type: 'node.skip', nodeId: node.id, reason });
    for (const e of node.outEdges) this.settleEdge(e, false, undefined);
  }

  private settleEdge(e: number, isActive: boolean, value: unknown): void {
    const edge = this.options.plan.edges[e]!;
    if (isActive) {
      this.edgeActive[e] = 1;
      this.edgeValue[e] = edge.convert ? edge.convert(value) : value;
    }
    if (--this.pending[edge.target]! === 0) this.markReady(edge.target);
  }

  // ---- running one node ----

  private startNode(index: number, inputs: Record<string, unknown>): void {
    const node = this.nodes[index]!;
    this.state[index] = NodeState.Running;
    this.running++;
    this.counts.run++;
    this.startedAt[index] = performance.now();
    const needsSlowPath =
      node.hasReferences ||
      this.options.cache !== undefined ||
      (node.settings.timeoutMs ?? this.options.nodeTimeoutMs) !== undefined ||
      (node.settings.retries ?? this.options.retries) > 0;
    if (needsSlowPath) {
      this.runSlow(node, inputs).then(
        ({ outputs, cached }) => this.complete(index, outputs, cached),
        (error: unknown) => this.fail(index, error, 1),
      );
      return;
    }
    if (this.options.host.wantsEvents())
      this.emit({ runId: this.runId, t: performance.now(), type: 'node.start', nodeId: node.id, inputs, attempt: 1 });
    let result: ComponentOutputs | Promise<ComponentOutputs>;
    try {
      result = node.component.run(this.contextFor(node, node.params, inputs, undefined));
    } catch (error) {
      this.fail(index, error, 1);
      return;
    }
    if (isThenable<ComponentOutputs>(result)) {
      result.then(
        (outputs) => this.complete(index, outputs, false),
        (error: unknown) => this.fail(index, error, 1),
      );
    } else {
      this.complete(index, result, false);
    }
  }

  /** Params with references, the cache, timeouts and retries: the general path, always async. */
  private async runSlow(node: PlanNode, inputs: Record<string, unknown>): Promise<{ outputs: ComponentOutputs; cached: boolean }> {
    const cache = this.options.cache;
    const cacheKey =
      cache && node.component.cacheable && node.settings.cache !== false
        ? cache.keyFor(node.node.type, node.node.params, inputs)
        : undefined;
    const hit = cacheKey !== undefined ? cache?.get(cacheKey) : undefined;
    if (hit) {
      this.emit({ runId: this.runId, t: performance.now(), type: 'node.start', nodeId: node.id, inputs, attempt: 1 });
      return { outputs: hit, cached: true };
    }

    let params = node.params;
    if (node.hasReferences) {
      const resolved = await this.options.host.resolveParams(node);
      const parsed = node.component.parseParams(resolved);
      if (!parsed.ok) throw new Error(`params after resolving references are invalid: ${parsed.issues.map((i) => i.message).join('; ')}`);
      params = parsed.params;
    }
    const retries = node.settings.retries ?? this.options.retries;
    const retryDelayMs = node.settings.retryDelayMs ?? this.options.retryDelayMs;
    const timeoutMs = node.settings.timeoutMs ?? this.options.nodeTimeoutMs;
    for (let attempt = 1; ; attempt++) {
      this.emit({ runId: this.runId, t: performance.now(), type: 'node.start', nodeId: node.id, inputs, attempt });
      try {
        const outputs = await this.runWithTimeout(node, params, inputs, timeoutMs);
        if (cacheKey !== undefined) cache?.set(cacheKey, outputs);
        return { outputs, cached: false };
      } catch (error) {
        if (attempt > retries || this.isFinished) throw error;
        this.emit({
          runId: this.runId,
          t: performance.now(),
          type: 'node.error',
          nodeId: node.id,
          message: messageOf(error),
          attempt,
          willRetry: true,
          handled: false,
        });
        if (retryDelayMs > 0) await abortableDelay(retryDelayMs, this.signal);
      }
    }
  }

  private async runWithTimeout(
    node: PlanNode,
    params: unknown,
    inputs: Record<string, unknown>,
    timeoutMs: number | undefined,
  ): Promise<ComponentOutputs> {
    if (timeoutMs === undefined) return node.component.run(this.contextFor(node, params, inputs, undefined));
    const runSignal = this.signal;
    const nodeController = new AbortController();
    const onRunAbort = () => nodeController.abort(runSignal.reason);
    runSignal.addEventListener('abort', onRunAbort, { once: true });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const error = new Error(`timed out after ${timeoutMs} ms`);
        nodeController.abort(error);
        reject(error);
      }, timeoutMs);
    });
    try {
      return await Promise.race([
        Promise.resolve(node.component.run(this.contextFor(node, params, inputs, nodeController.signal))),
        timeout,
      ]);
    } finally {
      clearTimeout(timer);
      runSignal.removeEventListener('abort', onRunAbort);
    }
  }

  /** `signal` is a node's own (with a timeout); without one the context hands out the run's, created on demand. */
  private contextFor(
    node: PlanNode,
    params: unknown,
    inputs: Record<string, unknown>,
    signal: AbortSignal | undefined,
  ): ComponentContext<unknown> {
    return new NodeContext(this, node, params, inputs, signal);
  }

  /** @internal Streams a token for a node, unless the run is over. */
  emitToken(nodeId: string, token: string): void {
    if (!this.isFinished) this.emit({ runId: this.runId, t: performance.now(), type: 'node.token', nodeId, token });
  }

  /** @internal */
  emitProgress(nodeId: string, progress: NodeProgress): void {
    if (!this.isFinished) this.emit({ runId: this.runId, t: performance.now(), type: 'node.progress', nodeId, ...progress });
  }

  /** @internal */
  emitDetail(nodeId: string, detail: NodeDetail): void {
    if (!this.isFinished) this.emit({ runId: this.runId, t: performance.now(), nodeId, ...detail });
  }

  /** @internal */
  get executionOptions(): ExecutionOptions {
    return this.options;
  }

  private complete(index: number, outputs: ComponentOutputs, cached: boolean): void {
    if (this.isFinished) return;
    const node = this.nodes[index]!;
    this.state[index] = NodeState.Done;
    this.running--;
    if (cached) this.counts.cached++;
    if (node.flowOutputName !== undefined) setOwn(this.outputs, node.flowOutputName, outputs[FLOW_OUTPUT_KEY]);
    if (this.options.host.wantsEvents()) {
      const now = performance.now();
      this.emit({
        runId: this.runId,
        t: now,
        type: 'node.output',
        nodeId: node.id,
        outputs,
        durationMs: now - this.startedAt[index]!,
        cached,
      });
    }
    for (const e of node.outEdges) {
      const port = this.options.plan.edges[e]!.sourcePort;
      const isActive = port in outputs;
      this.settleEdge(e, isActive, isActive ? outputs[port] : undefined);
    }
    this.pump();
  }

  private fail(index: number, error: unknown, attempt: number): void {
    if (this.isFinished) return;
    const node = this.nodes[index]!;
    const message = messageOf(error);
    const errorOutput = node.component.errorOutput;
    if (node.routesErrors && errorOutput !== undefined) {
      this.emit({
        runId: this.runId,
        t: performance.now(),
        type: 'node.error',
        nodeId: node.id,
        message,
        attempt,
        willRetry: false,
        handled: true,
      });
      this.complete(index, { [errorOutput]: message }, false);
      return;
    }
    this.state[index] = NodeState.Failed;
    this.running--;
    this.emit({
      runId: this.runId,
      t: performance.now(),
      type: 'node.error',
      nodeId: node.id,
      message,
      attempt,
      willRetry: false,
      handled: false,
    });
    this.finish('error', { nodeId: node.id, message });
  }

  private finish(status: RunStatus, error?: RunError): void {
    if (this.isFinished) return;
    this.isFinished = true;
    this.options.control.finished();
    if (status !== 'ok') {
      this.abortReason = new Error(error?.message ?? status);
      this.controller?.abort(this.abortReason);
    }
    const now = performance.now();
    const durationMs = now - this.startTime;
    const result: RunResult = { runId: this.options.runId, status, outputs: this.outputs, durationMs, nodes: { ...this.counts } };
    if (error) result.error = error;
    this.options.host.emit({
      type: 'run.end',
      runId: this.options.runId,
      t: now,
      status,
      outputs: this.outputs,
      durationMs,
      nodes: result.nodes,
      ...(error ? { error } : {}),
    });
    this.resolveResult(result);
  }

  private emit(event: RunEvent): void {
    this.options.host.emit(event);
  }
}

/** The message of a run cancelled through the caller's AbortSignal. */
export function cancelReasonOf(signal: AbortSignal | undefined): string {
  return signal?.reason instanceof Error ? signal.reason.message : 'the run was cancelled';
}

export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return typeof error === 'string' ? error : JSON.stringify(error);
}

/**
 * What a component's run() receives. A class with getters rather than an object of closures: most
 * components never call emit or runFlow, and a long chain should not allocate them per node.
 */
class NodeContext implements ComponentContext<unknown> {
  constructor(
    private readonly execution: Execution,
    private readonly node: PlanNode,
    readonly params: unknown,
    readonly inputs: Record<string, unknown>,
    private readonly nodeSignal: AbortSignal | undefined,
  ) {}

  get signal(): AbortSignal {
    return this.nodeSignal ?? this.execution.signal;
  }

  get nodeId(): string {
    return this.node.id;
  }

  get flowInput(): unknown {
    const name = this.node.flowInputName;
    return name === undefined ? undefined : this.execution.executionOptions.inputs[name];
  }

  get baseDir(): string {
    return this.execution.executionOptions.baseDir;
  }

  get mcp(): McpAccess | undefined {
    const { mcp, ai, file } = this.execution.executionOptions;
    if (!mcp || (!ai.humanInput && !ai.mcpSampling)) return mcp;
    // A server's questions during this node's calls go to this run's person and model.
    return respondingTo(mcp, { nodeId: this.node.id, flowFile: file, humanInput: ai.humanInput, sampling: ai.mcpSampling });
  }

  get files(): FileAccess {
    return this.execution.executionOptions.host.files;
  }

  get emit(): (token: string) => void {
    return (token) => this.execution.emitToken(this.node.id, token);
  }

  get emitProgress(): (progress: NodeProgress) => void {
    return (progress) => this.execution.emitProgress(this.node.id, progress);
  }

  get emitDetail(): (detail: NodeDetail) => void {
    return (detail) => this.execution.emitDetail(this.node.id, detail);
  }

  get emitMcpMessage(): ((message: McpMessage) => void) | undefined {
    if (!this.execution.executionOptions.host.wantsEvents()) return undefined;
    return (message) => this.execution.emitDetail(this.node.id, { type: 'node.mcp-message', ...message });
  }

  get ai(): AiRunServices {
    return this.execution.executionOptions.ai;
  }

  get runFlow(): (file: string, inputs: Record<string, unknown>) => Promise<Record<string, unknown>> {
    const options = this.execution.executionOptions;
    return (file, inputs) =>
      options.host.runSubflow({
        file,
        inputs,
        signal: this.signal,
        callStack: options.callStack,
        onToken: (token) => this.execution.emitToken(this.node.id, token),
      });
  }
}
