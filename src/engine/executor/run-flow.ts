// runFlow: the engine's entry point for running a flow. Returns a handle that is an async iterable
// of RunEvents, with the final result and the debugging controls.
import { randomBytes, randomUUID } from 'node:crypto';
import { realpathSync } from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { coreRegistry } from '../components/core';
import type { ComponentRegistry } from '../components/registry';
import type { LoadedFlow } from '../components/define-component';
import type { HumanInput } from '../ask/human-input';
import type { McpSampling } from '../ask/sampling';
import { FileAccess, type FileAccessOptions } from '../files/file-access';
import { defaultFlowLoader, RootedFlowLoader, type FlowLoader } from '../flow/loader';
import type { FlowInterface } from '../flow/interface';
import type { Flow } from '../flow/schema';
import { sourceOf } from '../flow/source';
import { commandLinePolicy, type SecretBindingPolicy } from '../secrets/binding-policy';
import { Redactor } from '../secrets/redactor';
import { resolveNodeReferences } from '../secrets/resolve-node';
import { EnvSecretStore, type SecretStore } from '../secrets/secret-store';
import { EventStream } from './event-stream';
import type { RunError, RunEvent, RunResult } from './events';
import { cancelReasonOf, Execution, messageOf, type ExecutionHost, type SubflowRequest } from './execution';
import { PlanError, type Plan, type PlanNode } from './plan';
import { downstreamDestinations } from './secret-destinations';
import { RunControl, type RunState } from './run-control';
import { cachedInterface, cachedPlan, cachedServersUsedBy } from './plan-cache';
import type { McpAccess } from '../mcp/access';
import type { RunCache } from './run-cache';
import { ChatTurn, defaultChatSessions, type ChatSessionStore } from '../llm/chat-session-store';
import { noAiServices, type ApprovalPrompt, type ModelProvider } from '../llm/run-services';
import { MAX_NESTING_DEPTH, nestsDeeperThan } from '../flow/limits';

export interface RunOptions {
  /** Flow input values by input name. */
  inputs?: Record<string, unknown>;
  signal?: AbortSignal;
  registry?: ComponentRegistry;
  secrets?: SecretStore;
  env?: NodeJS.ProcessEnv;
  /**
   * Where resolved secrets and environment variables may be sent. Default: secrets only to the known
   * providers' endpoints, environment variables anywhere (the CLI's rules without --allow-secret).
   */
  secretPolicy?: SecretBindingPolicy;
  /**
   * Masks every resolved value in the run's events and result. Pass one to mask the same values in
   * the host's own messages too; a sub-flow shares its caller's.
   */
  redactor?: Redactor;
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
  /** Answers input.ask nodes and MCP servers' elicitation requests; without it asking fails with a clear error. */
  humanInput?: HumanInput;
  /** Answers MCP servers' sampling requests (after asking the person); without it they are refused. */
  mcpSampling?: McpSampling;
  /** Chat session this run is a turn of: input.chat offers its history, output.chat records the turn. */
  chatSessionId?: string;
  /** Where chat sessions live (defaults to one store per process). */
  chatSessions?: ChatSessionStore;
  /** Which folders input.file, output.file, rag.load and flow.run may use besides the flow's own, and the file size cap. */
  files?: FileAccessOptions;
  /** @internal Flow files of the enclosing flow.run calls. */
  callStack?: readonly string[];
  /** @internal Sub-flow runs so far in the whole top-level run, shared by all its sub-flows, and when they last yielded. */
  subflowRuns?: SubflowRuns;
}

/** Deepest nesting of flow.run (and flows used as agent tools) in one run. */
export const MAX_SUBFLOW_DEPTH = 16;
/** Most sub-flow runs in one top-level run: two flow.run nodes per level would otherwise double the work per level. */
export const MAX_SUBFLOW_RUNS = 1000;
/** Longest a chain of sub-flows keeps the thread before letting timers, I/O and cancels in. */
const YIELD_AFTER_MS = 5;

interface SubflowRuns {
  count: number;
  lastYieldAt: number;
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

const defaultSecretPolicy = commandLinePolicy(
  [],
  (use) =>
    `to allow it, bind ${use.name} to ${use.destination} (--allow-secret ${use.name}=${use.destination} for the CLI and served flows)`,
);

/**
 * The host's prompt sees the tool call's arguments masked: an agent may put a secret it was handed into
 * them, and a dialog or terminal is as public as a log. The call itself still gets the real arguments.
 */
function redactedApproval(prompt: ApprovalPrompt, redactor: Redactor): ApprovalPrompt {
  return { approve: (request) => prompt.approve(redactor.isEmpty ? request : redactor.redact(request)) };
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
class FlowRun implements RunHandle, ExecutionHost, FlowLoader {
  readonly runId = nextRunId();
  readonly result: Promise<RunResult>;
  private readonly registry: ComponentRegistry;
  private readonly onEvent: ((event: RunEvent) => void) | undefined;
  /** Without recordEvents, made only when someone iterates the handle. */
  private stream: EventStream<RunEvent> | undefined;
  private hasEnded = false;
  private readonly absoluteFile: string | undefined;
  private readonly baseDir: string;
  private readonly baseLoader: FlowLoader;
  private fileAccess: FileAccess | undefined;
  private rootedLoader: FlowLoader | undefined;
  private subflowRuns: SubflowRuns | undefined;
  /**
   * Sub-flows this run loaded, by the path its nodes name, and its call stack with real paths: flow.map
   * runs one sub-flow per item, and resolving real paths again for each (realpath checks every folder
   * on the way) cost ten times the sub-flow's own run.
   */
  private loadedSubflows: Map<string, LoadedFlow> | undefined;
  private realCallStack: string[] | undefined;
  private readonly redactor: Redactor;
  private readonly secrets: SecretStore;
  private readonly env: NodeJS.ProcessEnv;
  private plan: Plan = { nodes: [], edges: [] };
  private execution: Execution | undefined;
  private readonly control: RunControl;
  /** Set when the caller's control already drives another run; this one then ends at once with an error. */
  private readonly isControlTaken: boolean;
  private resolveResult: ((result: RunResult) => void) | undefined;

  constructor(
    private readonly flow: Flow,
    private readonly options: RunOptions,
  ) {
    this.registry = options.registry ?? coreRegistry();
    if (options.recordEvents ?? true) this.stream = new EventStream<RunEvent>(true);
    this.onEvent = options.onEvent;
    const paths = pathsOf(flow, options.file ?? sourceOf(flow)?.file);
    this.absoluteFile = paths.absoluteFile;
    this.baseDir = paths.baseDir;
    this.baseLoader = options.loader ?? defaultFlowLoader;
    this.redactor = options.redactor ?? new Redactor();
    this.env = options.env ?? process.env;
    this.secrets = options.secrets ?? new EnvSecretStore(this.env);
    const given = options.control;
    this.isControlTaken = given !== undefined && !given.claim();
    this.control = given && !this.isControlTaken ? given : new RunControl({ startPaused: options.startPaused === true });

    let result: Promise<RunResult>;
    const servers = options.mcp ? cachedServersUsedBy(flow) : [];
    if (options.mcp && servers.length > 0) {
      // Ports of MCP nodes come from the servers' tool lists, so those must be known before compiling.
      result = new Promise<RunResult>((resolve) => (this.resolveResult = resolve));
      const launch = () => this.launch();
      options.mcp.prepare([...servers], options.signal).then(launch, launch);
    } else {
      result = this.launch().result;
    }
    // Errors of components such as json.parse quote the text that failed, which may hold a resolved secret.
    const redactor = this.redactor;
    this.result = result.then((raw) => (redactor.isEmpty ? raw : redactor.redact(raw)));
  }

  private launch(): Execution {
    const { flow, options, registry } = this;
    const inputs = options.inputs ?? {};
    let plan: Plan = { nodes: [], edges: [] };
    let setupError: RunError | undefined;
    try {
      plan = cachedPlan(flow, { registry, file: this.absoluteFile, loader: this, stopAt: options.stopAt, mcp: options.mcp });
      this.plan = plan;
      setupError = this.isControlTaken
        ? { message: 'the RunControl given already drives another run; create one RunControl per run' }
        : checkInputs(cachedInterface(flow, registry), inputs);
    } catch (error) {
      setupError = error instanceof PlanError ? error.runError : { message: messageOf(error) };
    }
    const hasAi =
      options.modelProviders !== undefined ||
      options.approval !== undefined ||
      options.humanInput !== undefined ||
      options.mcpSampling !== undefined ||
      options.chatSessionId !== undefined;
    const started = new Execution({
      runId: this.runId,
      flowName: flow.name,
      plan,
      inputs: setupError ? inputs : withDefaults(cachedInterface(flow, registry), inputs),
      registry,
      env: this.env,
      loader: this,
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
            approval: options.approval && redactedApproval(options.approval, this.redactor),
            humanInput: options.humanInput,
            mcpSampling: options.mcpSampling,
            chat:
              options.chatSessionId === undefined
                ? undefined
                : new ChatTurn(options.chatSessions ?? defaultChatSessions, options.chatSessionId),
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

  /** Made on first use: most runs never touch a file. */
  get files(): FileAccess {
    return (this.fileAccess ??= new FileAccess(this.baseDir, this.options.files));
  }

  /** Loads sub-flows only from inside the run's roots. */
  private get loader(): FlowLoader {
    return (this.rootedLoader ??= new RootedFlowLoader(this.baseLoader, this.files));
  }

  /** FlowLoader for the plan: the run itself, so runs that load no sub-flow never make the rooted loader. */
  load(file: string, fromDir: string) {
    return this.loader.load(file, fromDir);
  }

  // ---- ExecutionHost ----

  emit(raw: RunEvent): void {
    const event = this.redactor.isEmpty ? raw : this.redactor.redactEvent(raw);
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

  resolveParams(node: PlanNode): Promise<unknown> {
    const plan = this.plan;
    return resolveNodeReferences(
      {
        nodeId: node.id,
        nodeType: node.node.type,
        params: node.node.params,
        ...(this.absoluteFile ? { file: this.absoluteFile } : {}),
        downstreamDestinations: () => downstreamDestinations(plan, node.index),
      },
      { secrets: this.secrets, env: this.env, policy: this.options.secretPolicy ?? defaultSecretPolicy, redactor: this.redactor },
    );
  }

  async runSubflow(request: SubflowRequest): Promise<Record<string, unknown>> {
    const { options, baseDir } = this;
    const runs = (this.subflowRuns ??= options.subflowRuns ?? { count: 0, lastYieldAt: performance.now() });
    // A chain of sub-flows of quick nodes would otherwise run as one unbroken series of microtasks,
    // so neither a cancel nor a timer could get in between. A yield is a trip through the event loop,
    // so a served flow with one quick sub-flow skips it; only a chain that holds the thread yields.
    if (performance.now() - runs.lastYieldAt > YIELD_AFTER_MS) {
      await yieldToEventLoop();
      runs.lastYieldAt = performance.now();
      request.signal.throwIfAborted();
    }
    if (request.callStack.length > MAX_SUBFLOW_DEPTH) {
      throw new Error(`sub-flows nest deeper than ${MAX_SUBFLOW_DEPTH} levels (at ${request.file}); flatten the chain of flow.run nodes`);
    }
    if (++runs.count > MAX_SUBFLOW_RUNS) {
      throw new Error(
        `this run started more than ${MAX_SUBFLOW_RUNS} sub-flows (at ${request.file}); look for flow.run nodes that multiply at each level`,
      );
    }
    const loadedSubflows = (this.loadedSubflows ??= new Map());
    let loaded = loadedSubflows.get(request.file);
    if (!loaded) {
      loaded = this.loader.load(request.file, baseDir);
      loadedSubflows.set(request.file, loaded);
    }
    // Real paths: a folder link such as `d -> .` makes every level's path look new as a string.
    const stack = options.callStack ?? (this.realCallStack ??= request.callStack.map(realPathOrSame));
    if (stack.includes(loaded.file)) {
      const chain = [...stack, loaded.file].map((f) => path.basename(f)).join(' → ');
      throw new Error(`sub-flows call each other in a loop: ${chain}`);
    }
    // Object.assign, not an object spread with overrides: measured on flow.map's 1,000 sub-flow runs, the
    // spread literal made each child run about three times slower (134 against 51 ms per 1,000).
    const overrides: RunOptions = {
      inputs: request.inputs,
      signal: request.signal,
      file: loaded.file,
      breakpoints: [],
      startPaused: false,
      control: undefined,
      stopAt: undefined,
      recordEvents: false,
      files: this.files.options,
      callStack: [...stack, loaded.file],
      subflowRuns: runs,
      redactor: this.redactor,
      // A sub-flow (or a flow used as an agent tool) is not a turn of the caller's conversation.
      chatSessionId: undefined,
      onEvent: (event) => {
        if (event.type === 'node.token') request.onToken(event.token);
      },
    };
    const child = runFlow(loaded.flow, Object.assign({}, options, overrides));
    const result = await child.result;
    if (result.status !== 'ok') {
      const where = result.error?.nodeId ? ` at node '${result.error.nodeId}'` : '';
      throw new Error(
        `sub-flow ${request.file} ${result.status === 'cancelled' ? 'was cancelled' : `failed${where}`}: ${result.error?.message ?? 'no reason given'}`,
      );
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

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function realPathOrSame(file: string): string {
  try {
    return realpathSync.native(file);
  } catch {
    return file;
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
    // Own properties only: a value inherited through a `__proto__` key is not a given input.
    if (input.required && (!Object.hasOwn(inputs, input.name) || inputs[input.name] === undefined)) {
      return {
        nodeId: input.nodeId,
        message: `missing required input '${input.name}'${input.description ? ` (${input.description})` : ''}`,
      };
    }
    if (Object.hasOwn(inputs, input.name) && nestsDeeperThan(inputs[input.name])) {
      return { nodeId: input.nodeId, message: `input '${input.name}' nests objects and arrays more than ${MAX_NESTING_DEPTH} levels deep` };
    }
  }
  return undefined;
}

function withDefaults(iface: FlowInterface, inputs: Record<string, unknown>): Record<string, unknown> {
  const out = { ...inputs };
  for (const input of iface.inputs) {
    if ((!Object.hasOwn(out, input.name) || out[input.name] === undefined) && input.default !== undefined) out[input.name] = input.default;
  }
  return out;
}
