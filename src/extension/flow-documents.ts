// The FlowDocument of each open *.flow.json TextDocument at its current version, so the canvases
// showing it, the Problems check and runs read one parse per version instead of one each.
import * as vscode from 'vscode';
import { FlowDocuments, type FlowDocument } from '../engine';

export class OpenFlowDocuments implements vscode.Disposable {
  // Made when a flow is first read, not at activation: the engine's bundle loads on first use.
  private loaded: FlowDocuments | undefined;
  private readonly closing = vscode.workspace.onDidCloseTextDocument((document) => this.loaded?.forget(document.uri.toString()));

  private get models(): FlowDocuments {
    return (this.loaded ??= new FlowDocuments());
  }

  of(document: vscode.TextDocument): FlowDocument {
    return this.models.get(document.uri.toString(), document.version, () => document.getText(), document.uri.fsPath);
  }

  /** The model of `text`, the result of an edit the editor is applying, as the next version of `document`. */
  expect(document: vscode.TextDocument, text: string): FlowDocument {
    return this.models.expect(document.uri.toString(), document.version + 1, text, document.uri.fsPath);
  }

  dispose(): void {
    this.closing.dispose();
  }
}
