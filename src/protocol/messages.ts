// The messages between the extension host and a flow editor webview, as zod schemas. Both sides
// import this module and parse everything they receive; nothing is sent that does not parse.
// Answers to requests carry the request's `requestId`.
import * as z from 'zod';
import { flowEditSchema } from '../engine/flow/flow-edit-schema';
import { flowSchema } from '../engine/flow/schema';

const requestId = z.string().min(1).max(100);

/** A finding of the flow's check, as the engine reported it: its code and its place in the flow file kept. */
export const problemSchema = z.object({
  severity: z.enum(['error', 'warning']),
  /** The engine's diagnostic code (`invalid-params`, `invalid-arguments`, ...), or the parse error's (`syntax`, `schema`, `version`). */
  code: z.string().min(1).max(100).optional(),
  message: z.string(),
  nodeId: z.string().optional(),
  edgeId: z.string().optional(),
  /** Where in the flow JSON, e.g. ['nodes', 2, 'params', 'arguments', 'city']: the inspector places the problem by it. */
  path: z
    .array(z.union([z.string(), z.number()]))
    .max(100)
    .optional(),
  line: z.number().int().optional(),
  column: z.number().int().optional(),
});
export type Problem = z.infer<typeof problemSchema>;

/** A run event as the webview sees it: the engine's RunEvent fields it draws, nothing that could hold a secret but values it shows. */
export const runEventViewSchema = z.looseObject({
  type: z.string().min(1),
  runId: z.string(),
  nodeId: z.string().optional(),
  t: z.number(),
});
export type RunEventView = z.infer<typeof runEventViewSchema>;

/** A `node.mcp-message` run event (one JSON-RPC message of a node's MCP call) as the timeline lists it. */
export const mcpMessageEventViewSchema = z.object({
  type: z.literal('node.mcp-message'),
  nodeId: z.string(),
  t: z.number(),
  server: z.string(),
  direction: z.enum(['sent', 'received']),
  /** The request's or notification's method; 'response' or 'error' for an answer. */
  method: z.string(),
  id: z.union([z.string(), z.number()]).optional(),
  /** params, result or error; a string of the start of its JSON when `truncated`. */
  payload: z.unknown(),
  truncated: z.boolean(),
});
export type McpMessageEventView = z.infer<typeof mcpMessageEventViewSchema>;

/**
 * A media value (an image, audio clip or file from an MCP result) inside a run event's outputs, as the
 * canvas reads it before showing a preview. `data` is base64; its length is checked where it is shown.
 */
export const mediaViewSchema = z.object({
  media: z.enum(['image', 'audio', 'file']),
  mimeType: z.string().min(1).max(200),
  data: z.string().optional(),
  uri: z.string().max(2000).optional(),
  name: z.string().max(500).optional(),
  bytes: z.number().nonnegative().optional(),
  omitted: z.string().max(500).optional(),
});
export type MediaView = z.infer<typeof mediaViewSchema>;

/** One entry of mcp.tool's `resources` output: a resource the result links to or embeds. */
export const resourceItemViewSchema = z.object({
  kind: z.enum(['link', 'embedded']),
  uri: z.string().max(2000),
  name: z.string().max(2000).optional(),
  title: z.string().max(2000).optional(),
  mimeType: z.string().max(200).optional(),
  text: z.string().optional(),
  file: mediaViewSchema.optional(),
});
export type ResourceItemView = z.infer<typeof resourceItemViewSchema>;

/** A link the canvas may ask the host to open in the browser: https only, never javascript:, command: or file:. */
export const externalLinkSchema = z
  .string()
  .max(2000)
  .refine((text) => URL.canParse(text) && new URL(text).protocol === 'https:', 'only an https link can be opened');

/** A node's port as the canvas draws it: a handle with its type (colour and shape) and whether it takes many edges. */
export const portViewSchema = z.object({
  name: z.string(),
  type: z.string(),
  description: z.string().optional(),
  required: z.boolean().optional(),
  many: z.boolean().optional(),
});
export type PortView = z.infer<typeof portViewSchema>;

/** A component as the palette and inspector see it; `paramsSchema` is the JSON Schema of its params. */
export const componentViewSchema = z.object({
  id: z.string(),
  category: z.string(),
  title: z.string(),
  description: z.string(),
  icon: z.string().optional(),
  paramsSchema: z.record(z.string(), z.unknown()),
});
export type ComponentView = z.infer<typeof componentViewSchema>;

/** A tool of a connected MCP server, for the palette and the inspector's tool documentation. */
export const mcpToolViewSchema = z.object({
  name: z.string(),
  title: z.string().optional(),
  description: z.string().optional(),
  inputSchema: z.record(z.string(), z.unknown()),
  annotations: z
    .object({
      title: z.string().optional(),
      readOnlyHint: z.boolean().optional(),
      destructiveHint: z.boolean().optional(),
      idempotentHint: z.boolean().optional(),
      openWorldHint: z.boolean().optional(),
    })
    .optional(),
});
export type McpToolView = z.infer<typeof mcpToolViewSchema>;

export const mcpResourceViewSchema = z.object({
  uri: z.string(),
  name: z.string(),
  description: z.string().optional(),
  mimeType: z.string().optional(),
});
export type McpResourceView = z.infer<typeof mcpResourceViewSchema>;

export const mcpPromptViewSchema = z.object({
  name: z.string(),
  description: z.string().optional(),
  arguments: z.array(z.object({ name: z.string(), description: z.string().optional(), required: z.boolean().optional() })).optional(),
});
export type McpPromptView = z.infer<typeof mcpPromptViewSchema>;

/** One configured MCP server of the workspace: its status and, once connected, what it offers. */
export const mcpServerViewSchema = z.object({
  name: z.string(),
  /** `connecting` also while a connected server's lists are being read. */
  status: z.enum(['stopped', 'connecting', 'connected', 'error']),
  /** Why it failed (status error), or why the editor did not start it (status stopped). */
  error: z.string().optional(),
  /** Set when it is stopped for want of the user's consent: the palette offers to ask (again). */
  consent: z.enum(['undecided', 'denied']).optional(),
  tools: z.array(mcpToolViewSchema),
  resources: z.array(mcpResourceViewSchema),
  prompts: z.array(mcpPromptViewSchema),
  /** Set when the server is connected but its resources could not be listed. */
  resourcesError: z.string().optional(),
});
export type McpServerView = z.infer<typeof mcpServerViewSchema>;

/** The workspace's MCP servers for the palette and inspector: sent when the canvas opens and whenever a server changes. */
export const mcpCatalogMessageSchema = z.object({
  type: z.literal('mcpCatalog'),
  servers: z.array(mcpServerViewSchema),
  /** Why no server is listed (an untrusted workspace, a configuration that could not be read); `servers` is then empty. */
  unavailableReason: z.string().optional(),
});
export type McpCatalogMessage = z.infer<typeof mcpCatalogMessageSchema>;

/** A node's resolved ports: its handles, and what connection checks compare. */
export const nodePortsSchema = z.object({ inputs: z.array(portViewSchema), outputs: z.array(portViewSchema) });
export type NodePorts = z.infer<typeof nodePortsSchema>;

export const catalogMessageSchema = z
  .object({
    type: z.literal('catalog'),
    /** The document version the node ports were resolved for. */
    version: z.number().int(),
    components: z.array(componentViewSchema),
    /**
     * The distinct port lists of the current flow's nodes (ports may depend on params, e.g.
     * text.template). Nodes with the same ports share one entry: a 1,000-node flow has a handful,
     * and the webview validates a handful instead of a thousand.
     */
    portSets: z.array(nodePortsSchema),
    /** Per node id, the index of its ports in `portSets`. */
    nodePorts: z.record(z.string(), z.number().int().nonnegative()),
    /** Port type -> the input port types it may feed: the engine's one compatibility table, as data. */
    portCompatibility: z.record(z.string(), z.array(z.string())),
    /** Names of the secrets set in this editor (never their values), for the inspector's secret picker. */
    secretNames: z.array(z.string()),
  })
  .check((context) => {
    const count = context.value.portSets.length;
    for (const [nodeId, index] of Object.entries(context.value.nodePorts)) {
      if (index >= count)
        context.issues.push({
          code: 'custom',
          message: `port set ${index} of node '${nodeId}' is not one of the ${count} sent`,
          input: index,
          path: ['nodePorts', nodeId],
        });
    }
  });
export type CatalogMessage = z.infer<typeof catalogMessageSchema>;

/** A model the inspector's model picker suggests: `id` is the value params.model takes. */
export const modelOptionSchema = z.object({
  id: z.string().min(1).max(300),
  label: z.string().max(300).optional(),
  detail: z.string().max(300).optional(),
});
export type ModelOption = z.infer<typeof modelOptionSchema>;

/** The models a provider offers: the answer to `listModels`, and sent again when the editor's own models change. */
export const modelsMessageSchema = z.object({
  type: z.literal('models'),
  requestId: requestId.optional(),
  provider: z.string().min(1).max(100),
  /** The node's baseURL the list came from, as written in the flow (absent: the provider's default). */
  baseURL: z.string().max(2000).optional(),
  models: z.array(modelOptionSchema).max(1000),
  /** Why the list is empty or may be incomplete (a server that did not answer), for the picker. */
  note: z.string().max(500).optional(),
});
export type ModelsMessage = z.infer<typeof modelsMessageSchema>;

/**
 * Which of the editor's side panels are open, remembered per workspace: the canvas reports each change
 * as `panelLayout`, and the host sends the remembered layout to a canvas before its first document.
 */
export const panelLayoutSchema = z.object({
  isPaletteOpen: z.boolean().optional(),
  isInspectorOpen: z.boolean().optional(),
  isMiniMapOpen: z.boolean().optional(),
});
export type PanelLayout = z.infer<typeof panelLayoutSchema>;

export const hostToWebviewSchema = z.discriminatedUnion('type', [
  catalogMessageSchema,
  mcpCatalogMessageSchema,
  /** The document as it is now: sent on open, after every change and on revert. */
  z.object({
    type: z.literal('document'),
    version: z.number().int(),
    /** null when the text is not a flow the editor can show; `problems` says why. */
    flow: flowSchema.nullable(),
    /** The check's findings for this version; absent while that check runs, so the canvas keeps the last ones (no flicker). */
    problems: z.array(problemSchema).optional(),
    /** Set when the canvas must not edit, e.g. a file from a newer FlowStudio. */
    readOnlyReason: z.string().optional(),
  }),
  z.object({ type: z.literal('workspace'), isTrusted: z.boolean(), untrustedReason: z.string().optional() }),
  z.object({ type: z.literal('runEvent'), event: runEventViewSchema }),
  z.object({ type: z.literal('response'), requestId, ok: z.boolean(), error: z.string().optional() }),
  modelsMessageSchema,
  /**
   * Before a run, a save or a close: send now every edit still waiting for its typing pause (a field
   * being typed in), then answer `flushed` with this requestId, after those edits.
   */
  z.object({ type: z.literal('flushEdits'), requestId }),
  panelLayoutSchema.extend({ type: z.literal('panelLayout') }),
]);
export type HostToWebview = z.infer<typeof hostToWebviewSchema>;

export const webviewToHostSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('edit'), requestId, edits: z.array(flowEditSchema).min(1).max(1000) }),
  z.object({
    type: z.literal('run'),
    requestId,
    mode: z.enum(['run', 'debug']),
    /** Run only this node and what it depends on. */
    stopAt: z.string().optional(),
    inputs: z.record(z.string(), z.unknown()).optional(),
    /** Makes the run a turn of this chat session (input.chat gets its history, output.chat records the turn). */
    chatSessionId: z.string().min(1).max(100).optional(),
  }),
  /** Ctrl+Z / Ctrl+Shift+Z in the canvas: the document's own undo/redo. */
  z.object({ type: z.literal('history'), action: z.enum(['undo', 'redo']) }),
  /** Replaces input values of a node the paused run has not started yet. */
  z.object({ type: z.literal('editInputs'), requestId, nodeId: z.string().min(1), inputs: z.record(z.string(), z.unknown()) }),
  z.object({ type: z.literal('debug'), action: z.enum(['pause', 'step', 'resume', 'stop']) }),
  z.object({ type: z.literal('setBreakpoints'), nodeIds: z.array(z.string()).max(10_000) }),
  /** The canvas selection, so "Run to selected node" from the palette knows the node. */
  z.object({ type: z.literal('selection'), nodeIds: z.array(z.string()).max(10_000) }),
  z.object({ type: z.literal('openAsText') }),
  /** The models a node's provider offers; the host reads provider, baseURL and apiKey from the document, never from the webview. */
  z.object({ type: z.literal('listModels'), requestId, nodeId: z.string().min(1) }),
  /**
   * The palette's "Allow…" on a server that needs consent: the host asks the consent question for that
   * server of the document's folder (the message itself grants nothing) and starts it when allowed.
   */
  z.object({ type: z.literal('allowMcpServer'), requestId, server: z.string().min(1).max(200) }),
  /** The answer to the host's `flushEdits`: every edit typed before it has been posted. */
  z.object({ type: z.literal('flushed'), requestId }),
  /** A resource link of a run's result clicked in the canvas: the host opens it in the browser (https only). */
  z.object({ type: z.literal('openLink'), url: externalLinkSchema }),
  /** A side panel opened or closed: the host remembers it for the workspace's next canvases. */
  panelLayoutSchema.extend({ type: z.literal('panelLayout') }),
]);
export type WebviewToHost = z.infer<typeof webviewToHostSchema>;

/** Parses a message or explains in one line why it is not one (for the log; the message is dropped). */
export function parseMessage<T>(schema: z.ZodType<T>, data: unknown): { ok: true; message: T } | { ok: false; error: string } {
  const parsed = schema.safeParse(data);
  if (parsed.success) return { ok: true, message: parsed.data };
  const issue = parsed.error.issues[0];
  return { ok: false, error: issue ? `${issue.path.join('.') || '(message)'}: ${issue.message}` : 'invalid message' };
}
