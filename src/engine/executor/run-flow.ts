// runFlow: the engine's entry point for running a flow. Returns a handle that is an async iterable
// of RunEvents, with the final result and the debugging controls.
import { randomBytes, randomUUID } from 'node:crypto';
import * as path from 'node:path';
import { createCoreRegistry } from '../components/core';
import type { ComponentRegistry } from '../components/registry';
import { defaultFlowLoader, type FlowLoader } from '../flow/loader';
import type { FlowInterface } from '../flow/interface';
import type { Flow } from '../flow/schema';
import { sourceOf } from '../flow/source';
import { EnvSecretStore, type SecretStore } from '../secrets/secret-store';
import { EventStream } from './event-stream';
import type { RunError, RunEvent, RunResult } from './events';
import { cancelReasonOf, Execution, messageOf, type ExecutionHost, type SubflowRequest } from './execution';
import { PlanError, type Plan } from './plan';
import { RunControl, type RunState } from './run-control';
import { cachedInterface, cachedPlan, cachedServersUsedBy } from './plan-cache';
import type { McpAccess } from '../mcp/access';
import type { RunCache } from './run-cache';
import { ChatTurn, defaultChatSessions, type ChatSessionStore } from '../llm/chat-session-store';
import { noAiServices, type ApprovalPrompt, type ModelProvider } from '../llm/run-services';

export interface RunOptions {
  /** Flow input values by input name. */
  inputs?: Record<string, unknown>;
  signal?: AbortSignal;
  registry?: ComponentRegistry;
  secrets?: SecretStore;
  env?: NodeJS.ProcessEnv;
  /** Absolute path of the flow file (defaults to the one parseFlow recorded); relative paths resolve from its folder. */
  file?: string;
  loader?: FlowLoader;
  /** Node ids to pause before. */
  breakpoints?: Iterable<string>;
  /** Start paused before the first node, as "Debug flow" does (with `control`, the control's own option counts). */
  startPaused?: boolean;
  /**
   * The run's debugger, when the caller made it before the run: pause, step, resume and cancel
   * used on it while the caller still prepares the run then count as they would later.
   */
  control?: RunControl;
  onEvent?: (event: RunEvent) => void;
  /** Most nodes running at once; unlimited by default. */
  concurrency?: number;
  /** Reuse node outputs across runs with the same params and inputs. */
  cache?: RunCache;
  /** Run only this node and the nodes it depends on. */
  stopAt?: string;
  /** Default per-node timeout; a node's own `run.timeoutMs` wins. */
  nodeTimeoutMs?: number;
  /** Default number of retries after a node fails; a node's own `run.retries` wins. */
  retries?: number;
  retryDelayMs?: number;
  /** Keep every event for readers that start iterating late (default true). Turn off when only onEvent is used. */
  recordEvents?: boolean;
  /** MCP servers for mcp.* nodes (an McpConnectionPool, usually shared across runs). */
  mcp?: McpAccess;
  /** Models only the host has, such as the editor's own (`vscode.lm`) as provider 'vscode'. */
  modelProviders?: readonly ModelProvider[];
  /** Asked before an agent calls a tool marked destructive; without it such calls are refused. */
  approval?: ApprovalPrompt;
  /** Chat session this run is a turn of: input.chat offers its history, output.chat records the turn. */
  chatSessionId?: string;
  /** Where chat sessions live (defaults to one store per process). */
  chatSessions?: ChatSessionStore;
  /** @internal Flow files of the enclosing flow.run calls. */
  callStack?: readonly string[];
}

export interface RunHandle extends AsyncIterable<RunEvent> {
  readonly runId: string;
  readonly result: Promise<RunResult>;
  /** preparing (MCP servers connecting), running, paused or finished. */
  readonly state: RunState;
  pause(): void;
  /** Starts at most the node the run is paused at, then pauses before the next (before the first when not yet paused). */
  step(): void;
  resume(): void;
  cancel(reason?: string): void;
  /** Changes inputs of a node that has not started yet, typically the one the run is paused at. */
  editInputs(nodeId: string, inputs: Record<string, unknown>): void;
}

let sharedCoreRegistry: ComponentRegistry | undefined;
const noBreakpoints: ReadonlySet<string> = new Set();

// Run ids: unique strings shaped like a UUID, but a counter (starting at a random value, in front,
// so the short id the output channel shows differs run to run) plus random bits fixed per process.
// randomUUID per run was measurable in the ~20 µs fixed cost of a flow served as an MCP tool, and
// nothing needs run ids to be unguessable: they name runs in events, never authorize anything.
const runIdSuffix = randomUUID().slice(8);
let runIdCounter = randomBytes(4).readUInt32BE(0);

function nextRunId(): string {
  runIdCounter = (runIdCounter + 1) >>> 0;
  return runIdCounter.toString(16).padStart(8, '0') + runIdSuffix;
}

export function runFlow(flow: Flow, options: RunOptions = {}): RunHandle {
  return new FlowRun(flow, options);
}

/** Absolute flow file and its folder, remembered per Flow: path.resolve showed in profiles of short runs. */
const pathsByFlow = new WeakMap<Flow, { file: string; absoluteFile: string; baseDir: string }>();

function pathsOf(flow: Flow, file: string | undefined): { absoluteFile: string | undefined; baseDir: string } {
  if (!file) return { absoluteFile: undefined, baseDir: process.cwd() };
  // A relative path depends on the working directory, which may change between runs.
  if (!path.isAbsolute(file)) return { absoluteFile: path.resolve(file), baseDir: path.dirname(path.resolve(file)) };
  const known = pathsByFlow.get(flow);
  if (known?.file === file) return known;
  const absoluteFile = path.resolve(file);
  const paths = { file, absoluteFile, baseDir: path.dirname(absoluteFile) };
  pathsByFlow.set(flow, paths);
  return paths;
}

/**
 * One run behind its handle. A class rather than an object of closures: a flow served as a tool is
 * run thousands of times a second, and each closure, promise and listener was a measurable share of
 * a three-node run. It is also the execution's host: events, the event stream and sub-flows.
 */
class FlowRun implements RunHandle, ExecutionHost {
  readonly runId = nextRunId();
  readonly result: Promise<RunResult>;
  private readonly registry: ComponentRegistry;
  private readonly onEvent: ((event: RunEvent) => void) | undefined;
  /** Without recordEvents, made only when someone iterates the handle. */
  private stream: EventStream<RunEvent> | undefined;
  private hasEnded = false;
  private readonly absoluteFile: string | undefined;
  private readonly baseDir: string;
  private readonly loader: FlowLoader;
  private execution: Execution | undefined;
  private readonly control: RunControl;
  /** Set when the caller's control already drives another run; this one then ends at once with an error. */
  private readonly isControlTaken: boolean;
  private resolveResult: ((result: RunResult) => void) | undefined;

  constructor(
    private readonly flow: Flow,
    private readonly options: RunOptions,
  ) {
    this.registry = options.registry ?? (sharedCoreRegistry ??= createCoreRegistry());
    if (options.recordEvents ?? true) this.stream = new EventStream<RunEvent>(true);
    this.onEvent = options.onEvent;
    const paths = pathsOf(flow, options.file ?? sourceOf(flow)?.file);
    this.absoluteFile = paths.absoluteFile;
    this.baseDir = paths.baseDir;
    this.loader = options.loader ?? defaultFlowLoader;
    const given = options.control;
    this.isControlTaken = given !== undefined && !given.claim();
    this.control = given && !this.isControlTaken ? given : new RunControl({ startPaused: options.startPaused === true });

    const servers = options.mcp ? cachedServersUsedBy(flow) : [];
    if (options.mcp && servers.length > 0) {
      // Ports of MCP nodes come from the servers' tool lists, so those must be known before compiling.
      this.result = new Promise<RunResult>((resolve) => (this.resolveResult = resolve));
      const launch = () => this.launch();
      options.mcp.prepare([...servers], options.signal).then(launch, launch);
    } else {
      this.result = this.launch().result;
    }
  }

  private launch(): Execution {
    const { flow, options, registry } = this;
    const inputs = options.inputs ?? {};
    let plan: Plan = { nodes: [], edges: [] };
    let setupError: RunError | undefined;
    try {
      plan = cachedPlan(flow, { registry, file: this.absoluteFile, loader: this.loader, stopAt: options.stopAt, mcp: options.mcp });
      setupError = this.isControlTaken
        ? { message: 'the RunControl given already drives another run; create one RunControl per run' }
        : checkInputs(cachedInterface(flow, registry), inputs);
    } catch (error) {
      setupError = error instanceof PlanError ? error.runError : { message: messageOf(error) };
    }
    const hasAi = options.modelProviders !== undefined || options.approval !== undefined || options.chatSessionId !== undefined;
    const started = new Execution({
      runId: this.runId,
      flowName: flow.name,
      plan,
      inputs: setupError ? inputs : withDefaults(cachedInterface(flow, registry), inputs),
      registry,
      secrets: options.secrets ?? new EnvSecretStore(options.env ?? process.env),
      env: options.env ?? process.env,
      loader: this.loader,
      file: this.absoluteFile,
      baseDir: this.baseDir,
      concurrency: options.concurrency && options.concurrency > 0 ? options.concurrency : Number.POSITIVE_INFINITY,
      breakpoints: options.breakpoints ? new Set(options.breakpoints) : noBreakpoints,
      control: this.control,
      cache: options.cache,
      nodeTimeoutMs: options.nodeTimeoutMs,
      retries: options.retries ?? 0,
      retryDelayMs: options.retryDelayMs ?? 0,
      callStack: options.callStack ?? (this.absoluteFile ? [this.absoluteFile] : []),
      mcp: options.mcp,
      ai: hasAi
        ? {
            modelProviders: options.modelProviders ?? [],
            approval: options.approval,
            chat: options.chatSessionId === undefined ? undefined : new ChatTurn(options.chatSessions ?? defaultChatSessions, options.chatSessionId),
          }
        : noAiServices,
      callerSignal: options.signal,
      host: this,
    });
    this.execution = started;
    const resolveResult = this.resolveResult;
    if (resolveResult) void started.result.then(resolveResult);
    const signal = options.signal;
    // Stopped before it started: cancelled, whatever else would have kept it from starting.
    if (signal?.aborted || this.control.cancelReason !== undefined) {
      started.endBeforeStart('cancelled', { message: this.control.cancelReason ?? cancelReasonOf(signal) });
    } else if (setupError) {
      started.endBeforeStart('error', setupError);
    } else {
      started.start();
      // A run of synchronous components is over by now and cannot be cancelled any more; listening
      // on the caller's signal only for runs still going saves an add/remove pair per short run.
      if (signal?.aborted && !started.isDone) {
        started.cancel(cancelReasonOf(signal));
      } else if (signal && !started.isDone) {
        const onAbort = () => started.cancel(cancelReasonOf(signal));
        signal.addEventListener('abort', onAbort, { once: true });
        void started.result.then(() => signal.removeEventListener('abort', onAbort));
      }
    }
    return started;
  }

  // ---- ExecutionHost ----

  emit(event: RunEvent): void {
    if (this.onEvent) this.onEvent(event);
    if (event.type === 'run.end') this.hasEnded = true;
    const stream = this.stream;
    if (stream) {
      stream.push(event);
      if (event.type === 'run.end') stream.close();
    }
  }

  wantsEvents(): boolean {
    return this.onEvent !== undefined || (this.stream?.isWanted ?? false);
  }

  async runSubflow(request: SubflowRequest): Promise<Record<string, unknown>> {
    const { options, baseDir } = this;
    const childFile = path.resolve(baseDir, request.file);
    if (request.callStack.includes(childFile)) {
      const chain = [...request.callStack, childFile].map((f) => path.basename(f)).join(' → ');
      throw new Error(`sub-flows call each other in a loop: ${chain}`);
    }
    const loaded = this.loader.load(childFile, baseDir);
    const child = runFlow(loaded.flow, {
      ...options,
      inputs: request.inputs,
      signal: request.signal,
      file: loaded.file,
      breakpoints: [],
      startPaused: false,
      control: undefined,
      stopAt: undefined,
      recordEvents: false,
      callStack: [...request.callStack, childFile],
      // A sub-flow (or a flow used as an agent tool) is not a turn of the caller's conversation.
      chatSessionId: undefined,
      onEvent: (event) => {
        if (event.type === 'node.token') request.onToken(event.token);
      },
    });
    const result = await child.result;
    if (result.status !== 'ok') {
      const where = result.error?.nodeId ? ` at node '${result.error.nodeId}'` : '';
      throw new Error(`sub-flow ${request.file} ${result.status === 'cancelled' ? 'was cancelled' : `failed${where}`}: ${result.error?.message ?? 'no reason given'}`);
    }
    return result.outputs;
  }

  // ---- RunHandle ----

  get state(): RunState {
    return this.control.state;
  }

  pause(): void {
    this.control.pause();
  }

  step(): void {
    this.control.step();
  }

  resume(): void {
    this.control.resume();
  }

  cancel(reason?: string): void {
    this.control.cancel(reason);
  }

  editInputs(nodeId: string, inputs: Record<string, unknown>): void {
    if (!this.execution) throw new Error('the run is still connecting to its MCP servers; try again once it has started');
    this.execution.editInputs(nodeId, inputs);
  }

  [Symbol.asyncIterator](): AsyncIterator<RunEvent> {
    if (!this.stream) {
      // Without recordEvents a reader sees only what comes after it starts, as before; a stream made
      // after the end is closed at once, so such a reader ends instead of waiting forever.
      this.stream = new EventStream<RunEvent>(false);
      if (this.hasEnded) this.stream.close();
    }
    return this.stream[Symbol.asyncIterator]();
  }
}

function checkInputs(iface: FlowInterface, inputs: Record<string, unknown>): RunError | undefined {
  for (const name in inputs) {
    if (!Object.hasOwn(inputs, name)) continue;
    // A linear search: flows have a handful of inputs, and a Set per run cost more than it saved.
    if (!iface.inputs.some((input) => input.name === name)) {
      const list = iface.inputs.map((i) => `'${i.name}'`).join(', ') || 'none';
      return { message: `unknown input '${name}'; this flow's inputs are ${list}` };
    }
  }
  for (const input of iface.inputs) {
    if (input.required && inputs[input.name] === undefined) {
      return { nodeId: input.nodeId, message: `missing required input '${input.name}'${input.description ? ` (${input.description})` : ''}` };
    }
  }
  return undefined;
}

function withDefaults(iface: FlowInterface, inputs: Record<string, unknown>): Record<string, unknown> {
  const out = { ...inputs };
  for (const input of iface.inputs) {
    if (out[input.name] === undefined && input.default !== undefined) out[input.name] = input.default;
  }
  return out;
}
