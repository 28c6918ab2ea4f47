// runFlow: the engine's entry point for running a flow. Returns a handle that is an async iterable
// of RunEvents, with the final result and the debugging controls.
import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import { createCoreRegistry } from '../components/core';
import type { ComponentRegistry } from '../components/registry';
import { defaultFlowLoader, type FlowLoader } from '../flow/loader';
import type { Flow } from '../flow/schema';
import { sourceOf } from '../flow/source';
import { EnvSecretStore, type SecretStore } from '../secrets/secret-store';
import { EventStream } from './event-stream';
import type { RunError, RunEvent, RunResult } from './events';
import { Execution, messageOf, type SubflowRequest } from './execution';
import { PlanError, type Plan } from './plan';
import { cachedInterface, cachedPlan } from './plan-cache';
import { serversUsedBy, type McpAccess } from '../mcp/access';
import type { RunCache } from './run-cache';
import { ChatTurn, defaultChatSessions, type ChatSessionStore } from '../llm/chat-session-store';
import type { AiRunServices, ApprovalPrompt, ModelProvider } from '../llm/run-services';

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
  /** Start paused before the first node, as "Debug flow" does. */
  startPaused?: boolean;
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
  pause(): void;
  step(): void;
  resume(): void;
  cancel(reason?: string): void;
  /** Changes inputs of a node that has not started yet, typically the one the run is paused at. */
  editInputs(nodeId: string, inputs: Record<string, unknown>): void;
}

let sharedCoreRegistry: ComponentRegistry | undefined;

export function runFlow(flow: Flow, options: RunOptions = {}): RunHandle {
  const runId = randomUUID();
  const registry = options.registry ?? (sharedCoreRegistry ??= createCoreRegistry());
  const stream = new EventStream<RunEvent>(options.recordEvents ?? true);
  const onEvent = options.onEvent;
  const emit = (event: RunEvent) => {
    if (onEvent) onEvent(event);
    stream.push(event);
    if (event.type === 'run.end') stream.close();
  };
  const file = options.file ?? sourceOf(flow)?.file;
  const absoluteFile = file ? path.resolve(file) : undefined;
  const baseDir = absoluteFile ? path.dirname(absoluteFile) : process.cwd();
  const loader = options.loader ?? defaultFlowLoader;
  const inputs = options.inputs ?? {};
  const callStack = options.callStack ?? (absoluteFile ? [absoluteFile] : []);
  const ai: AiRunServices = {
    modelProviders: options.modelProviders ?? [],
    approval: options.approval,
    chat: options.chatSessionId === undefined ? undefined : new ChatTurn(options.chatSessions ?? defaultChatSessions, options.chatSessionId),
  };

  const runSubflow = async (request: SubflowRequest): Promise<Record<string, unknown>> => {
    const childFile = path.resolve(baseDir, request.file);
    if (request.callStack.includes(childFile)) {
      const chain = [...request.callStack, childFile].map((f) => path.basename(f)).join(' → ');
      throw new Error(`sub-flows call each other in a loop: ${chain}`);
    }
    const loaded = loader.load(childFile, baseDir);
    const child = runFlow(loaded.flow, {
      ...options,
      inputs: request.inputs,
      signal: request.signal,
      file: loaded.file,
      breakpoints: [],
      startPaused: false,
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
  };

  const signal = options.signal;
  const reasonOf = () => (signal?.reason instanceof Error ? signal.reason.message : 'the run was cancelled');
  // Controls used before the execution exists (while MCP servers are being prepared) are remembered here.
  const early: { isPaused: boolean; cancelReason?: string } = { isPaused: options.startPaused === true };
  let execution: Execution | undefined;
  let resolveResult!: (result: RunResult) => void;
  const result = new Promise<RunResult>((resolve) => (resolveResult = resolve));

  const launch = () => {
    let plan: Plan = { nodes: [], edges: [] };
    let setupError: RunError | undefined;
    try {
      plan = cachedPlan(flow, { registry, file: absoluteFile, loader, stopAt: options.stopAt, mcp: options.mcp });
      setupError = checkInputs(flow, registry, inputs);
    } catch (error) {
      setupError = error instanceof PlanError ? error.runError : { message: messageOf(error) };
    }
    const started = new Execution({
      runId,
      flowName: flow.name,
      plan,
      inputs: setupError ? inputs : withDefaults(flow, registry, inputs),
      registry,
      secrets: options.secrets ?? new EnvSecretStore(options.env ?? process.env),
      env: options.env ?? process.env,
      loader,
      file: absoluteFile,
      baseDir,
      concurrency: options.concurrency && options.concurrency > 0 ? options.concurrency : Number.POSITIVE_INFINITY,
      breakpoints: new Set(options.breakpoints ?? []),
      cache: options.cache,
      nodeTimeoutMs: options.nodeTimeoutMs,
      retries: options.retries ?? 0,
      retryDelayMs: options.retryDelayMs ?? 0,
      callStack,
      mcp: options.mcp,
      ai,
      emit,
      wantsEvents: () => onEvent !== undefined || stream.isWanted,
      runSubflow,
    });
    execution = started;
    void started.result.then(resolveResult);
    if (setupError) {
      started.endBeforeStart('error', setupError);
    } else if (signal?.aborted || early.cancelReason !== undefined) {
      started.endBeforeStart('cancelled', { message: early.cancelReason ?? reasonOf() });
    } else {
      const onAbort = () => started.cancel(reasonOf());
      signal?.addEventListener('abort', onAbort, { once: true });
      void started.result.then(() => signal?.removeEventListener('abort', onAbort));
      if (early.isPaused) started.pause();
      started.start();
    }
  };

  const servers = options.mcp ? serversUsedBy(flow.nodes) : [];
  if (options.mcp && servers.length > 0) {
    // Ports of MCP nodes come from the servers' tool lists, so those must be known before compiling.
    options.mcp.prepare(servers, signal).then(launch, launch);
  } else {
    launch();
  }

  const notStarted = (): never => {
    throw new Error('the run is still connecting to its MCP servers; try again once it has started');
  };
  return {
    runId,
    result,
    pause: () => (execution ? execution.pause() : void (early.isPaused = true)),
    step: () => (execution ? execution.step() : void (early.isPaused = false)),
    resume: () => (execution ? execution.resume() : void (early.isPaused = false)),
    cancel: (reason) => (execution ? execution.cancel(reason) : void (early.cancelReason = reason ?? 'the run was cancelled')),
    editInputs: (nodeId, values) => (execution ? execution.editInputs(nodeId, values) : notStarted()),
    [Symbol.asyncIterator]: () => stream[Symbol.asyncIterator](),
  };
}

function checkInputs(flow: Flow, registry: ComponentRegistry, inputs: Record<string, unknown>): RunError | undefined {
  const iface = cachedInterface(flow, registry);
  const known = new Set(iface.inputs.map((i) => i.name));
  for (const name of Object.keys(inputs)) {
    if (!known.has(name)) {
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

function withDefaults(flow: Flow, registry: ComponentRegistry, inputs: Record<string, unknown>): Record<string, unknown> {
  const out = { ...inputs };
  for (const input of cachedInterface(flow, registry).inputs) {
    if (out[input.name] === undefined && input.default !== undefined) out[input.name] = input.default;
  }
  return out;
}
