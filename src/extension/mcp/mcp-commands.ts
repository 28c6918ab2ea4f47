// Commands of the MCP Servers view: start (asking for consent), allow, reset consent, stop, restart,
// show log, add a server to .vscode/mcp.json; and the quick fix that allows a server a flow needs.
import * as vscode from 'vscode';
import { MCP_CONSENT_CODE, type FlowProblemAt } from '../diagnostics/flow-check';
import { applyEdits, modify, parse as parseJsonc } from 'jsonc-parser';
import type { McpConnectionPool } from '../../engine';
import { newServerSchema, type NewServer } from '../../engine/mcp/new-server';
import { untrustedReason } from '../workspace-trust';
import { consentReason } from './server-consent';
import { serverNamePattern } from './new-server-questions';
import { ServerLogDocuments } from './server-log-documents';
import type { McpServersView, ServerItemData } from './servers-view';
import type { WorkspaceMcp } from './workspace-mcp';

/** A server named by folder and name, as a diagnostic's quick fix and the canvas palette pass it. */
export interface ServerReference {
  folder: string;
  server: string;
}

/** The current check's problems of a document (undefined while it is being rechecked). */
export type CurrentProblems = (document: vscode.TextDocument) => readonly FlowProblemAt[] | undefined;

export function registerMcpCommands(mcp: WorkspaceMcp, view: McpServersView, problemsOf: CurrentProblems): vscode.Disposable[] {
  const logs = new ServerLogDocuments(mcp);
  const pick = async (item?: ServerItemData | ServerReference): Promise<ServerItemData | undefined> => {
    if (item) return resolveItem(mcp, item);
    const pools = await mcp.allPools();
    const choices = pools.flatMap(({ folder, pool }) =>
      pool.serverNames().map((server) => ({ label: server, data: { kind: 'server' as const, folder, server, pool } })),
    );
    return (await vscode.window.showQuickPick(choices, { title: 'FlowStudio: MCP server' }))?.data;
  };
  const guarded = (action: (item: ServerItemData) => Promise<void>) => async (arg?: ServerItemData | ServerReference) => {
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
    // Start and Allow are the user's request to run the server: they ask the consent question (even when
    // invoked with arguments, e.g. from a link) unless the server is already allowed, then start it.
    vscode.commands.registerCommand(
      'flowstudio.mcp.start',
      guarded((item) => startWithConsent(mcp, item)),
    ),
    vscode.commands.registerCommand(
      'flowstudio.mcp.allow',
      guarded((item) => startWithConsent(mcp, item)),
    ),
    vscode.commands.registerCommand('flowstudio.mcp.resetConsent', async (arg?: ServerItemData) => {
      await mcp.consent.reset(arg?.kind === 'server' ? { folder: arg.folder, server: arg.server } : undefined);
      view.refresh();
      void vscode.window.showInformationMessage(
        arg?.kind === 'server'
          ? `FlowStudio: MCP server '${arg.server}' will ask before it starts again.`
          : 'FlowStudio: every MCP server of this workspace will ask before it starts again.',
      );
    }),
    vscode.commands.registerCommand(
      'flowstudio.mcp.stop',
      guarded(async ({ pool, server }) => pool.stop(server)),
    ),
    vscode.commands.registerCommand(
      'flowstudio.mcp.restart',
      guarded(async ({ pool, server }) => {
        await pool.stop(server);
        await pool.prepare([server]);
      }),
    ),
    vscode.commands.registerCommand(
      'flowstudio.mcp.showLog',
      guarded(async ({ folder, server }) => void (await logs.show(folder, server))),
    ),
    vscode.commands.registerCommand('flowstudio.mcp.refresh', () => view.refresh()),
    // From the view's title bar VS Code passes the selected row (and the selection) as arguments: only a
    // string is a name given by a script, and only then does the second argument describe a server.
    vscode.commands.registerCommand('flowstudio.addMcpServer', async (nameArg?: unknown, serverArg?: unknown) => {
      const isScripted = typeof nameArg === 'string';
      const added = await addMcpServer(mcp, isScripted ? nameArg : undefined, isScripted ? serverArg : undefined);
      if (!added) return undefined;
      view.refresh();
      void vscode.window.showInformationMessage(
        `FlowStudio: Added server "${added.name}" to ${vscode.workspace.asRelativePath(added.file)}.`,
      );
      return added.file;
    }),
    vscode.languages.registerCodeActionsProvider({ pattern: '**/*.flow.json' }, new AllowServerQuickFix(mcp, problemsOf), {
      providedCodeActionKinds: [vscode.CodeActionKind.QuickFix],
    }),
    logs,
  ];
}

/**
 * The Allow command's work for a server named by folder and name (the canvas palette's button): throws
 * when the folder has no such configured server, asks the consent question unless it is already
 * allowed, and starts the server when the answer is yes.
 */
export async function allowServerToStart(mcp: WorkspaceMcp, reference: ServerReference): Promise<void> {
  await startWithConsent(mcp, await resolveItem(mcp, reference));
}

async function resolveItem(mcp: WorkspaceMcp, item: ServerItemData | ServerReference): Promise<ServerItemData> {
  if ('pool' in item) return item;
  const pool = await mcp.poolOfFolder(item.folder);
  if (!pool?.hasServer(item.server)) throw new Error(`MCP server '${item.server}' is not configured for ${item.folder}`);
  return { kind: 'server', folder: item.folder, server: item.server, pool };
}

async function startWithConsent(
  mcp: WorkspaceMcp,
  { folder, server, pool }: { folder: string; server: string; pool: McpConnectionPool },
): Promise<void> {
  const definition = pool.definitionOf(server);
  if (!definition) throw new Error('it is not configured');
  let state = mcp.consent.stateOf(folder, definition);
  if (state !== 'allowed') state = await mcp.consent.ask(folder, definition);
  if (state !== 'allowed') {
    void vscode.window.showWarningMessage(`FlowStudio: ${consentReason(server, state)}`);
    return;
  }
  await pool.prepare([server]);
}

/**
 * "Allow MCP server 'x' to start" on the diagnostics that say a server needs consent. Which ones those
 * are, and for which server, comes from the check's structured problems (code and server), never from
 * the message text: a diagnostic can quote flow text that merely reads like a consent message.
 */
class AllowServerQuickFix implements vscode.CodeActionProvider {
  constructor(
    private readonly mcp: WorkspaceMcp,
    private readonly problemsOf: CurrentProblems,
  ) {}

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const folder = this.mcp.folderOf(document.uri);
    const consentProblems = (this.problemsOf(document) ?? []).filter((p) => p.code === MCP_CONSENT_CODE && p.server !== undefined);
    const byServer = new Map<string, vscode.Diagnostic[]>();
    for (const diagnostic of context.diagnostics) {
      if (codeOf(diagnostic) !== MCP_CONSENT_CODE) continue;
      const offset = document.offsetAt(diagnostic.range.start);
      const problem = consentProblems.find((p) => p.offset === offset && p.message === diagnostic.message);
      if (!problem?.server) continue;
      byServer.set(problem.server, [...(byServer.get(problem.server) ?? []), diagnostic]);
    }
    return [...byServer].map(([server, diagnostics]) => {
      const action = new vscode.CodeAction(`Allow MCP server '${server}' to start…`, vscode.CodeActionKind.QuickFix);
      action.command = { command: 'flowstudio.mcp.allow', title: action.title, arguments: [{ folder, server } satisfies ServerReference] };
      action.diagnostics = diagnostics;
      return action;
    });
  }
}

function codeOf(diagnostic: vscode.Diagnostic): string | number | undefined {
  return typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code;
}

/**
 * Asks for a server (or takes one, for scripts and tests) and adds it to the first folder's
 * .vscode/mcp.json after the user confirms what it will run: a caller's arguments never skip that.
 */
async function addMcpServer(
  mcp: WorkspaceMcp,
  nameArg?: string,
  serverArg?: unknown,
): Promise<{ name: string; file: vscode.Uri } | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  if (!folder) throw new Error('open a folder first: MCP servers are configured per workspace');
  let server: NewServer | undefined;
  if (serverArg !== undefined) {
    const parsed = newServerSchema.safeParse(serverArg);
    if (!parsed.success)
      throw new Error(
        `Add MCP Server: the server must be {type:"stdio",command,args} or {type:"http",url}: ${parsed.error.issues[0]?.message ?? 'invalid'}`,
      );
    server = parsed.data;
  } else {
    server = await mcp.askNewServer.server();
    if (!server) return undefined;
  }
  const name = nameArg ?? (await mcp.askNewServer.name());
  if (!name) return undefined;
  if (!serverNamePattern.test(name)) throw new Error(`Add MCP Server: "${name}" is not a server name (letters, digits, _ . -)`);
  const runs = server.type === 'stdio' ? `It runs: ${[server.command, ...server.args].join(' ')}` : `It connects to: ${server.url}`;
  const isConfirmed = await mcp.confirm({
    message: `Add the MCP server "${name}" to this workspace's .vscode/mcp.json?`,
    detail: `${runs}\n\nIt starts only after you allow it.`,
    action: 'Add',
  });
  if (!isConfirmed) return undefined;
  const uri = vscode.Uri.joinPath(folder, '.vscode', 'mcp.json');
  const existing = await vscode.workspace.fs.readFile(uri).then(
    (b) => Buffer.from(b).toString('utf8'),
    () => '{\n  "servers": {}\n}\n',
  );
  const current = parseJsonc(existing) as { servers?: Record<string, unknown> } | undefined;
  if (current?.servers && Object.hasOwn(current.servers, name)) throw new Error(`.vscode/mcp.json already has a server named "${name}"`);
  // jsonc-parser keeps the file's comments and formatting; only the new entry is added.
  const edits = modify(existing, ['servers', name], server, { formattingOptions: { tabSize: 2, insertSpaces: true, eol: '\n' } });
  await vscode.workspace.fs.writeFile(uri, Buffer.from(applyEdits(existing, edits)));
  return { name, file: uri };
}
