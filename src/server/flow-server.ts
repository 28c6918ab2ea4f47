// An MCP server whose tools are flows: tools/call runs the flow, node events become progress
// notifications, client cancellation cancels the run, and flow files are readable as resources.
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  CallToolRequestSchema,
  ErrorCode,
  ListResourcesRequestSchema,
  ListToolsRequestSchema,
  McpError,
  ReadResourceRequestSchema,
  type CallToolResult,
  type ProgressToken,
  type ServerNotification,
  type ServerRequest,
} from '@modelcontextprotocol/sdk/types.js';
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type { ComponentRegistry } from '../engine/components/registry';
import type { RunEvent } from '../engine/executor/events';
import { runFlow } from '../engine/executor/run-flow';
import type { SecretStore } from '../engine/secrets/secret-store';
import type { McpAccess } from '../engine/mcp/access';
import type { Flow } from '../engine/flow/schema';
import type { FlowToolCatalog } from './flow-tool-catalog';
import type { RunLimiter } from './run-limiter';

export interface FlowServerOptions {
  catalog: FlowToolCatalog;
  registry: ComponentRegistry;
  /** MCP servers the flows themselves call. */
  mcp?: McpAccess;
  secrets?: SecretStore;
  /** Flow runs executing at once across all sessions; more calls wait. */
  limiter: RunLimiter;
  version: string;
}

/** A new SDK Server over the catalog; one per session (HTTP) or one for the process (stdio). */
export function createFlowServer(options: FlowServerOptions): Server {
  const { catalog } = options;
  // A chat flow (one with input.chat) holds one conversation per MCP session: each Server serves one
  // session (HTTP) or the whole process (stdio), so an id made here keeps callers apart.
  const conversation = randomUUID();
  const server = new Server(
    { name: 'flowstudio', title: 'FlowStudio flows', version: options.version },
    {
      capabilities: { tools: { listChanged: true }, resources: { listChanged: true } },
      instructions: 'Each tool runs a FlowStudio flow from the workspace. Results are the flow outputs.',
    },
  );

  server.setRequestHandler(ListToolsRequestSchema, async () => ({
    tools: catalog.list().map((tool) => ({
      name: tool.name,
      title: tool.flow.name,
      description: tool.description,
      inputSchema: tool.inputSchema as { type: 'object'; properties?: Record<string, object> },
      outputSchema: tool.outputSchema as { type: 'object'; properties?: Record<string, object> },
    })),
  }));

  server.setRequestHandler(CallToolRequestSchema, async (request, extra): Promise<CallToolResult> => {
    const tool = catalog.get(request.params.name);
    if (!tool) throw new McpError(ErrorCode.InvalidParams, `there is no flow tool '${request.params.name}'`);
    // acquire() makes no promise when a slot is free; with limiter.run() the closure and the extra
    // async layer per call were part of the fixed cost measured against a bare SDK server.
    const waiting = options.limiter.acquire(extra.signal);
    if (waiting) await waiting;
    try {
      const progressToken = request.params._meta?.progressToken;
      const handle = runFlow(tool.flow, {
        inputs: request.params.arguments ?? {},
        file: tool.file,
        registry: options.registry,
        mcp: options.mcp,
        secrets: options.secrets,
        signal: extra.signal,
        recordEvents: false,
        ...(isChatFlow(tool.flow) ? { chatSessionId: `${conversation}:${tool.name}` } : {}),
        // Without a progress token nobody listens, so the executor does not even build node events.
        onEvent: progressToken === undefined ? undefined : progressNotifier(progressToken, tool.flow.nodes.length, extra.sendNotification),
      });
      const result = await handle.result;
      if (result.status !== 'ok') {
        const where = result.error?.nodeId ? ` at node '${result.error.nodeId}'` : '';
        return {
          isError: true,
          content: [
            {
              type: 'text',
              text: `flow '${tool.flow.name}' ${result.status === 'cancelled' ? 'was cancelled' : `failed${where}`}: ${result.error?.message ?? ''}`,
            },
          ],
        };
      }
      return { content: [{ type: 'text', text: outputsAsText(result.outputs) }], structuredContent: result.outputs };
    } finally {
      options.limiter.release();
    }
  });

  server.setRequestHandler(ListResourcesRequestSchema, async () => ({
    resources: catalog.list().map((tool) => ({
      uri: pathToFileURL(tool.file).href,
      name: tool.flow.name,
      description: tool.description,
      mimeType: 'application/json',
    })),
  }));

  server.setRequestHandler(ReadResourceRequestSchema, async (request) => {
    let file: string;
    try {
      file = fileURLToPath(request.params.uri);
    } catch {
      throw new McpError(ErrorCode.InvalidParams, `not a flow file URI: ${request.params.uri}`);
    }
    // Only files the catalog serves are readable: a resource URI must not open the rest of the disk.
    if (!catalog.byFile(file)) throw new McpError(ErrorCode.InvalidParams, `no served flow at ${request.params.uri}`);
    return { contents: [{ uri: request.params.uri, mimeType: 'application/json', text: await readFile(file, 'utf8') }] };
  });

  return server;
}

type SendNotification = RequestHandlerExtra<ServerRequest, ServerNotification>['sendNotification'];

/** Turns node events into MCP progress notifications: one step per node finished or skipped. */
function progressNotifier(progressToken: ProgressToken, total: number, sendNotification: SendNotification): (event: RunEvent) => void {
  let done = 0;
  return (event) => {
    if (event.type !== 'node.output' && event.type !== 'node.skip') return;
    done++;
    const message = event.type === 'node.output' ? `${event.nodeId} done` : `${event.nodeId} skipped`;
    void sendNotification({ method: 'notifications/progress', params: { progressToken, progress: done, total, message } }).catch(
      () => undefined,
    );
  };
}

function outputsAsText(outputs: Record<string, unknown>): string {
  const names = Object.keys(outputs);
  if (names.length === 1) return shown(outputs[names[0]!]);
  return names.map((name) => `${name}: ${shown(outputs[name])}`).join('\n');
}

function shown(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Tells every connected session that tools and resources changed. */
export function announceListChanged(servers: Iterable<Server>): void {
  for (const server of servers) {
    void server.sendToolListChanged().catch(() => undefined);
    void server.sendResourceListChanged().catch(() => undefined);
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
