// The custom editor for *.flow.json (viewType flowstudio.flowEditor): a canvas over the TextDocument.
// Several editors may show one document; each is a FlowEditorSession kept in sync by the document.
import * as vscode from 'vscode';
import type { WorkspaceMcp } from '../mcp/workspace-mcp';
import { untrustedReason } from '../workspace-trust';
import { FlowEditorSession, type FlowEditorServices } from './flow-editor-session';
import { McpPaletteCatalog, type McpPaletteSources } from './mcp-palette-catalog';

export const flowEditorViewType = 'flowstudio.flowEditor';

export class FlowEditorProvider implements vscode.CustomTextEditorProvider {
  private readonly sessions = new Set<FlowEditorSession>();
  private readonly opened = new vscode.EventEmitter<FlowEditorSession>();
  /** Fires when an editor opens; tests and commands use it to reach the session. */
  readonly onDidOpen = this.opened.event;

  /** One live MCP catalog for every canvas, so servers are listed once per folder, not per editor. */
  private readonly mcpPalette: McpPaletteCatalog | undefined;

  constructor(private readonly services: FlowEditorServices) {
    this.mcpPalette = services.mcp ? new McpPaletteCatalog(paletteSources(services.mcp)) : undefined;
  }

  static register(services: FlowEditorServices): { provider: FlowEditorProvider; registration: vscode.Disposable } {
    const provider = new FlowEditorProvider(services);
    const registration = vscode.window.registerCustomEditorProvider(flowEditorViewType, provider, {
      // Keeps canvas state (viewport, selection, run panel) while the tab is in the background.
      webviewOptions: { retainContextWhenHidden: true },
      supportsMultipleEditorsPerDocument: true,
    });
    return {
      provider,
      registration: vscode.Disposable.from(registration, provider.opened, { dispose: () => provider.mcpPalette?.dispose() }),
    };
  }

  resolveCustomTextEditor(document: vscode.TextDocument, panel: vscode.WebviewPanel): void {
    // Logged with the time VS Code hands the editor over: the first-open benchmark places it between the command and the page.
    this.services.output.info(`opening ${vscode.workspace.asRelativePath(document.uri)} in the canvas`);
    const session = new FlowEditorSession(document, panel, { ...this.services, mcpPalette: this.mcpPalette });
    this.sessions.add(session);
    session.onDidClose(() => this.sessions.delete(session));
    this.opened.fire(session);
  }

  sessionsOf(uri: vscode.Uri): FlowEditorSession[] {
    return [...this.sessions].filter((s) => s.document.uri.toString() === uri.toString());
  }

  /** The session of the focused flow editor, if a flow editor has focus. */
  get activeSession(): FlowEditorSession | undefined {
    return [...this.sessions].find((s) => s.panel.active);
  }
}

function paletteSources(mcp: WorkspaceMcp): McpPaletteSources {
  return {
    poolOfFolder: (folder) => mcp.poolOfFolder(folder),
    // Granting trust lets servers start: the palette then lists them as if the pools had been replaced.
    onDidChange: (listener) =>
      vscode.Disposable.from(
        mcp.onDidChange(listener),
        vscode.workspace.onDidGrantWorkspaceTrust(() => listener(undefined)),
      ),
    untrustedReason,
    consentOf: (folder, server, pool) => mcp.consentOf(folder, server, pool),
  };
}
