// The MCP servers of each workspace folder, as one McpConnectionPool per folder shared by validation,
// runs and the MCP Servers view. Config files are watched: an edit rebuilds the folder's pool. In an
// untrusted workspace no pool is created, so no server process starts.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { McpConnectionPool, type ConnectionStatus, type McpInputDeclaration, type McpOAuthOptions } from '../../engine';

export interface ServerStatusChange {
  folder: string;
  server: string;
  status: ConnectionStatus;
  error?: string;
  /** Set when the server announced a new prompt or resource list. */
  list?: 'prompts' | 'resources';
}

const inputKeyPrefix = 'flowstudio.mcpInput.';

export class WorkspaceMcp implements vscode.Disposable {
  private readonly pools = new Map<string, Promise<McpConnectionPool>>();
  private readonly changed = new vscode.EventEmitter<ServerStatusChange | undefined>();
  /** Fires with a server's new status, or undefined when a folder's configuration was reloaded. */
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly output: vscode.LogOutputChannel,
    private readonly oauth: () => Promise<McpOAuthOptions>,
  ) {
    const watcher = vscode.workspace.createFileSystemWatcher('**/{.vscode,.cursor}/mcp.json');
    const reload = (uri: vscode.Uri) => void this.reload(path.dirname(path.dirname(uri.fsPath)));
    watcher.onDidChange(reload);
    watcher.onDidCreate(reload);
    watcher.onDidDelete(reload);
    this.disposables.push(watcher);
  }

  /** The workspace folder whose MCP config applies to a file, or the file's own folder outside any workspace. */
  folderOf(uri: vscode.Uri): string {
    return vscode.workspace.getWorkspaceFolder(uri)?.uri.fsPath ?? path.dirname(uri.fsPath);
  }

  /** The pool for a file's folder; undefined in an untrusted workspace. */
  async poolFor(uri: vscode.Uri): Promise<McpConnectionPool | undefined> {
    return this.poolOfFolder(this.folderOf(uri));
  }

  async poolOfFolder(folder: string): Promise<McpConnectionPool | undefined> {
    if (!vscode.workspace.isTrusted) return undefined;
    let pool = this.pools.get(folder);
    if (!pool) {
      pool = this.createPool(folder);
      this.pools.set(folder, pool);
    }
    return pool;
  }

  /** Pools of every workspace folder (created on demand), for the MCP Servers view. */
  async allPools(): Promise<{ folder: string; pool: McpConnectionPool }[]> {
    const folders = vscode.workspace.workspaceFolders ?? [];
    const found: { folder: string; pool: McpConnectionPool }[] = [];
    for (const folder of folders) {
      const pool = await this.poolOfFolder(folder.uri.fsPath);
      if (pool) found.push({ folder: folder.uri.fsPath, pool });
    }
    return found;
  }

  async reload(folder: string): Promise<void> {
    const old = this.pools.get(folder);
    this.pools.delete(folder);
    if (old) await (await old).close();
    this.changed.fire(undefined);
  }

  private async createPool(folder: string): Promise<McpConnectionPool> {
    const oauth = await this.oauth();
    const pool = await McpConnectionPool.fromWorkspace(
      { workspaceFolder: folder },
      {
        oauth,
        resolveInput: (input) => this.resolveInput(input),
        onStatus: (server, status, error) => {
          if (error) this.output.warn(`MCP server '${server}': ${error}`);
          this.changed.fire({ folder, server, status, ...(error ? { error } : {}) });
        },
        onToolsChanged: (server) => this.changed.fire({ folder, server, status: pool.statusOf(server) ?? 'connected' }),
        onListChanged: (server, list) => this.changed.fire({ folder, server, status: pool.statusOf(server) ?? 'connected', list }),
      },
    );
    for (const problem of pool.problems) this.output.warn(problem);
    return pool;
  }

  /** `${input:ID}` values: asked once, then kept in SecretStorage (they are often tokens). */
  private async resolveInput(input: McpInputDeclaration): Promise<string | undefined> {
    const key = inputKeyPrefix + input.id;
    const stored = await this.secrets.get(key);
    if (stored !== undefined) return stored;
    const value = await vscode.window.showInputBox({
      title: `MCP server input "${input.id}"`,
      prompt: input.description ?? `Value for \${input:${input.id}} in mcp.json`,
      password: input.password ?? false,
      ignoreFocusOut: true,
    });
    if (value !== undefined) await this.secrets.store(key, value);
    return value;
  }

  async dispose(): Promise<void> {
    for (const d of this.disposables) d.dispose();
    const pools = [...this.pools.values()];
    this.pools.clear();
    await Promise.all(pools.map(async (p) => (await p).close()));
  }
}
