// One open flow editor: a webview showing one TextDocument. The document is the only source of
// truth: the canvas sends edits by id, they become one minimal WorkspaceEdit (so undo/redo, dirty
// state, save, revert and hot exit are VS Code's own), and every document change, whoever made it,
// is sent back to the canvas.
import * as vscode from 'vscode';
import { coreRegistry, FlowEditError, noSecrets, type Flow, type FlowDocument, type FlowEdit } from '../../engine';
import { hostToWebviewSchema, parseMessage, webviewToHostSchema, type HostToWebview, type WebviewToHost } from '../../protocol/messages';
import { readOnlyReasonOf, type FlowCheck } from '../diagnostics/flow-check';
import type { FlowDiagnostics } from '../diagnostics/flow-diagnostics';
import type { OpenFlowDocuments } from '../flow-documents';
import type { FlowRuns } from '../run/flow-runs';
import { openResultLink } from './open-result-link';
import type { WorkspaceMcp } from '../mcp/workspace-mcp';
import { allowServerToStart } from '../mcp/mcp-commands';
import type { SecretStorageStore } from '../secrets/secret-storage-store';
import { buildCatalog, componentViews } from './flow-catalog';
import { editorChatModels, modelListFor } from '../models/model-lists';
import type { McpPaletteCatalog } from './mcp-palette-catalog';
import { untrustedReason } from '../workspace-trust';
import { flowEditorHtml, webviewOptions } from './webview-html';
import { Disposable } from '../lifetime/disposable';
import type { PanelLayoutMemory } from './panel-layout';

export interface FlowEditorServices {
  extensionUri: vscode.Uri;
  diagnostics: FlowDiagnostics;
  /** The parsed model of each document version, shared with the other editors of the file and the check. */
  documents: OpenFlowDocuments;
  runs: FlowRuns;
  output: vscode.LogOutputChannel;
  /** For the canvas catalog: ports of mcp.* nodes come from the servers' tool lists. */
  mcp?: WorkspaceMcp;
  /** For the inspector's secret picker: names only, values never leave SecretStorage. */
  secrets?: SecretStorageStore;
  /** The workspace's MCP servers with their tools, resources and prompts, for the palette and inspector. */
  mcpPalette?: McpPaletteCatalog | undefined;
  /** Which side panels are open, remembered for the workspace. */
  panelLayout?: PanelLayoutMemory;
}

export class FlowEditorSession extends Disposable {
  private readonly openedAt = performance.now();
  private readonly readySignal: { resolve: () => void; reject: (error: Error) => void; promise: Promise<void> };
  private isWebviewReady = false;
  private selection: string[] = [];
  /** Set once the inspector asked for the editor's chat models: from then on their changes are sent. */
  private isShowingEditorModels = false;
  private lastDocument: Extract<HostToWebview, { type: 'document' }> | undefined;
  /** The model of the document the canvas was last sent (possibly an edit's result not yet applied). */
  private shownModel: FlowDocument | undefined;
  private mcpCatalogSubscription: { dispose(): void } | undefined;
  /** Edits received and not yet in the document (answered). */
  private readonly editsInFlight = new Set<Promise<void>>();
  private flushCount = 0;
  private readonly flushesAsked = new Map<string, () => void>();
  private readonly closed = this.register(new vscode.EventEmitter<void>());
  readonly onDidClose = this.closed.event;
  private readonly posted = this.register(new vscode.EventEmitter<HostToWebview>());
  /** Every message sent to the webview, after validation. */
  readonly onDidPost = this.posted.event;

  constructor(
    readonly document: vscode.TextDocument,
    readonly panel: vscode.WebviewPanel,
    private readonly services: FlowEditorServices,
  ) {
    super();
    let resolve = () => {};
    let reject: (error: Error) => void = () => {};
    const promise = new Promise<void>((onReady, onClosed) => ((resolve = onReady), (reject = onClosed)));
    // Only those waiting for ready hear that the editor closed first; nobody waiting is no unhandled rejection.
    promise.catch(() => undefined);
    this.readySignal = { resolve, reject, promise };
    panel.webview.options = webviewOptions(services.extensionUri);
    panel.webview.html = flowEditorHtml(panel.webview, services.extensionUri, document.uri.path.split('/').pop() ?? 'flow');
    // The page takes seconds to load on a first open; the host would sit idle meanwhile and then, on
    // `ready`, load the engine, parse the document and build every component's JSON Schema (the
    // slowest part of answering). Done now, after the HTML has gone out, `ready` is answered at once.
    const warmUp = setTimeout(() => this.prepareAnswerToReady(), 0);
    this.register({ dispose: () => clearTimeout(warmUp) });
    for (const subscription of [
      panel.webview.onDidReceiveMessage((data: unknown) => void this.receive(data)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document !== document || e.contentChanges.length === 0) return;
        // This canvas's own edit arriving: the canvas has had this very model since the edit was made.
        if (this.services.documents.of(document) === this.shownModel) return;
        this.postParsedDocument();
      }),
      services.diagnostics.onDidCheck(({ document: checked, check }) => {
        if (checked === document) this.postCheck(check);
      }),
      services.runs.onEvent(({ uri, event }) => {
        if (uri.toString() === document.uri.toString()) this.post({ type: 'runEvent', event: { ...event } });
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.postWorkspace()),
      ...(services.secrets ? [services.secrets.onDidChange(() => void this.postCatalog(this.lastDocument?.flow ?? null))] : []),
      vscode.lm.onDidChangeChatModels(() => {
        if (this.isShowingEditorModels) void this.postEditorModels();
      }),
      // Typed values still waiting in the canvas reach the document before it is saved or run.
      vscode.workspace.onWillSaveTextDocument((e) => {
        if (e.document === document) e.waitUntil(this.flushEdits());
      }),
      services.runs.addEditSource(document.uri, () => this.flushEdits()),
      panel.onDidDispose(
        () => void this.dispose().catch((error: unknown) => services.output.error(`closing a flow editor: ${String(error)}`)),
      ),
    ])
      this.register(subscription);
  }

  /**
   * Asks the canvas to send what is being typed now and waits until it is in the document. A canvas
   * that does not answer (hidden, reloading) delays nobody for long: what it already sent is applied.
   */
  async flushEdits(timeoutMs = 2000): Promise<void> {
    if (this.isWebviewReady) {
      this.flushCount += 1;
      const requestId = `h${this.flushCount}`;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, timeoutMs);
        function done() {
          clearTimeout(timer);
          resolve();
        }
        this.flushesAsked.set(requestId, done);
        this.post({ type: 'flushEdits', requestId });
      });
      this.flushesAsked.delete(requestId);
    }
    await Promise.all([...this.editsInFlight]);
  }

  private prepareAnswerToReady(): void {
    try {
      void this.services.documents.of(this.document).parse;
      componentViews(coreRegistry());
    } catch (error) {
      // Only a head start: `ready` does the same work again and reports what fails there.
      this.services.output.warn(`preparing the canvas of ${this.document.uri.fsPath}: ${String(error)}`);
    }
  }

  /** Resolves once the webview's script has loaded and said so (proof the CSP and bundle work); rejects if the editor closes first. */
  get ready(): Promise<void> {
    return this.readySignal.promise;
  }

  /** The last document message the webview got: what the canvas shows now. */
  get shownDocument(): Extract<HostToWebview, { type: 'document' }> | undefined {
    return this.lastDocument;
  }

  get selectedNodeIds(): readonly string[] {
    return this.selection;
  }

  /** Handles a message from the webview; also the entry point tests use to act as the canvas. */
  async receive(data: unknown): Promise<void> {
    const parsed = parseMessage(webviewToHostSchema, data);
    if (!parsed.ok) {
      this.services.output.warn(`ignored an invalid message from the flow editor: ${parsed.error}`);
      return;
    }
    const message: WebviewToHost = parsed.message;
    switch (message.type) {
      case 'ready':
        if (!this.isWebviewReady)
          this.services.output.info(
            `the canvas of ${vscode.workspace.asRelativePath(this.document.uri)} said ready ` +
              `${Math.round(performance.now() - this.openedAt)} ms after its editor was opened`,
          );
        this.isWebviewReady = true;
        this.postWorkspace();
        // Before the document: the editor's first render already has the workspace's panels open or closed.
        if (this.services.panelLayout) this.post({ type: 'panelLayout', ...this.services.panelLayout.current });
        this.postParsedDocument();
        this.postCheck(this.services.diagnostics.current(this.document) ?? (await this.services.diagnostics.check(this.document)));
        this.watchMcpCatalog();
        this.readySignal.resolve();
        break;
      case 'edit': {
        // Tracked so that a run or save asked for after an edit waits until it is applied.
        const applied = this.answer(message.requestId, () => this.applyEdits(message.edits));
        this.editsInFlight.add(applied);
        await applied.finally(() => this.editsInFlight.delete(applied));
        break;
      }
      case 'panelLayout': {
        const { type: _type, ...layout } = message;
        await this.services.panelLayout?.remember(layout);
        break;
      }
      case 'flushed':
        this.flushesAsked.get(message.requestId)?.();
        break;
      case 'run':
        await this.answer(message.requestId, async () => {
          await this.services.runs.start(this.document, {
            mode: message.mode,
            ...(message.stopAt ? { stopAt: message.stopAt } : {}),
            ...(message.inputs ? { inputs: message.inputs } : {}),
            ...(message.chatSessionId ? { chatSessionId: message.chatSessionId } : {}),
          });
        });
        break;
      case 'debug': {
        const run = this.services.runs.runOf(this.document.uri);
        if (message.action === 'stop') this.services.runs.stop(this.document.uri);
        else run?.handle[message.action]();
        break;
      }
      case 'setBreakpoints':
        this.services.runs.setBreakpoints(this.document.uri, message.nodeIds);
        break;
      case 'selection':
        this.selection = message.nodeIds;
        break;
      case 'history':
        // The document's own undo stack, so Ctrl+Z in the canvas and in a text editor are the same history.
        await vscode.commands.executeCommand(message.action);
        break;
      case 'editInputs':
        await this.answer(message.requestId, async () => {
          const run = this.services.runs.runOf(this.document.uri);
          if (!run) throw new Error("no run of this flow is going; start one in debug mode to edit a paused node's inputs");
          run.handle.editInputs(message.nodeId, message.inputs);
        });
        break;
      case 'openAsText':
        await vscode.commands.executeCommand('flowstudio.openAsText', this.document.uri);
        break;
      case 'listModels':
        await this.listModels(message.requestId, message.nodeId);
        break;
      case 'allowMcpServer':
        await this.answer(message.requestId, () => this.allowMcpServer(message.server));
        break;
      case 'openLink':
        await openResultLink(message.url, this.services.runs.traceOf(this.document.uri)).catch((error: Error) =>
          this.services.output.warn(`did not open a link from the canvas: ${error.message}`),
        );
        break;
    }
  }

  /**
   * Applies canvas edits to the document as one WorkspaceEdit (one undo step). A newer format or broken
   * JSON is refused (FlowEditError): such a file is only ever fixed by hand.
   */
  async applyEdits(edits: readonly FlowEdit[]): Promise<void> {
    const { text, replacement } = this.services.documents.of(this.document).applyEdits(edits);
    if (!replacement) return;
    // The canvas gets the result now instead of after VS Code has carried the edit to the workbench
    // and back (hundreds of milliseconds on a large flow); the change event then finds it shown.
    this.postModel(this.services.documents.expect(this.document, text));
    const range = new vscode.Range(
      this.document.positionAt(replacement.offset),
      this.document.positionAt(replacement.offset + replacement.length),
    );
    const edit = new vscode.WorkspaceEdit();
    edit.replace(this.document.uri, range, replacement.content);
    if (!(await vscode.workspace.applyEdit(edit))) {
      this.postParsedDocument(); // back to what the document really holds
      throw new Error('VS Code refused the edit (is the file read-only?)');
    }
  }

  private async answer(requestId: string, work: () => Promise<void>): Promise<void> {
    try {
      await work();
      this.post({ type: 'response', requestId, ok: true });
    } catch (error) {
      const message = error instanceof FlowEditError || error instanceof Error ? error.message : String(error);
      this.post({ type: 'response', requestId, ok: false, error: message });
      void vscode.window.showErrorMessage(`FlowStudio: ${message}`);
    }
  }

  /** Answers the model picker from the node's params in the document; a failure is a note in the answer, not a dialog. */
  private async listModels(requestId: string, nodeId: string): Promise<void> {
    // A file that does not parse has no nodes to list models for; the answer below says there are none.
    const params = this.services.documents.of(this.document).parse.flow?.nodes.find((n) => n.id === nodeId)?.params ?? {};
    if (params.provider === 'vscode') this.isShowingEditorModels = true;
    const list = await modelListFor(params, this.services.secrets ?? noSecrets, untrustedReason() === undefined);
    this.post({ type: 'models', requestId, ...list });
  }

  /**
   * The palette's Allow button: the same question and start as the Allow command, for a server of this
   * document's folder only. The name comes from the webview, so a server that folder does not configure
   * is refused before anything is asked or started.
   */
  private async allowMcpServer(server: string): Promise<void> {
    const refusal = untrustedReason();
    if (refusal) throw new Error(refusal);
    const { mcp } = this.services;
    if (!mcp) throw new Error(`MCP server '${server}' cannot be started from this editor`);
    await allowServerToStart(mcp, { folder: mcp.folderOf(this.document.uri), server });
  }

  private async postEditorModels(): Promise<void> {
    try {
      this.post({ type: 'models', provider: 'vscode', models: await editorChatModels() });
    } catch (error) {
      this.services.output.warn(`could not list the editor's chat models: ${(error as Error).message}`);
    }
  }

  private postWorkspace(): void {
    const reason = untrustedReason();
    this.post({ type: 'workspace', isTrusted: reason === undefined, ...(reason ? { untrustedReason: reason } : {}) });
  }

  /** Sends the new text's flow at once; problems follow when the (slower) check finishes. */
  private postParsedDocument(): void {
    this.postModel(this.services.documents.of(this.document));
  }

  private postModel(model: FlowDocument): void {
    this.shownModel = model;
    const { flow, error } = model.parse;
    if (flow) {
      this.post({ type: 'document', version: model.version, flow });
      void this.postCatalog(flow, model.version);
    } else {
      this.post({
        type: 'document',
        version: model.version,
        flow: null,
        problems: error.problems.map((p) => ({
          severity: 'error',
          code: error.code,
          message: p.message,
          path: p.path,
          ...(p.position ? { line: p.position.line, column: p.position.column } : {}),
        })),
        readOnlyReason: readOnlyReasonOf(error),
      });
    }
  }

  /** Components, the ports of this flow's nodes and the compatibility table, for the palette, handles and connection checks. */
  private async postCatalog(flow: Flow | null, version = this.shownModel?.version ?? this.document.version): Promise<void> {
    const mcp = await this.services.mcp?.poolFor(this.document.uri);
    if (version !== (this.shownModel?.version ?? this.document.version)) return; // a newer change posts its own catalog
    this.post(
      buildCatalog(flow, version, {
        registry: coreRegistry(),
        file: this.document.uri.fsPath,
        mcp,
        secretNames: this.services.secrets?.names() ?? [],
      }),
    );
  }

  /** Posts the MCP catalog now and on every server change; the node ports follow, as they come from the same tool lists. */
  private watchMcpCatalog(): void {
    const { mcp, mcpPalette } = this.services;
    if (!mcp || !mcpPalette) return;
    this.mcpCatalogSubscription?.dispose(); // a reloaded webview says ready again
    this.mcpCatalogSubscription = mcpPalette.subscribe(mcp.folderOf(this.document.uri), (message) => {
      this.post(message);
      void this.postCatalog(this.lastDocument?.flow ?? null);
    });
  }

  private postCheck(check: FlowCheck): void {
    if (check.version !== this.document.version) return;
    this.post({
      type: 'document',
      version: check.version,
      flow: check.flow ?? null,
      problems: check.problems.map((p) => {
        const at = this.document.positionAt(p.offset);
        return {
          severity: p.severity,
          code: p.code,
          message: p.message,
          path: p.path,
          ...(p.nodeId ? { nodeId: p.nodeId } : {}),
          ...(p.edgeId ? { edgeId: p.edgeId } : {}),
          line: at.line + 1,
          column: at.character + 1,
        };
      }),
      ...(check.readOnlyReason ? { readOnlyReason: check.readOnlyReason } : {}),
    });
  }

  private post(message: HostToWebview): void {
    if (!this.isWebviewReady) return;
    // Checked on the way out too: a host bug must not reach the webview as a malformed message.
    const parsed = parseMessage(hostToWebviewSchema, message);
    if (!parsed.ok) {
      this.services.output.error(`not sending an invalid message to the flow editor: ${parsed.error}`);
      return;
    }
    void this.panel.webview.postMessage(parsed.message);
    if (parsed.message.type === 'document') this.lastDocument = parsed.message;
    this.posted.fire(parsed.message);
  }

  protected override disposeSelf(): void {
    this.readySignal.reject(new Error(`the flow editor of ${this.document.uri.fsPath} closed before its canvas was ready`));
    for (const settle of this.flushesAsked.values()) settle();
    this.mcpCatalogSubscription?.dispose();
    this.closed.fire();
  }
}
