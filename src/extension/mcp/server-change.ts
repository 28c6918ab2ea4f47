// What WorkspaceMcp announces when an MCP server changes, and what the canvas palette listens for.
// Free of `vscode`, as the palette is, so both sides and their Node tests share the one type.
import type { ConnectionStatus } from '../../engine';

/** A server's status or lists changed; `list` says which list its server announced as changed. */
export interface McpServerChange {
  folder: string;
  server: string;
  status: ConnectionStatus;
  error?: string;
  /** Set when the server announced a new prompt or resource list. */
  list?: 'prompts' | 'resources';
}
