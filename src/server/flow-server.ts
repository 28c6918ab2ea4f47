// An MCP server whose tools, prompts and resources are flows: a call runs the flow, node events become
// progress and log notifications, the flow's questions and `mcp-client` model calls go back to the
// caller (elicitation, sampling), client cancellation cancels the run, and flow files are readable
// (and subscribable) as resources.
import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import {
  CLIENT_CAPABILITIES_META_KEY,
  LOG_LEVEL_META_KEY,
  ProtocolError,
  ProtocolErrorCode,
  Server,
  type ClientCapabilities,
  type CallToolResult,
  type GetPromptResult,
  type InputRequiredResult,
  type LoggingLevel,
  type Notification,
  type ReadResourceResult,
  type ServerContext,
  type Tool,
} from '@modelcontextprotocol/server';
import type { ComponentRegistry } from '../engine/components/registry';
import { runFlow } from '../engine/executor/run-flow';
import type { RunEvent, RunResult } from '../engine/executor/events';
import type { FileAccessOptions } from '../engine/files/file-access';
import { readFlowFileText } from '../engine/flow/read-flow-file';
import type { SecretStore } from '../engine/secrets/secret-store';
import type { SecretBindingPolicy } from '../engine/secrets/binding-policy';
import type { McpAccess } from '../engine/mcp/access';
import { completeArgument } from './argument-completion';
import { callerHumanInput, callerModelProvider, pushChannel, type CallerChannel } from './caller-services';
import { CONVERSATION_ARGUMENT, ConversationHandles, isChatFlow, withConversation, type ConversationLimits } from './conversation-handles';
import { inputValuesFrom } from './flow-offer';
import { flowFileOf, resourceFlowFor, resourceInfoOf, staticUriOf } from './served-resources';
import type { FlowTool, FlowToolCatalog } from './flow-tool-catalog';
import { ParkedRuns, UnknownRunStateError, type ParkedRunLimits, type RunStep } from './parked-runs';
import { promptMessagesOf, resourceContentsOf, toolContentOf } from './result-content';
import { runNotifier } from './run-notifications';
import type { RunLimiter } from './run-limiter';
import { FlowTasks, taskToolCapabilities, type TaskLimits } from './flow-tasks';
import { toolAnnotationsOf } from './tool-annotations';

export interface FlowServerOptions {
  catalog: FlowToolCatalog;
  registry: ComponentRegistry;
  /** MCP servers the flows themselves call. */
  mcp?: McpAccess;
  secrets?: SecretStore;
  /** Where the served flows may send each secret; the operator's --allow-secret bindings. */
  secretPolicy?: SecretBindingPolicy;
  /** Folders input.file and friends may use besides each flow's own; file completion offers nothing else. */
  files?: FileAccessOptions;
  /** Flow runs executing at once across all sessions; more calls wait. */
  limiter: RunLimiter;
  version: string;
}

/** Most resources one session may subscribe to. */
export const MAX_SUBSCRIPTIONS = 256;

/** The resource URIs each session subscribed to. */
const subscriptions = new WeakMap<Server, Set<string>>();

/**
 * What outlives one Server instance: under the 2026-07-28 protocol each HTTP request gets a fresh
 * instance, so runs waiting on their caller, conversations and tasks are kept here, per served folder.
 */
export class ServedState {
  readonly parkedRuns: ParkedRuns<ServedRun>;
  readonly conversations: ConversationHandles;
  readonly tasks: FlowTasks;

  constructor(limits: { parkedRuns?: ParkedRunLimits; conversations?: ConversationLimits; tasks?: TaskLimits } = {}) {
    this.parkedRuns = new ParkedRuns<ServedRun>(limits.parkedRuns);
    this.conversations = new ConversationHandles(limits.conversations);
    this.tasks = new FlowTasks(limits.tasks);
  }

  close(): void {
    this.parkedRuns.close();
    this.tasks.close();
  }
}

/** Which protocol era an instance serves and for whom. */
export interface FlowServerContext {
  /** 'legacy': 2025-era protocol versions (initialize, sessions); 'modern': 2026-07-28 (stateless). */
  era: 'legacy' | 'modern';
  /** Who is calling: a digest of their bearer token over HTTP, one name for the one stdio client. */
  caller: string;
  shared: ServedState;
}

/** A finished run, with the conversation handle a chat flow served without sessions hands back. */
export interface ServedRun {
  result: RunResult;
  conversation?: string;
}

type Step = RunStep<ServedRun>;

/** A new SDK Server over the catalog; one per session or connection (2025 era) or per request (2026-07-28). */
export function createFlowServer(
  options: FlowServerOptions,
  context: FlowServerContext = { era: 'legacy', caller: 'local', shared: new ServedState() },
): Server {
  const { catalog } = options;
  const { era, caller, shared } = context;
  const isModern = era === 'modern';
  // Under the 2025 protocols a chat flow (one with input.chat) holds one conversation per session:
  // each legacy Server serves one session (HTTP) or the whole process (stdio), so an id made here
  // keeps callers apart. Without sessions the caller carries a `conversation` handle instead.
  const sessionConversation = randomUUID();
  const server = new Server(
    { name: 'flowstudio', title: 'FlowStudio flows', version: options.version },
    {
      capabilities: {
        tools: { listChanged: true },
        prompts: { listChanged: true },
        resources: { listChanged: true, subscribe: true },
        logging: {},
        completions: {},
        ...(isModern ? {} : { tasks: taskToolCapabilities }),
      },
      instructions: 'Each tool runs a FlowStudio flow from the workspace. Results are the flow outputs.',
    },
  );
  // One legacy Server is one session, so its log level is a plain variable here. Unset: no log messages.
  let logLevel: LoggingLevel | undefined;
  const subscribed = new Set<string>();
  subscriptions.set(server, subscribed);

  type Notify = (notification: Notification) => Promise<void>;

  /** Runs a served flow once, with the caller's person and model at hand. */
  const runServed = async (
    flow: FlowTool,
    inputs: Record<string, unknown>,
    run: {
      channel: CallerChannel;
      signal: AbortSignal;
      notify: Notify;
      progressToken?: string | number;
      chatSessionId?: string;
      onEvent?: (event: RunEvent) => void;
      /** The level a 2026-07-28 caller asked for on its request; 2025-era sessions set theirs once. */
      logLevel?: LoggingLevel;
    },
  ): Promise<RunResult> => {
    // acquire() makes no promise when a slot is free; with limiter.run() the closure and the extra
    // async layer per call were part of the fixed cost measured against a bare SDK server.
    const waiting = options.limiter.acquire(run.signal);
    if (waiting) await waiting;
    try {
      const handle = runFlow(flow.flow, {
        inputs,
        file: flow.file,
        registry: options.registry,
        mcp: options.mcp,
        secrets: options.secrets,
        secretPolicy: options.secretPolicy,
        ...(options.files ? { files: options.files } : {}),
        signal: run.signal,
        recordEvents: false,
        humanInput: callerHumanInput(run.channel),
        modelProviders: [callerModelProvider(run.channel)],
        ...(run.chatSessionId !== undefined ? { chatSessionId: run.chatSessionId } : {}),
        onEvent: alsoTo(
          runNotifier({
            flowName: flow.flow.name,
            nodeCount: flow.flow.nodes.length,
            progressToken: run.progressToken,
            logLevel: run.logLevel ?? logLevel,
            send: run.notify,
          }),
          run.onEvent,
        ),
      });
      return await handle.result;
    } finally {
      options.limiter.release();
    }
  };

  /**
   * Serves one call of a flow in the instance's era: a 2025 call runs to the end, asking its caller
   * over the connection; a 2026-07-28 call starts (or, with a requestState, resumes) a run parked
   * between calls while it waits on the caller.
   */
  const serveCall = async (
    purpose: string,
    flow: FlowTool,
    args: Record<string, unknown>,
    ctx: ServerContext,
    progressToken?: string | number,
  ): Promise<Step> => {
    const signal = ctx.mcpReq.signal;
    if (!isModern) {
      const notify: Notify = (n) => ctx.mcpReq.notify(n);
      const channel = pushChannel(server, () => ctx.mcpReq.id);
      const chatSessionId = isChatFlow(flow.flow) ? `${sessionConversation}:${flow.name}` : undefined;
      return { kind: 'done', value: { result: await runServed(flow, args, { channel, signal, notify, progressToken, chatSessionId }) } };
    }
    // A parked run outlives the call that started it: its notifications go to whichever call is
    // being served now, under that call's progress token (none: its progress is not sent).
    const notify: Notify = (n) => {
      if (n.method !== 'notifications/progress') return ctx.mcpReq.notify(n);
      if (progressToken === undefined) return Promise.resolve();
      return ctx.mcpReq.notify({ ...n, params: { ...n.params, progressToken } });
    };
    const owner = `${caller}\u0000${purpose}`;
    const state = ctx.mcpReq.requestState();
    if (typeof state === 'string') {
      try {
        return await shared.parkedRuns.resume(owner, state, ctx.mcpReq.inputResponses, { signal, notify });
      } catch (error) {
        if (error instanceof UnknownRunStateError) throw new ProtocolError(ProtocolErrorCode.InvalidParams, error.message);
        throw error;
      }
    }
    let inputs = args;
    let conversation: { handle: string; chatSessionId: string } | undefined;
    if (isChatFlow(flow.flow)) {
      const { [CONVERSATION_ARGUMENT]: handle, ...rest } = args;
      if (handle !== undefined && typeof handle !== 'string') {
        throw new ProtocolError(ProtocolErrorCode.InvalidParams, `'${CONVERSATION_ARGUMENT}' must be the string a previous call returned`);
      }
      try {
        conversation = shared.conversations.open(caller, handle);
      } catch (error) {
        throw new ProtocolError(ProtocolErrorCode.InvalidParams, (error as Error).message);
      }
      inputs = rest;
    }
    // The 2026-07-28 caller declares its capabilities on each request, in the envelope.
    const envelope = ctx.mcpReq.envelope as Record<string, unknown> | undefined;
    const capabilities = (envelope?.[CLIENT_CAPABILITIES_META_KEY] as ClientCapabilities | undefined) ?? server.getClientCapabilities();
    try {
      return await shared.parkedRuns.start(
        owner,
        capabilities,
        async (channel, runSignal, relay) => ({
          result: await runServed(flow, inputs, {
            channel,
            signal: runSignal,
            notify: relay,
            progressToken: PARKED_PROGRESS_TOKEN,
            logLevel: envelopeLogLevel(ctx),
            chatSessionId: conversation?.chatSessionId,
          }),
          ...(conversation ? { conversation: conversation.handle } : {}),
        }),
        { signal, notify },
      );
    } catch (error) {
      throw new ProtocolError(ProtocolErrorCode.InternalError, (error as Error).message);
    }
  };

  if (!isModern) {
    server.setRequestHandler('logging/setLevel', async (request) => {
      logLevel = request.params.level;
      return {};
    });
  }

  server.setRequestHandler('tools/list', async () => ({
    tools: catalog.listOf('tool').map((tool) => {
      const chatWithoutSession = isModern && isChatFlow(tool.flow);
      return {
        name: tool.name,
        title: tool.flow.mcp?.title ?? tool.flow.name,
        description: tool.description,
        inputSchema: (chatWithoutSession ? withConversation(tool.inputSchema, 'input') : tool.inputSchema) as Tool['inputSchema'],
        outputSchema: (chatWithoutSession ? withConversation(tool.outputSchema, 'output') : tool.outputSchema) as Tool['outputSchema'],
        annotations: toolAnnotationsOf(tool.flow, options.mcp),
        ...(isModern ? {} : { execution: { taskSupport: 'optional' as const } }),
        ...(tool.flow.mcp?.icons ? { icons: tool.flow.mcp.icons } : {}),
      };
    }),
  }));

  server.setRequestHandler('tools/call', async (request, ctx): Promise<CallToolResult | InputRequiredResult> => {
    const tool = catalog.get(request.params.name, 'tool');
    if (!tool) throw new ProtocolError(ProtocolErrorCode.InvalidParams, `there is no flow tool '${request.params.name}'`);
    const args = request.params.arguments ?? {};
    const progressToken = request.params._meta?.progressToken;
    const task = (request.params as { task?: { ttl?: number } }).task;
    if (!isModern && task !== undefined) {
      const notify: Notify = (n) => server.notification(n);
      // The v2 SDK checks every tools/call answer as a tool result, and one carrying `task` must still
      // have `content`; an empty list satisfies it and a task-aware caller reads only `task`.
      return {
        content: [],
        ...shared.tasks.create(caller, server, task.ttl, (channel, signal, onEvent) =>
          runServed(tool, args, { channel, signal, notify, progressToken, onEvent }).then((result) => toolResultOf(tool, { result })),
        ),
      };
    }
    const step = await serveCall(`tool:${tool.name}`, tool, args, ctx, progressToken);
    if (step.kind === 'input') return step.result;
    return toolResultOf(tool, step.value);
  });

  server.setRequestHandler('prompts/list', async () => ({
    prompts: catalog.listOf('prompt').map((prompt) => ({
      name: prompt.name,
      title: prompt.flow.mcp?.title ?? prompt.flow.name,
      description: prompt.description,
      arguments: prompt.iface.inputs.map((input) => ({
        name: input.name,
        ...(input.description ? { description: input.description } : {}),
        required: input.required === true,
      })),
      ...(prompt.flow.mcp?.icons ? { icons: prompt.flow.mcp.icons } : {}),
    })),
  }));

  server.setRequestHandler('prompts/get', async (request, ctx): Promise<GetPromptResult | InputRequiredResult> => {
    const prompt = catalog.get(request.params.name, 'prompt');
    if (!prompt) throw new ProtocolError(ProtocolErrorCode.InvalidParams, `there is no flow prompt '${request.params.name}'`);
    const step = await serveCall(
      `prompt:${prompt.name}`,
      prompt,
      inputValuesFrom(request.params.arguments ?? {}, prompt.iface.inputs),
      ctx,
    );
    if (step.kind === 'input') return step.result;
    const { result } = step.value;
    if (result.status !== 'ok') throw new ProtocolError(ProtocolErrorCode.InternalError, failureOf(prompt, result));
    return { description: prompt.description, messages: promptMessagesOf(result.outputs) };
  });

  server.setRequestHandler('resources/list', async () => ({
    resources: [
      ...catalog.listOf('resource').flatMap((flow) => {
        const uri = staticUriOf(flow);
        return uri === undefined ? [] : [{ uri, ...resourceInfoOf(flow) }];
      }),
      ...catalog.list().map((tool) => ({
        uri: pathToFileURL(tool.file).href,
        name: tool.flow.name,
        description: tool.description,
        mimeType: 'application/json',
      })),
    ],
  }));

  server.setRequestHandler('resources/templates/list', async () => ({
    resourceTemplates: catalog
      .listOf('resource')
      .flatMap((flow) => (staticUriOf(flow) === undefined ? [{ uriTemplate: flow.flow.mcp!.uriTemplate!, ...resourceInfoOf(flow) }] : [])),
  }));

  server.setRequestHandler('resources/read', async (request, ctx): Promise<ReadResourceResult | InputRequiredResult> => {
    const { uri } = request.params;
    const served = resourceFlowFor(catalog, uri);
    if (served) {
      const inputs = inputValuesFrom(served.variables, served.flow.iface.inputs);
      const step = await serveCall(`resource:${uri}`, served.flow, inputs, ctx);
      if (step.kind === 'input') return step.result;
      const { result } = step.value;
      if (result.status !== 'ok') throw new ProtocolError(ProtocolErrorCode.InternalError, failureOf(served.flow, result));
      return { contents: resourceContentsOf(uri, result.outputs, served.flow.flow.mcp?.mimeType) };
    }
    const file = flowFileOf(catalog, uri);
    // Read with the same bounds as the catalog: the file may have been swapped for a pipe since it was listed.
    let text: string;
    try {
      text = await readFlowFileText(file);
    } catch (error) {
      throw new ProtocolError(ProtocolErrorCode.InvalidParams, (error as Error).message);
    }
    return { contents: [{ uri, mimeType: 'application/json', text }] };
  });

  if (!isModern) {
    // 2026-07-28 replaced per-session subscriptions with subscriptions/listen, which the SDK's
    // serving entries answer from the change events serve.ts publishes.
    server.setRequestHandler('resources/subscribe', async (request) => {
      const { uri } = request.params;
      if (!resourceFlowFor(catalog, uri)) flowFileOf(catalog, uri);
      if (!subscribed.has(uri) && subscribed.size >= MAX_SUBSCRIPTIONS) {
        throw new ProtocolError(
          ProtocolErrorCode.InvalidParams,
          `a session may subscribe to at most ${MAX_SUBSCRIPTIONS} resources; unsubscribe from one first`,
        );
      }
      subscribed.add(uri);
      return {};
    });

    server.setRequestHandler('resources/unsubscribe', async (request) => {
      subscribed.delete(request.params.uri);
      return {};
    });

    shared.tasks.register(server, caller);
  }

  server.setRequestHandler('completion/complete', async (request) => {
    const { ref, argument } = request.params;
    const flow =
      ref.type === 'ref/prompt'
        ? catalog.get(ref.name, 'prompt')
        : catalog.listOf('resource').find((f) => f.flow.mcp?.uriTemplate === ref.uri && staticUriOf(f) === undefined);
    if (!flow) return { completion: { values: [], total: 0, hasMore: false } };
    return { completion: { ...(await completeArgument(flow, argument.name, argument.value, options.files)) } };
  });

  return server;
}

/** Progress of a parked run is counted under this token and sent under the current call's own. */
const PARKED_PROGRESS_TOKEN = 'parked-run';

/** The log level a 2026-07-28 request carries in its envelope (that revision has no logging/setLevel). */
function envelopeLogLevel(ctx: ServerContext): LoggingLevel | undefined {
  const level = (ctx.mcpReq.envelope as Record<string, unknown> | undefined)?.[LOG_LEVEL_META_KEY];
  return typeof level === 'string' && LOGGING_LEVELS.has(level) ? (level as LoggingLevel) : undefined;
}

const LOGGING_LEVELS = new Set(['debug', 'info', 'notice', 'warning', 'error', 'critical', 'alert', 'emergency']);

/** One event sink out of two optional ones; undefined when neither listens (then the executor builds no events). */
function alsoTo(a: ((event: RunEvent) => void) | undefined, b: ((event: RunEvent) => void) | undefined) {
  if (!a || !b) return a ?? b;
  return (event: RunEvent) => {
    a(event);
    b(event);
  };
}

function toolResultOf(tool: FlowTool, served: ServedRun): CallToolResult {
  const { result, conversation } = served;
  if (result.status !== 'ok') return { isError: true, content: [{ type: 'text', text: failureOf(tool, result) }] };
  const structured = conversation === undefined ? result.outputs : { ...result.outputs, [CONVERSATION_ARGUMENT]: conversation };
  return { content: toolContentOf(result.outputs), structuredContent: structured };
}

function failureOf(flow: FlowTool, result: RunResult): string {
  const where = result.error?.nodeId ? ` at node '${result.error.nodeId}'` : '';
  return `flow '${flow.flow.name}' ${result.status === 'cancelled' ? 'was cancelled' : `failed${where}`}: ${result.error?.message ?? ''}`;
}

/** Tells every connected session that tools, prompts and resources changed. */
export function announceListChanged(servers: Iterable<Server>): void {
  for (const server of servers) {
    void server.sendToolListChanged().catch(() => undefined);
    void server.sendPromptListChanged().catch(() => undefined);
    void server.sendResourceListChanged().catch(() => undefined);
  }
}

/**
 * Tells each session subscribed to a changed flow file (or a resource that flow serves) that it
 * changed; returns the URIs that changed, for subscribers of other kinds.
 */
export function announceResourcesUpdated(servers: Iterable<Server>, files: readonly string[], catalog: FlowToolCatalog): Set<string> {
  const uris = new Set<string>();
  for (const file of files) {
    uris.add(pathToFileURL(file).href);
    const flow = catalog.byFile(file);
    const uri = flow?.kind === 'resource' ? staticUriOf(flow) : undefined;
    if (uri !== undefined) uris.add(uri);
  }
  for (const server of servers) {
    const subscribed = subscriptions.get(server);
    if (!subscribed) continue;
    for (const uri of uris) if (subscribed.has(uri)) void server.sendResourceUpdated({ uri }).catch(() => undefined);
  }
  return uris;
}
