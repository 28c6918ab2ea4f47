// An MCP server whose tools, prompts and resources are flows: a call runs the flow, node events become
// progress and log notifications, the flow's questions and `mcp-client` model calls go back to the
// caller (elicitation, sampling), client cancellation cancels the run, and flow files are readable
// (and subscribable) as resources.
import { randomUUID } from 'node:crypto';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { UriTemplate } from '@modelcontextprotocol/sdk/shared/uriTemplate.js';
import {
  CallToolRequestSchema,
  CompleteRequestSchema,
  ErrorCode,
  GetPromptRequestSchema,
  ListPromptsRequestSchema,
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  ListToolsRequestSchema,
  McpError,
  ReadResourceRequestSchema,
  SetLevelRequestSchema,
  SubscribeRequestSchema,
  UnsubscribeRequestSchema,
  type CallToolResult,
  type LoggingLevel,
  type ReadResourceResult,
  type RequestId,
  type ServerNotification,
} from '@modelcontextprotocol/sdk/types.js';
import type { ComponentRegistry } from '../engine/components/registry';
import { runFlow } from '../engine/executor/run-flow';
import type { RunResult } from '../engine/executor/events';
import type { FileAccessOptions } from '../engine/files/file-access';
import { readFlowFileText } from '../engine/flow/read-flow-file';
import type { SecretStore } from '../engine/secrets/secret-store';
import type { SecretBindingPolicy } from '../engine/secrets/binding-policy';
import type { McpAccess } from '../engine/mcp/access';
import type { Flow } from '../engine/flow/schema';
import { completeArgument } from './argument-completion';
import { callerHumanInput, callerModelProvider } from './caller-services';
import { defaultResourceUri, inputValuesFrom } from './flow-offer';
import type { FlowTool, FlowToolCatalog } from './flow-tool-catalog';
import { promptMessagesOf, resourceContentsOf, toolContentOf } from './result-content';
import { runNotifier } from './run-notifications';
import type { RunLimiter } from './run-limiter';
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

/** A new SDK Server over the catalog; one per session (HTTP) or one for the process (stdio). */
export function createFlowServer(options: FlowServerOptions): Server {
  const { catalog } = options;
  // A chat flow (one with input.chat) holds one conversation per MCP session: each Server serves one
  // session (HTTP) or the whole process (stdio), so an id made here keeps callers apart.
  const conversation = randomUUID();
  const server = new Server(
    { name: 'flowstudio', title: 'FlowStudio flows', version: options.version },
    {
      capabilities: {
        tools: { listChanged: true },
        prompts: { listChanged: true },
        resources: { listChanged: true, subscribe: true },
        logging: {},
        completions: {},
      },
      instructions: 'Each tool runs a FlowStudio flow from the workspace. Results are the flow outputs.',
    },
  );
  // One Server is one session, so its log level is a plain variable here. Unset: no log messages.
  let logLevel: LoggingLevel | undefined;
  const subscribed = new Set<string>();
  subscriptions.set(server, subscribed);

  type Extra = { signal: AbortSignal; requestId: RequestId; sendNotification: (n: ServerNotification) => Promise<void> };

  /** Runs a served flow for one request, with the caller's person and model at hand. */
  const runServed = async (flow: FlowTool, inputs: Record<string, unknown>, extra: Extra, progressToken?: string | number) => {
    // acquire() makes no promise when a slot is free; with limiter.run() the closure and the extra
    // async layer per call were part of the fixed cost measured against a bare SDK server.
    const waiting = options.limiter.acquire(extra.signal);
    if (waiting) await waiting;
    try {
      const caller = { server, requestId: extra.requestId };
      const handle = runFlow(flow.flow, {
        inputs,
        file: flow.file,
        registry: options.registry,
        mcp: options.mcp,
        secrets: options.secrets,
        secretPolicy: options.secretPolicy,
        ...(options.files ? { files: options.files } : {}),
        signal: extra.signal,
        recordEvents: false,
        humanInput: callerHumanInput(caller),
        modelProviders: [callerModelProvider(caller)],
        ...(isChatFlow(flow.flow) ? { chatSessionId: `${conversation}:${flow.name}` } : {}),
        onEvent: runNotifier({
          flowName: flow.flow.name,
          nodeCount: flow.flow.nodes.length,
          progressToken,
          logLevel,
          send: extra.sendNotification,
        }),
      });
      return await handle.result;
    } finally {
      options.limiter.release();
    }
  };

  server.setRequestHandler(SetLevelRequestSchema, async (request) => {
    logLevel = request.params.level;
    return {};
  });

  server.setRequestHandler(ListToolsRequestSchema, async () => ({
    tools: catalog.listOf('tool').map((tool) => ({
      name: tool.name,
      title: tool.flow.mcp?.title ?? tool.flow.name,
      description: tool.description,
      inputSchema: tool.inputSchema as { type: 'object'; properties?: Record<string, object> },
      outputSchema: tool.outputSchema as { type: 'object'; properties?: Record<string, object> },
      annotations: toolAnnotationsOf(tool.flow, options.mcp),
      ...(tool.flow.mcp?.icons ? { icons: tool.flow.mcp.icons } : {}),
    })),
  }));

  server.setRequestHandler(CallToolRequestSchema, async (request, extra): Promise<CallToolResult> => {
    const tool = catalog.get(request.params.name, 'tool');
    if (!tool) throw new McpError(ErrorCode.InvalidParams, `there is no flow tool '${request.params.name}'`);
    const result = await runServed(tool, request.params.arguments ?? {}, extra, request.params._meta?.progressToken);
    if (result.status !== 'ok') return { isError: true, content: [{ type: 'text', text: failureOf(tool, result) }] };
    return { content: toolContentOf(result.outputs), structuredContent: result.outputs };
  });

  server.setRequestHandler(ListPromptsRequestSchema, async () => ({
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

  server.setRequestHandler(GetPromptRequestSchema, async (request, extra) => {
    const prompt = catalog.get(request.params.name, 'prompt');
    if (!prompt) throw new McpError(ErrorCode.InvalidParams, `there is no flow prompt '${request.params.name}'`);
    const result = await runServed(prompt, inputValuesFrom(request.params.arguments ?? {}, prompt.iface.inputs), extra);
    if (result.status !== 'ok') throw new McpError(ErrorCode.InternalError, failureOf(prompt, result));
    return { description: prompt.description, messages: promptMessagesOf(result.outputs) };
  });

  server.setRequestHandler(ListResourcesRequestSchema, async () => ({
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

  server.setRequestHandler(ListResourceTemplatesRequestSchema, async () => ({
    resourceTemplates: catalog
      .listOf('resource')
      .flatMap((flow) => (staticUriOf(flow) === undefined ? [{ uriTemplate: flow.flow.mcp!.uriTemplate!, ...resourceInfoOf(flow) }] : [])),
  }));

  server.setRequestHandler(ReadResourceRequestSchema, async (request, extra): Promise<ReadResourceResult> => {
    const { uri } = request.params;
    const served = resourceFlowFor(catalog, uri);
    if (served) {
      const result = await runServed(served.flow, inputValuesFrom(served.variables, served.flow.iface.inputs), extra);
      if (result.status !== 'ok') throw new McpError(ErrorCode.InternalError, failureOf(served.flow, result));
      return { contents: resourceContentsOf(uri, result.outputs, served.flow.flow.mcp?.mimeType) };
    }
    const file = flowFileOf(catalog, uri);
    // Read with the same bounds as the catalog: the file may have been swapped for a pipe since it was listed.
    let text: string;
    try {
      text = await readFlowFileText(file);
    } catch (error) {
      throw new McpError(ErrorCode.InvalidParams, (error as Error).message);
    }
    return { contents: [{ uri, mimeType: 'application/json', text }] };
  });

  server.setRequestHandler(SubscribeRequestSchema, async (request) => {
    const { uri } = request.params;
    if (!resourceFlowFor(catalog, uri)) flowFileOf(catalog, uri);
    if (!subscribed.has(uri) && subscribed.size >= MAX_SUBSCRIPTIONS) {
      throw new McpError(
        ErrorCode.InvalidParams,
        `a session may subscribe to at most ${MAX_SUBSCRIPTIONS} resources; unsubscribe from one first`,
      );
    }
    subscribed.add(uri);
    return {};
  });

  server.setRequestHandler(UnsubscribeRequestSchema, async (request) => {
    subscribed.delete(request.params.uri);
    return {};
  });

  server.setRequestHandler(CompleteRequestSchema, async (request) => {
    const { ref, argument } = request.params;
    const flow =
      ref.type === 'ref/prompt'
        ? catalog.get(ref.name, 'prompt')
        : catalog.listOf('resource').find((f) => f.flow.mcp?.uriTemplate === ref.uri && staticUriOf(f) === undefined);
    if (!flow) return { completion: { values: [], total: 0, hasMore: false } };
    return { completion: await completeArgument(flow, argument.name, argument.value, options.files) };
  });

  return server;
}

function failureOf(flow: FlowTool, result: RunResult): string {
  const where = result.error?.nodeId ? ` at node '${result.error.nodeId}'` : '';
  return `flow '${flow.flow.name}' ${result.status === 'cancelled' ? 'was cancelled' : `failed${where}`}: ${result.error?.message ?? ''}`;
}

function resourceInfoOf(flow: FlowTool) {
  return {
    name: flow.name,
    title: flow.flow.mcp?.title ?? flow.flow.name,
    description: flow.description,
    ...(flow.flow.mcp?.mimeType ? { mimeType: flow.flow.mcp.mimeType } : {}),
    ...(flow.flow.mcp?.icons ? { icons: flow.flow.mcp.icons } : {}),
  };
}

/** The URI of a resource flow that takes no inputs; undefined for a template. */
function staticUriOf(flow: FlowTool): string | undefined {
  const template = flow.flow.mcp?.uriTemplate;
  if (template === undefined) return defaultResourceUri(flow.name);
  return UriTemplate.isTemplate(template) ? undefined : template;
}

/** The resource flow serving `uri`, with the template variables it matched. */
function resourceFlowFor(
  catalog: FlowToolCatalog,
  uri: string,
): { flow: FlowTool; variables: Record<string, string | string[]> } | undefined {
  const flows = catalog.listOf('resource');
  const exact = flows.find((flow) => staticUriOf(flow) === uri);
  if (exact) return { flow: exact, variables: {} };
  for (const flow of flows) {
    if (staticUriOf(flow) !== undefined) continue;
    const variables = new UriTemplate(flow.flow.mcp!.uriTemplate!).match(uri);
    if (variables) return { flow, variables };
  }
  return undefined;
}

/** The served flow file a file: URI names; anything else is refused so a URI cannot open the rest of the disk. */
function flowFileOf(catalog: FlowToolCatalog, uri: string): string {
  let file: string;
  try {
    file = fileURLToPath(uri);
  } catch {
    throw new McpError(ErrorCode.InvalidParams, `no served flow or flow file has the URI ${uri}`);
  }
  if (!catalog.byFile(file)) throw new McpError(ErrorCode.InvalidParams, `no served flow at ${uri}`);
  return file;
}

/** Tells every connected session that tools, prompts and resources changed. */
export function announceListChanged(servers: Iterable<Server>): void {
  for (const server of servers) {
    void server.sendToolListChanged().catch(() => undefined);
    void server.sendPromptListChanged().catch(() => undefined);
    void server.sendResourceListChanged().catch(() => undefined);
  }
}

/** Tells each session subscribed to a changed flow file (or a resource that flow serves) that it changed. */
export function announceResourcesUpdated(servers: Iterable<Server>, files: readonly string[], catalog: FlowToolCatalog): void {
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
}

const chatFlows = new WeakMap<Flow, boolean>();

function isChatFlow(flow: Flow): boolean {
  let isChat = chatFlows.get(flow);
  if (isChat === undefined) {
    isChat = flow.nodes.some((node) => node.type === 'input.chat');
    chatFlows.set(flow, isChat);
  }
  return isChat;
}
