// A served flow's tool annotations, read from its nodes: does running it change anything outside the
// run, could that be destructive, does it reach the network. The flow's `mcp.annotations` win.
import type { McpCatalog } from '../engine/mcp/access';
import type { Flow, FlowNode, FlowToolAnnotations } from '../engine/flow/schema';

/** Nodes that write files. */
const WRITING_TYPES = new Set(['output.file', 'rag.store']);
/** Nodes that talk to a model, a web server or an MCP server. */
const NETWORK_TYPES = new Set([
  'llm.chat',
  'llm.structured',
  'agent',
  'rag.embed',
  'http.request',
  'mcp.tool',
  'mcp.tools',
  'mcp.resource',
  'mcp.prompt',
]);
/** Nodes whose effect is whatever the tools or flows they call do. */
const CALLING_TYPES = new Set(['mcp.tool', 'mcp.tools', 'agent', 'flow.run', 'flow.map']);

type Effect = 'none' | 'unknown' | 'destructive';

export function toolAnnotationsOf(flow: Flow, mcp?: McpCatalog): FlowToolAnnotations {
  let effect: Effect = 'none';
  let isOpenWorld = false;
  for (const node of flow.nodes) {
    if (NETWORK_TYPES.has(node.type)) isOpenWorld = true;
    const nodeEffect = effectOf(node, mcp);
    if (nodeEffect === 'destructive') effect = 'destructive';
    else if (nodeEffect === 'unknown' && effect === 'none') effect = 'unknown';
  }
  const derived: FlowToolAnnotations = {
    readOnlyHint: effect === 'none',
    // MCP's default for a tool that is not read-only is "destructive"; say so only when a node does.
    ...(effect === 'unknown' ? {} : { destructiveHint: effect === 'destructive' }),
    openWorldHint: isOpenWorld,
  };
  const overrides = flow.mcp?.annotations ?? {};
  return { ...derived, ...overrides, ...(flow.mcp?.title ? { title: flow.mcp.title } : {}) };
}

function effectOf(node: FlowNode, mcp: McpCatalog | undefined): Effect {
  if (WRITING_TYPES.has(node.type)) return 'destructive';
  if (!CALLING_TYPES.has(node.type)) return 'none';
  const params = node.params ?? {};
  if (node.type === 'mcp.tool' && typeof params.server === 'string' && typeof params.tool === 'string') {
    // Known only once the server has been listed; until then the tool could do anything.
    const tool = mcp?.toolsOf(params.server)?.find((t) => t.name === params.tool);
    if (!tool) return 'unknown';
    if (tool.annotations?.readOnlyHint === true) return 'none';
    return tool.annotations?.destructiveHint === false ? 'unknown' : 'destructive';
  }
  // An agent's tools, a sub-flow's nodes: not followed here, so not vouched for.
  return 'unknown';
}
