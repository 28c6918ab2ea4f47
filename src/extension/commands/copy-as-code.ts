// "Copy Flow as Code": the flow of the canvas (or the explorer's file, or the active text editor) as
// the TypeScript program `flowstudio export --to ts` writes, put on the clipboard.
import * as vscode from 'vscode';
import { exportFlowToTypeScript } from '../../engine';
import type { FlowEditorProvider } from '../editor/flow-editor-provider';
import type { OpenFlowDocuments } from '../flow-documents';

export function registerCopyAsCodeCommand(editors: FlowEditorProvider, documents: OpenFlowDocuments): vscode.Disposable {
  // Returns the program (for scripts and tests), or undefined when there was no flow to copy.
  return vscode.commands.registerCommand('flowstudio.copyAsCode', async (uriArg?: unknown): Promise<string | undefined> => {
    const uri = flowUriOf(uriArg, editors);
    if (!uri) {
      void vscode.window.showErrorMessage('FlowStudio: open a *.flow.json file to copy it as code.');
      return undefined;
    }
    const fileName = uri.path.slice(uri.path.lastIndexOf('/') + 1);
    // The open document's text, unsaved edits included: what the canvas shows is what is copied.
    const { flow, error } = documents.of(await vscode.workspace.openTextDocument(uri)).parse;
    if (error) {
      void vscode.window.showErrorMessage(
        `FlowStudio: ${fileName} is not a flow that can be copied as code: ${error.problems[0]?.message ?? error.message}`,
      );
      return undefined;
    }
    const programFileName = `${fileName.replace(/\.flow\.json$|\.json$/, '')}.ts`;
    const program = exportFlowToTypeScript(flow, { flowFileName: fileName, programFileName });
    await vscode.env.clipboard.writeText(program);
    void vscode.window.showInformationMessage(
      `FlowStudio: copied '${flow.name}' as a TypeScript program. Save it as ${programFileName} beside ${fileName} and run it with ` +
        `npx tsx ${programFileName} (it needs the flowstudio package).`,
    );
    return program;
  });
}

function flowUriOf(uriArg: unknown, editors: FlowEditorProvider): vscode.Uri | undefined {
  if (uriArg instanceof vscode.Uri) return uriArg;
  const session = editors.activeSession;
  if (session) return session.document.uri;
  const text = vscode.window.activeTextEditor?.document;
  return text?.uri.path.endsWith('.flow.json') ? text.uri : undefined;
}
