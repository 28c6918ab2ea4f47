// The questions Add MCP Server asks: what to run or connect to, and the name flows will use. Kept
// behind an interface so the extension tests can answer them as a person would.
import * as vscode from 'vscode';
import type { NewServer } from '../../engine/mcp/new-server';

export const serverNamePattern = /^[\w.-]+$/;

export interface NewServerQuestions {
  /** The command or URL; undefined when the person cancels. */
  server(): Promise<NewServer | undefined>;
  /** The server's name; undefined when the person cancels. */
  name(): Promise<string | undefined>;
}

export const inputBoxQuestions: NewServerQuestions = {
  async server() {
    const kind = await vscode.window.showQuickPick(
      [
        { label: 'Command (stdio)', detail: 'A local program, e.g. npx -y @modelcontextprotocol/server-memory', value: 'stdio' as const },
        { label: 'URL (HTTP)', detail: 'A Streamable HTTP or SSE endpoint', value: 'http' as const },
      ],
      { title: 'FlowStudio: Add MCP Server' },
    );
    if (!kind) return undefined;
    if (kind.value === 'stdio') {
      const line = await vscode.window.showInputBox({
        title: 'Command to start the server',
        placeHolder: 'npx -y @modelcontextprotocol/server-memory',
        ignoreFocusOut: true,
      });
      const [command, ...args] = (line ?? '').trim().split(/\s+/).filter(Boolean);
      return command ? { type: 'stdio', command, args } : undefined;
    }
    const url = await vscode.window.showInputBox({
      title: 'Server URL',
      placeHolder: 'http://127.0.0.1:3001/mcp',
      ignoreFocusOut: true,
      validateInput: (t) => (URL.canParse(t) ? undefined : 'not a URL'),
    });
    return url ? { type: 'http', url } : undefined;
  },
  async name() {
    return vscode.window.showInputBox({
      title: 'Server name (flows refer to it as "server")',
      ignoreFocusOut: true,
      validateInput: (t) => (serverNamePattern.test(t) ? undefined : 'letters, digits, _ . -'),
    });
  },
};
