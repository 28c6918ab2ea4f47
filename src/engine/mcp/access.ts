// What components and the validator need from MCP, without the SDK's types: the executor passes an
// implementation (McpConnectionPool) in, tests and hosts may pass their own.
import type { McpCallResponder } from './call-responder';

export interface McpToolInfo {
  name: string;
  title?: string;
  description?: string;
  inputSchema: Record<string, unknown>;
  outputSchema?: Record<string, unknown>;
  annotations?: { readOnlyHint?: boolean; destructiveHint?: boolean; idempotentHint?: boolean; openWorldHint?: boolean; title?: string };
  /** Whether the tool runs as an MCP task (its execution.taskSupport); absent means it does not. */
  taskSupport?: 'forbidden' | 'optional' | 'required';
}

/**
 * Whether a call should run as a task: `auto` only when the tool requires it, `always` whenever the
 * tool and server allow it, `never` not at all (a tool that requires tasks then fails the call).
 */
export type McpTaskPreference = 'auto' | 'always' | 'never';

/** Where a task stands, as the server reports it. */
export type McpTaskStatus = 'working' | 'input_required' | 'completed' | 'failed' | 'cancelled';

export interface McpPromptInfo {
  name: string;
  description?: string;
  arguments?: { name: string; description?: string; required?: boolean }[];
}

export interface McpResourceInfo {
  uri: string;
  name: string;
  description?: string;
  mimeType?: string;
}

export interface McpToolResult {
  /** structuredContent when the tool returns it, otherwise the content blocks. */
  value: unknown;
  /** The text of every text (and embedded text resource) block, joined by newlines. */
  text: string;
  /** The content blocks as the server sent them (text, images, audio, resource links, embedded resources). */
  content: unknown[];
  /** Whether `value` is the tool's structuredContent. */
  isStructured: boolean;
  isError: boolean;
}

export interface McpCallOptions {
  signal?: AbortSignal;
  /** Progress notifications from the server, e.g. to show as node tokens. */
  onProgress?: (progress: { progress: number; total?: number; message?: string; taskStatus?: McpTaskStatus }) => void;
  /** Each JSON-RPC message of this call as it crosses the transport (request, progress, answer), for a run's trace. */
  onMessage?: (message: McpMessage) => void;
  /** The run making this call, for a server that asks back during it; without it such requests are declined. */
  responder?: McpCallResponder;
  /** For tool calls: whether to call the tool as a task; `auto` when absent. */
  task?: McpTaskPreference;
}

/** One JSON-RPC message of an MCP call, as a run trace shows it. */
export interface McpMessage {
  server: string;
  direction: 'sent' | 'received';
  /** The method of a request or notification; 'response' or 'error' for the answer. */
  method: string;
  /** The JSON-RPC id of a request or its answer; notifications have none. */
  id?: string | number;
  /** params, result or error; when its JSON is longer than 8 KB, the start of that JSON text. */
  payload: unknown;
  truncated: boolean;
}

/** Synchronous knowledge about servers, for port computation and validation. */
export interface McpCatalog {
  /** Whether a server of this name is configured. */
  hasServer(server: string): boolean;
  /** Tools of a server if they have been listed, undefined if not known yet. */
  toolsOf(server: string): readonly McpToolInfo[] | undefined;
  promptsOf(server: string): readonly McpPromptInfo[] | undefined;
  serverNames(): string[];
  /** The reason a server could not be reached, if the last attempt failed. */
  errorOf(server: string): string | undefined;
}

/** Calls into servers, for components at run time. */
export interface McpAccess extends McpCatalog {
  /** Connects to these servers and lists their tools and prompts, so the catalog can answer. */
  prepare(servers: Iterable<string>, signal?: AbortSignal): Promise<void>;
  callTool(server: string, tool: string, args: Record<string, unknown>, options?: McpCallOptions): Promise<McpToolResult>;
  readResource(server: string, uri: string, options?: McpCallOptions): Promise<{ text: string; contents: unknown[]; mimeType?: string }>;
  getPrompt(
    server: string,
    prompt: string,
    args: Record<string, string>,
    options?: McpCallOptions,
  ): Promise<{ messages: { role: 'user' | 'assistant'; content: string }[]; description?: string }>;
}

/** Server names the nodes of a flow refer to through `params.server`. */
export function serversUsedBy(nodes: readonly { type: string; params?: Record<string, unknown> }[]): string[] {
  const names = new Set<string>();
  for (const node of nodes) {
    if (node.type.startsWith('mcp.') && typeof node.params?.server === 'string') names.add(node.params.server);
  }
  return [...names];
}
