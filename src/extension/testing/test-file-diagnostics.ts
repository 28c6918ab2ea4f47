// Problems-panel diagnostics for open *.flowtest.json documents: syntax and schema problems, an unknown
// flow, output or input, and bad assertions, each at its place. Rechecked after edits and when flows are saved.
import * as vscode from 'vscode';
import { loadTestSuiteFromText, TestFileError } from '../../engine';
import { CheckScheduler } from '../diagnostics/check-scheduler';
import { Disposable } from '../lifetime/disposable';

const settleMs = 200;

export function isTestFileDocument(document: vscode.TextDocument): boolean {
  return document.uri.scheme === 'file' && document.uri.path.endsWith('.flowtest.json');
}

export class TestFileDiagnostics extends Disposable {
  private readonly collection = this.register(vscode.languages.createDiagnosticCollection('flowstudio-tests'));
  private readonly scheduler = this.register(
    new CheckScheduler<vscode.TextDocument>({
      accepts: isTestFileDocument,
      check: (document) => this.check(document),
      failed: (document, error) =>
        this.collection.set(document.uri, [
          new vscode.Diagnostic(new vscode.Range(0, 0, 0, 0), `FlowStudio could not check this test file: ${error.message}`),
        ]),
    }),
  );
  private readonly checked = this.register(new vscode.EventEmitter<vscode.Uri>());
  /** Fires after a test file's diagnostics were published. */
  readonly onDidCheck = this.checked.event;

  constructor() {
    super();
    [
      vscode.workspace.onDidOpenTextDocument((d) => this.scheduler.schedule(d, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => this.scheduler.schedule(e.document, settleMs)),
      vscode.workspace.onDidCloseTextDocument((d) => this.forget(d)),
      // A flow's outputs decide which names a test may expect.
      vscode.workspace.onDidSaveTextDocument((d) => {
        if (d.uri.path.endsWith('.flow.json') || /\.(jsonl|ndjson|csv)$/i.test(d.uri.path))
          this.scheduler.scheduleAll(vscode.workspace.textDocuments);
      }),
    ].forEach((subscription) => this.register(subscription));
    this.scheduler.scheduleAll(vscode.workspace.textDocuments);
  }

  /** Checks now and returns the diagnostics published. */
  async check(document: vscode.TextDocument): Promise<readonly vscode.Diagnostic[]> {
    const version = document.version;
    const diagnostics = await diagnose(document);
    if (this.isDisposed || document.isClosed || document.version !== version) return diagnostics;
    this.collection.set(document.uri, diagnostics);
    this.checked.fire(document.uri);
    return diagnostics;
  }

  private forget(document: vscode.TextDocument): void {
    this.scheduler.cancel(document);
    this.collection.delete(document.uri);
  }
}

async function diagnose(document: vscode.TextDocument): Promise<vscode.Diagnostic[]> {
  try {
    await loadTestSuiteFromText(document.getText(), document.uri.fsPath);
    return [];
  } catch (error) {
    if (!(error instanceof TestFileError)) throw error;
    return error.problems.map((problem) => {
      const start = problem.position ? document.positionAt(problem.position.offset) : new vscode.Position(0, 0);
      const end = problem.position ? document.positionAt(problem.position.offset + problem.position.length) : start;
      const diagnostic = new vscode.Diagnostic(new vscode.Range(start, end), problem.message, vscode.DiagnosticSeverity.Error);
      diagnostic.source = 'FlowStudio';
      return diagnostic;
    });
  }
}
