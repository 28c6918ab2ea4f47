// An MCP server's log as a read-only document (scheme flowstudio-mcp-log): VS Code never marks it
// dirty or asks to save it on close, as it did for the Untitled document the log used to be, and it
// is refreshed when the server's status changes.
import * as vscode from 'vscode';
import type { WorkspaceMcp } from './workspace-mcp';

export const serverLogScheme = 'flowstudio-mcp-log';

/** The log document of `server` in `folder`; the path ends in .log so the tab reads "everything.log". */
export function serverLogUri(folder: string, server: string): vscode.Uri {
  return vscode.Uri.from({ scheme: serverLogScheme, path: `/${server}.log`, query: new URLSearchParams({ folder }).toString() });
}

export class ServerLogDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: vscode.Disposable;

  constructor(private readonly mcp: WorkspaceMcp) {
    this.subscriptions = vscode.Disposable.from(
      this.changed,
      vscode.workspace.registerTextDocumentContentProvider(serverLogScheme, this),
      mcp.onDidChange(() => this.refreshOpen()),
    );
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const server = uri.path.replace(/^\//, '').replace(/\.log$/, '');
    const folder = new URLSearchParams(uri.query).get('folder') ?? '';
    const pool = await this.mcp.poolOfFolder(folder).catch(() => undefined);
    const lines = pool?.logOf(server) ?? [];
    return lines.length > 0 ? `${lines.join('\n')}\n` : `(no output from ${server} yet)\n`;
  }

  /** Opens the log of a server, with its current lines, in a preview tab. */
  async show(folder: string, server: string): Promise<vscode.TextDocument> {
    const uri = serverLogUri(folder, server);
    this.changed.fire(uri);
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.languages.setTextDocumentLanguage(document, 'log');
    await vscode.window.showTextDocument(document, { preview: true });
    return document;
  }

  private refreshOpen(): void {
    for (const document of vscode.workspace.textDocuments) if (document.uri.scheme === serverLogScheme) this.changed.fire(document.uri);
  }

  dispose(): void {
    this.subscriptions.dispose();
  }
}
