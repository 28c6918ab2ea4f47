// Problems-panel diagnostics for every open *.flow.json document, recomputed shortly after each edit
// (whichever editor made it) and shared with the canvas through `onDidCheck`.
import * as vscode from 'vscode';
import { Disposable } from '../lifetime/disposable';
import { CheckScheduler } from './check-scheduler';
import { ALLOWED_ENV_SETTING } from '../secrets/editor-secret-policy';
import type { OpenFlowDocuments } from '../flow-documents';
import { checkFlowDocument, type FlowCheck, type FlowCheckServices } from './flow-check';

const settleMs = 150;

export function isFlowDocument(document: vscode.TextDocument): boolean {
  return document.uri.path.endsWith('.flow.json');
}

export class FlowDiagnostics extends Disposable {
  private readonly collection = this.register(vscode.languages.createDiagnosticCollection('flowstudio'));
  private readonly scheduler = this.register(
    new CheckScheduler<vscode.TextDocument>({
      accepts: isFlowDocument,
      check: (document) => this.check(document),
      failed: (document, error) =>
        this.collection.set(document.uri, [
          new vscode.Diagnostic(new vscode.Range(0, 0, 0, 0), `FlowStudio could not check this flow: ${error.message}`),
        ]),
    }),
  );
  private readonly latest = new Map<string, FlowCheck>();
  private readonly connected = new Set<string>();
  private readonly checked = this.register(new vscode.EventEmitter<{ document: vscode.TextDocument; check: FlowCheck }>());
  readonly onDidCheck = this.checked.event;

  constructor(
    private readonly services: FlowCheckServices,
    private readonly documents: OpenFlowDocuments,
  ) {
    super();
    [
      vscode.workspace.onDidOpenTextDocument((d) => this.scheduler.schedule(d, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => this.scheduler.schedule(e.document, settleMs)),
      vscode.workspace.onDidCloseTextDocument((d) => this.forget(d)),
      services.secrets.onDidChange(() => this.recheckAll()),
      // Which {{env:}} names a run may use is a setting: the warnings follow it.
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(ALLOWED_ENV_SETTING)) this.recheckAll();
      }),
      // Only a reload or a server coming up can change what validation says; rechecking on every
      // status would loop, as a check itself (re)connects servers.
      services.mcp.onDidChange((change) => {
        const key = change ? `${change.folder}\0${change.server}` : undefined;
        const wasConnected = key !== undefined && this.connected.has(key);
        if (key && change?.status === 'connected') this.connected.add(key);
        else if (key) this.connected.delete(key);
        if (!change || (change.status === 'connected' && !wasConnected)) this.recheckAll();
      }),
    ].forEach((subscription) => this.register(subscription));
    this.scheduler.scheduleAll(vscode.workspace.textDocuments);
  }

  /** The last check of this document, if it is current. */
  current(document: vscode.TextDocument): FlowCheck | undefined {
    const check = this.latest.get(document.uri.toString());
    return check?.version === document.version ? check : undefined;
  }

  /** Checks now, without waiting for the settle delay (a run needs the answer before it starts). */
  async check(document: vscode.TextDocument): Promise<FlowCheck> {
    const check = await checkFlowDocument(document, this.services, true, this.documents.of(document));
    this.publish(document, check);
    return check;
  }

  private publish(document: vscode.TextDocument, check: FlowCheck): void {
    if (this.isDisposed || document.isClosed || check.version !== document.version) return;
    this.latest.set(document.uri.toString(), check);
    this.collection.set(
      document.uri,
      check.problems.map((p) => {
        const range = new vscode.Range(document.positionAt(p.offset), document.positionAt(p.offset + p.length));
        const diagnostic = new vscode.Diagnostic(
          range,
          p.message,
          p.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning,
        );
        diagnostic.source = 'FlowStudio';
        diagnostic.code = p.code;
        return diagnostic;
      }),
    );
    this.checked.fire({ document, check });
  }

  private recheckAll(): void {
    this.scheduler.scheduleAll(vscode.workspace.textDocuments);
  }

  private forget(document: vscode.TextDocument): void {
    this.scheduler.cancel(document);
    this.latest.delete(document.uri.toString());
    this.collection.delete(document.uri);
  }
}
