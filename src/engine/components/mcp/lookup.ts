// Finding a server, tool or prompt in the MCP catalog for port computation, with errors that say
// what to fix. Port functions throw these; validation shows them on the node.
import type { McpCatalog, McpPromptInfo, McpToolInfo } from '../../mcp/access';
import type { PortContext, PortSpec } from '../define-component';
import type { PortType } from '../../ports/port-types';
import { closestMatch } from '../../validate/suggest';

export function catalogOf(context: PortContext): McpCatalog {
  if (!context.mcp)
    throw new Error('MCP servers are not available here (the CLI takes --mcp-config or reads .vscode/mcp.json / .cursor/mcp.json)');
  return context.mcp;
}

function checkedServer(catalog: McpCatalog, server: string): void {
  if (!catalog.hasServer(server)) {
    const known = catalog.serverNames();
    const hint = closestMatch(server, known);
    throw new Error(
      `MCP server '${server}' is not configured${hint ? ` (did you mean '${hint}'?)` : ''}; ` +
        (known.length ? `configured: ${known.join(', ')}` : 'add it to .vscode/mcp.json'),
    );
  }
}

export function findTool(context: PortContext, server: string, tool: string): McpToolInfo {
  const catalog = catalogOf(context);
  checkedServer(catalog, server);
  const tools = catalog.toolsOf(server);
  if (!tools) throw new Error(catalog.errorOf(server) ?? `MCP server '${server}' has not been reached yet, so its tools are unknown`);
  const found = tools.find((t) => t.name === tool);
  if (!found) {
    const hint = closestMatch(
      tool,
      tools.map((t) => t.name),
    );
    throw new Error(`MCP server '${server}' has no tool '${tool}'${hint ? ` (did you mean '${hint}'?)` : ''}`);
  }
  return found;
}

export function findTools(context: PortContext, server: string): readonly McpToolInfo[] {
  const catalog = catalogOf(context);
  checkedServer(catalog, server);
  const tools = catalog.toolsOf(server);
  if (!tools) throw new Error(catalog.errorOf(server) ?? `MCP server '${server}' has not been reached yet, so its tools are unknown`);
  return tools;
}

export function findPrompt(context: PortContext, server: string, prompt: string): McpPromptInfo {
  const catalog = catalogOf(context);
  checkedServer(catalog, server);
  const prompts = catalog.promptsOf(server);
  if (!prompts) throw new Error(catalog.errorOf(server) ?? `MCP server '${server}' has not been reached yet, so its prompts are unknown`);
  const found = prompts.find((p) => p.name === prompt);
  if (!found) {
    const hint = closestMatch(
      prompt,
      prompts.map((p) => p.name),
    );
    throw new Error(`MCP server '${server}' has no prompt '${prompt}'${hint ? ` (did you mean '${hint}'?)` : ''}`);
  }
  return found;
}

/** The port type that carries values of a JSON Schema. */
export function portTypeOfSchema(schema: unknown): PortType {
  const type = typeof schema === 'object' && schema !== null ? (schema as { type?: unknown }).type : undefined;
  switch (type) {
    case 'string':
      return 'text';
    case 'number':
    case 'integer':
      return 'number';
    case 'boolean':
      return 'boolean';
    default:
      return 'json';
  }
}

/** One input port per property of a tool's inputSchema; a property fixed in `arguments` is not required. */
export function portsOfInputSchema(inputSchema: Record<string, unknown>, fixed: Record<string, unknown> = {}): PortSpec[] {
  const properties = (inputSchema.properties ?? {}) as Record<string, { description?: string; default?: unknown }>;
  const required = new Set(Array.isArray(inputSchema.required) ? (inputSchema.required as string[]) : []);
  return Object.entries(properties).map(([name, schema]) => ({
    name,
    type: portTypeOfSchema(schema),
    description: schema.description,
    required: required.has(name) && !(name in fixed) && schema.default === undefined,
  }));
}
