// The MCP servers of each workspace folder, as one McpConnectionPool per folder shared by validation,
// runs and the MCP Servers view. Config files are watched: an edit rebuilds the folder's pool. In an
// untrusted workspace no pool is created, and in a trusted one no server starts without the user's
// consent to that server's definition (server-consent.ts).
import * as path from 'node:path';
import * as vscode from 'vscode';
import { McpConnectionPool, parseFlow, rootsOfFolders, serversUsedBy, type McpInputDeclaration, type McpOAuthOptions } from '../../engine';
import { modalConfirm, type Confirm } from '../commands/confirm';
import { Disposable, DisposeError } from '../lifetime/disposable';
import { inputBoxQuestions, type NewServerQuestions } from './new-server-questions';
import { inputStorageKey } from './input-storage-key';
import type { McpServerChange } from './server-change';
import { McpServerConsent, type ConsentState } from './server-consent';

export class WorkspaceMcp extends Disposable {
  private readonly pools = new Map<string, Promise<McpConnectionPool>>();
  private readonly changed = this.register(new vscode.EventEmitter<McpServerChange | undefined>());
  /** Fires with a server's new status, or undefined when a folder's configuration was reloaded. */
  readonly onDidChange = this.changed.event;

  /** Who said yes or no to starting each server; its prompt is what the user sees. */
  readonly consent: McpServerConsent;
  /** The question before a command changes the workspace's MCP config; replaceable so tests can answer it. */
  confirm: Confirm = modalConfirm;
  /** Add MCP Server's questions (what to run, its name); replaceable so tests can answer them. */
  askNewServer: NewServerQuestions = inputBoxQuestions;

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly output: vscode.LogOutputChannel,
    private readonly oauth: () => Promise<McpOAuthOptions>,
    workspaceState: vscode.Memento,
  ) {
    super();
    this.consent = this.register(new McpServerConsent(workspaceState));
    // A decision changes what diagnostics and the palette may start and what they say.
    this.register(this.consent.onDidChange(() => this.changed.fire(undefined)));
    const watcher = this.register(vscode.workspace.createFileSystemWatcher('**/{.vscode,.cursor}/mcp.json'));
    const reload = (uri: vscode.Uri) => void this.reload(path.dirname(path.dirname(uri.fsPath)));
    this.register(watcher.onDidChange(reload));
    this.register(watcher.onDidCreate(reload));
    this.register(watcher.onDidDelete(reload));
    // Servers were told the workspace folders as their roots; they hear when the folders change.
    this.register(
      vscode.workspace.onDidChangeWorkspaceFolders(() => {
        for (const pool of this.pools.values()) void pool.then((p) => p.notifyRootsChanged()).catch(() => undefined);
      }),
    );
  }

  /** The workspace folder whose MCP config applies to a file, or the file's own folder outside any workspace. */
  folderOf(uri: vscode.Uri): string {
    return vscode.workspace.getWorkspaceFolder(uri)?.uri.fsPath ?? path.dirname(uri.fsPath);
  }

  /**
   * The pool for a file's folder; undefined in an untrusted workspace and for a file outside the
   * workspace folders (see outsideWorkspaceReason), so such a flow runs without MCP servers.
   */
  async poolFor(uri: vscode.Uri): Promise<McpConnectionPool | undefined> {
    const folder = this.folderOf(uri);
    return this.outsideWorkspaceReason(folder) ? undefined : this.poolOfFolder(folder);
  }

  /**
   * Why a folder's MCP config is not used, if it is outside the workspace folders: the window's trust
   * was given to its folders, not to wherever a flow file opened from disk happens to sit.
   */
  outsideWorkspaceReason(folder: string): string | undefined {
    const isWorkspaceFolder = (vscode.workspace.workspaceFolders ?? []).some((f) => f.uri.fsPath === folder);
    return isWorkspaceFolder
      ? undefined
      : `MCP servers are not started for ${folder}: it is not a folder of this workspace, ` +
          "so the workspace's trust does not cover its .vscode/mcp.json; open that folder (File > Open Folder) to use its servers";
  }

  /** The pool of a workspace folder; undefined in an untrusted workspace or once disposed; throws for any other folder. */
  async poolOfFolder(folder: string): Promise<McpConnectionPool | undefined> {
    // After dispose no pool is made: nothing would close its servers.
    if (!vscode.workspace.isTrusted || this.isDisposed) return undefined;
    const outside = this.outsideWorkspaceReason(folder);
    if (outside) throw new Error(outside);
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

  /** Whether a configured server of a folder may start without asking. */
  consentOf(folder: string, server: string, pool: McpConnectionPool): ConsentState {
    const definition = pool.definitionOf(server);
    return definition ? this.consent.stateOf(folder, definition) : 'undecided';
  }

  /**
   * Before a run the user started: asks about each server the flow uses that has no decision yet, one
   * question at a time, and throws when one is refused. Problems with the flow itself are left to its check.
   */
  async askConsentForRun(document: { uri: vscode.Uri; getText(): string }): Promise<void> {
    let servers: string[];
    try {
      servers = serversUsedBy(parseFlow(document.getText(), document.uri.fsPath).nodes);
    } catch {
      return;
    }
    if (servers.length === 0) return;
    const folder = this.folderOf(document.uri);
    const outside = this.outsideWorkspaceReason(folder);
    if (outside && vscode.workspace.isTrusted) throw new Error(outside);
    const pool = await this.poolOfFolder(folder);
    if (!pool) return;
    for (const server of servers) {
      const definition = pool.definitionOf(server);
      if (definition) await this.consent.ensure(folder, definition);
    }
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
        // Every start passes here, whoever asked for it: nothing runs that the user did not allow.
        beforeStart: (definition) => this.consent.ensure(folder, definition),
        resolveInput: (input) => this.resolveInput(folder, input),
        roots: () => rootsOfFolders((vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath)),
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

  /**
   * `${input:ID}` values: asked once, then kept in SecretStorage (they are often tokens), under the
   * workspace folder and config file that asked, so another workspace's config reusing the id (and
   * choosing where the value is sent) is asked afresh instead of receiving it.
   */
  private async resolveInput(folder: string, input: McpInputDeclaration): Promise<string | undefined> {
    const key = inputStorageKey(folder, input.usedBy?.configFile ?? '', input.id);
    const stored = await this.secrets.get(key);
    if (stored !== undefined) return stored;
    const value = await vscode.window.showInputBox({
      title: `MCP server input "${input.id}"${input.usedBy ? ` for '${input.usedBy.server}'` : ''}`,
      prompt: `${input.description ?? `Value for \${input:${input.id}}`}${input.usedBy ? ` (asked by ${input.usedBy.configFile})` : ''}`,
      password: input.password ?? false,
      ignoreFocusOut: true,
    });
    if (value !== undefined) await this.secrets.store(key, value);
    return value;
  }

  /** Closes every folder's servers together, before the events they report on go; a pool that fails does not keep the others open. */
  protected override async disposeSelf(): Promise<void> {
    const pools = [...this.pools.values()];
    this.pools.clear();
    const closed = await Promise.allSettled(pools.map(async (p) => (await p).close()));
    const failures = closed.flatMap((result) => (result.status === 'rejected' ? [result.reason as unknown] : []));
    if (failures.length > 0) throw new DisposeError(failures);
  }
}
