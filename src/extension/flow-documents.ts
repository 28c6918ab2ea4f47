// The FlowDocument of each open *.flow.json TextDocument at its current version, so the canvases
// showing it, the Problems check and runs read one parse per version instead of one each.
import * as vscode from 'vscode';
import { FlowDocuments, type FlowDocument } from '../engine';

export class OpenFlowDocuments implements vscode.Disposable {
  private readonly models = new FlowDocuments();
  private readonly closing = vscode.workspace.onDidCloseTextDocument((document) => this.models.forget(document.uri.toString()));

  of(document: vscode.TextDocument): FlowDocument {
    return this.models.get(document.uri.toString(), document.version, () => document.getText(), document.uri.fsPath);
  }

  dispose(): void {
    this.closing.dispose();
  }
}
