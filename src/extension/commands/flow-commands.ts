// New Flow (from a template), Open as Text / Open as Canvas, Show Output.
import * as vscode from 'vscode';
import { serializeFlow } from '../../engine';
import { templates } from '../../engine/flow/templates';
import { flowEditorViewType, type FlowEditorProvider } from '../editor/flow-editor-provider';

export function registerFlowCommands(editors: FlowEditorProvider, output: vscode.LogOutputChannel): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('flowstudio.newFlow', async (templateArg?: string, nameArg?: string) => {
      const template =
        templateArg ??
        (
          await vscode.window.showQuickPick(
            Object.entries(templates).map(([id, t]) => ({ label: id, detail: t.description })),
            { title: 'FlowStudio: New Flow from a template' },
          )
        )?.label;
      if (!template) return undefined;
      const chosen = templates[template];
      if (!chosen || !Object.hasOwn(templates, template))
        throw new Error(`unknown template "${template}"; templates: ${Object.keys(templates).join(', ')}`);
      const name =
        nameArg ??
        (await vscode.window.showInputBox({
          title: 'FlowStudio: flow name',
          value: `my-${template}`,
          validateInput: (t) => (isFlowName(t) ? undefined : 'letters, digits, _ . - (not starting with a dot)'),
        }));
      if (!name) return undefined;
      // A name given as an argument gets the same check as a typed one: it names a file in the folder, not a path.
      if (!isFlowName(name)) throw new Error(`New Flow: "${name}" is not a flow name (letters, digits, _ . -, not starting with a dot)`);
      const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
      if (!folder) throw new Error('open a folder first: a flow is a file in your workspace');
      const uri = vscode.Uri.joinPath(folder, `${name}.flow.json`);
      const exists = await vscode.workspace.fs.stat(uri).then(
        () => true,
        () => false,
      );
      if (exists) {
        void vscode.window.showErrorMessage(`FlowStudio: ${vscode.workspace.asRelativePath(uri)} already exists.`);
        return undefined;
      }
      await vscode.workspace.fs.writeFile(uri, Buffer.from(serializeFlow(chosen.build(name))));
      await vscode.commands.executeCommand('vscode.openWith', uri, flowEditorViewType);
      return uri;
    }),
    vscode.commands.registerCommand('flowstudio.openAsText', async (uriArg?: vscode.Uri) => {
      const uri = uriArg ?? editors.activeSession?.document.uri ?? vscode.window.activeTextEditor?.document.uri;
      if (uri) await vscode.commands.executeCommand('vscode.openWith', uri, 'default');
    }),
    vscode.commands.registerCommand('flowstudio.openAsCanvas', async (uriArg?: vscode.Uri) => {
      const uri = uriArg ?? vscode.window.activeTextEditor?.document.uri;
      if (uri) await vscode.commands.executeCommand('vscode.openWith', uri, flowEditorViewType);
    }),
    vscode.commands.registerCommand('flowstudio.showOutput', () => output.show(true)),
  ];
}

function isFlowName(name: string): boolean {
  return /^[\w-][\w.-]*$/.test(name) && !name.includes('..');
}
