// What the inspector says about an mcp.tool, mcp.prompt or mcp.resource node, from the live MCP
// catalog: the tool's description and input schema, the prompt's arguments, the resource's
// description and type, or why it cannot be shown (server not configured, not connected, no such tool).
import type { McpCatalogMessage, McpPromptView, McpResourceView, McpServerView, McpToolView } from '../../protocol/messages';

export interface SchemaProperty {
  name: string;
  type: string;
  isRequired: boolean;
  description?: string;
}

export type McpDoc =
  | { kind: 'message'; isProblem: boolean; text: string }
  | { kind: 'tool'; server: string; tool: McpToolView; properties: SchemaProperty[] }
  | { kind: 'prompt'; server: string; prompt: McpPromptView }
  | { kind: 'resource'; server: string; uri: string; resource: McpResourceView | undefined };

const listed = (names: readonly string[]) => (names.length > 10 ? `${names.slice(0, 10).join(', ')}, …` : names.join(', '));

/** The documentation for a node, or undefined when its type is not an MCP tool, prompt or resource. */
export function mcpDocOf(type: string, params: Readonly<Record<string, unknown>>, catalog: McpCatalogMessage | null): McpDoc | undefined {
  if (type !== 'mcp.tool' && type !== 'mcp.prompt' && type !== 'mcp.resource') return undefined;
  const message = (text: string, isProblem = false): McpDoc => ({ kind: 'message', isProblem, text });
  if (!catalog) return message('Loading the workspace’s MCP servers…');
  if (catalog.unavailableReason) return message(catalog.unavailableReason);
  const serverName = typeof params.server === 'string' ? params.server : '';
  const names = catalog.servers.map((s) => s.name);
  const server = catalog.servers.find((s) => s.name === serverName);
  if (!server) {
    const configured = names.length ? `configured: ${listed(names)}` : 'no MCP server is configured (add one to .vscode/mcp.json)';
    return message(
      serverName ? `MCP server '${serverName}' is not configured in this workspace; ${configured}.` : `Set the server; ${configured}.`,
      true,
    );
  }
  const unreachable = notConnected(server);
  if (unreachable) return unreachable;
  switch (type) {
    case 'mcp.tool': {
      const name = typeof params.tool === 'string' ? params.tool : '';
      const tool = server.tools.find((t) => t.name === name);
      if (!tool)
        return message(
          `MCP server '${server.name}' has no tool '${name}'; its tools: ${listed(server.tools.map((t) => t.name)) || 'none'}.`,
          true,
        );
      return { kind: 'tool', server: server.name, tool, properties: schemaProperties(tool.inputSchema) };
    }
    case 'mcp.prompt': {
      const name = typeof params.prompt === 'string' ? params.prompt : '';
      const prompt = server.prompts.find((p) => p.name === name);
      if (!prompt)
        return message(
          `MCP server '${server.name}' has no prompt '${name}'; its prompts: ${listed(server.prompts.map((p) => p.name)) || 'none'}.`,
          true,
        );
      return { kind: 'prompt', server: server.name, prompt };
    }
    default: {
      const uri = typeof params.uri === 'string' ? params.uri : '';
      return { kind: 'resource', server: server.name, uri, resource: server.resources.find((r) => r.uri === uri) };
    }
  }
}

function notConnected(server: McpServerView): McpDoc | undefined {
  switch (server.status) {
    case 'connected':
      return undefined;
    case 'connecting':
      return {
        kind: 'message',
        isProblem: false,
        text: `Connecting to MCP server '${server.name}'; its documentation shows once it is connected.`,
      };
    case 'error':
      return { kind: 'message', isProblem: true, text: `MCP server '${server.name}' failed: ${server.error ?? 'no reason given'}` };
    case 'stopped':
      return {
        kind: 'message',
        isProblem: false,
        text: `MCP server '${server.name}' is ${server.error ?? 'stopped; start it from the MCP Servers view to see its documentation'}.`,
      };
  }
}

/** The top-level properties of an object JSON Schema, in the schema's order. */
export function schemaProperties(schema: Readonly<Record<string, unknown>>): SchemaProperty[] {
  const properties = isRecord(schema.properties) ? schema.properties : {};
  const required = new Set(Array.isArray(schema.required) ? schema.required.filter((r): r is string => typeof r === 'string') : []);
  return Object.entries(properties).map(([name, property]) => {
    const description = isRecord(property) && typeof property.description === 'string' ? property.description : undefined;
    return { name, type: schemaType(property), isRequired: required.has(name), ...(description ? { description } : {}) };
  });
}

/** A short type for a property schema: `string`, `number | null`, `"a" | "b"`, `string[]`, or `any`. */
export function schemaType(schema: unknown): string {
  if (!isRecord(schema)) return 'any';
  if (Array.isArray(schema.enum)) return schema.enum.map((v) => JSON.stringify(v)).join(' | ');
  if ('const' in schema) return JSON.stringify(schema.const);
  const alternatives = Array.isArray(schema.anyOf) ? schema.anyOf : Array.isArray(schema.oneOf) ? schema.oneOf : undefined;
  if (alternatives) return [...new Set(alternatives.map(schemaType))].join(' | ');
  const type = schema.type;
  if (type === 'array') return `${wrapped(schemaType(schema.items))}[]`;
  if (typeof type === 'string') return type;
  if (Array.isArray(type)) return type.filter((t) => typeof t === 'string').join(' | ') || 'any';
  return isRecord(schema.properties) ? 'object' : 'any';
}

function wrapped(type: string): string {
  return type.includes(' | ') ? `(${type})` : type;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
