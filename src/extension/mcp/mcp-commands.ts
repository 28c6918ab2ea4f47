// Commands of the MCP Servers view: start, stop, restart, show log, add a server to .vscode/mcp.json.
import * as vscode from 'vscode';
import { applyEdits, modify, parse as parseJsonc } from 'jsonc-parser';
import { untrustedReason } from '../workspace-trust';
import type { McpServersView, ServerItemData } from './servers-view';
import type { WorkspaceMcp } from './workspace-mcp';

export function registerMcpCommands(mcp: WorkspaceMcp, view: McpServersView): vscode.Disposable[] {
  const pick = async (item?: ServerItemData): Promise<ServerItemData | undefined> => {
    if (item) return item;
    const pools = await mcp.allPools();
    const choices = pools.flatMap(({ folder, pool }) => pool.serverNames().map((server) => ({ label: server, data: { kind: 'server' as const, folder, server, pool } })));
    return (await vscode.window.showQuickPick(choices, { title: 'FlowStudio: MCP server' }))?.data;
  };
  const guarded = (action: (item: ServerItemData) => Promise<void>) => async (arg?: ServerItemData) => {
    const refusal = untrustedReason();
    if (refusal) return void vscode.window.showWarningMessage(refusal);
    const item = await pick(arg);
    if (!item) return;
    try {
      await action(item);
    } catch (error) {
      void vscode.window.showErrorMessage(`FlowStudio: MCP server '${item.server}': ${(error as Error).message}`);
    } finally {
      view.refresh();
    }
  };
  return [
    vscode.commands.registerCommand('flowstudio.mcp.start', guarded(async ({ pool, server }) => pool.prepare([server]))),
    vscode.commands.registerCommand('flowstudio.mcp.stop', guarded(async ({ pool, server }) => pool.stop(server))),
    vscode.commands.registerCommand(
      'flowstudio.mcp.restart',
      guarded(async ({ pool, server }) => {
        await pool.stop(server);
        await pool.prepare([server]);
      }),
    ),
    vscode.commands.registerCommand(
      'flowstudio.mcp.showLog',
      guarded(async ({ pool, server }) => {
        const lines = pool.logOf(server);
        const content = lines.length ? lines.join('\n') : `(no output from ${server} yet)`;
        await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ content, language: 'log' }));
      }),
    ),
    vscode.commands.registerCommand('flowstudio.mcp.refresh', () => view.refresh()),
    vscode.commands.registerCommand('flowstudio.addMcpServer', addMcpServer),
  ];
}

type NewServer = { type: 'stdio'; command: string; args: string[] } | { type: 'http'; url: string };

/** Asks for a server (or takes one, for tests and scripts) and adds it to the first folder's .vscode/mcp.json. */
async function addMcpServer(nameArg?: string, serverArg?: NewServer): Promise<vscode.Uri | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  if (!folder) throw new Error('open a folder first: MCP servers are configured per workspace');
  let server = serverArg;
  if (!server) {
    const kind = await vscode.window.showQuickPick(
      [
        { label: 'Command (stdio)', detail: 'A local program, e.g. npx -y @modelcontextprotocol/server-memory', value: 'stdio' as const },
        { label: 'URL (HTTP)', detail: 'A Streamable HTTP or SSE endpoint', value: 'http' as const },
      ],
      { title: 'FlowStudio: Add MCP Server' },
    );
    if (!kind) return undefined;
    if (kind.value === 'stdio') {
      const line = await vscode.window.showInputBox({ title: 'Command to start the server', placeHolder: 'npx -y @modelcontextprotocol/server-memory', ignoreFocusOut: true });
      const [command, ...args] = (line ?? '').trim().split(/\s+/).filter(Boolean);
      if (!command) return undefined;
      server = { type: 'stdio', command, args };
    } else {
      const url = await vscode.window.showInputBox({ title: 'Server URL', placeHolder: 'http://127.0.0.1:3001/mcp', ignoreFocusOut: true, validateInput: (t) => (URL.canParse(t) ? undefined : 'not a URL') });
      if (!url) return undefined;
      server = { type: 'http', url };
    }
  }
  const name = nameArg ?? (await vscode.window.showInputBox({ title: 'Server name (flows refer to it as "server")', ignoreFocusOut: true, validateInput: (t) => (/^[\w.-]+$/.test(t) ? undefined : 'letters, digits, _ . -') }));
  if (!name) return undefined;
  const uri = vscode.Uri.joinPath(folder, '.vscode', 'mcp.json');
  const existing = await vscode.workspace.fs.readFile(uri).then((b) => Buffer.from(b).toString('utf8'), () => '{\n  "servers": {}\n}\n');
  const current = parseJsonc(existing) as { servers?: Record<string, unknown> } | undefined;
  if (current?.servers?.[name] !== undefined) throw new Error(`.vscode/mcp.json already has a server named "${name}"`);
  // jsonc-parser keeps the file's comments and formatting; only the new entry is added.
  const edits = modify(existing, ['servers', name], server, { formattingOptions: { tabSize: 2, insertSpaces: true, eol: '\n' } });
  await vscode.workspace.fs.writeFile(uri, Buffer.from(applyEdits(existing, edits)));
  return uri;
}
