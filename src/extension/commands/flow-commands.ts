// New Flow (from a template, "Empty" first), Open as Text / Open as Canvas, Show Output.
import * as vscode from 'vscode';
import { serializeFlow } from '../../engine';
import { templates } from '../../engine/flow/templates';
import { flowEditorViewType, type FlowEditorProvider } from '../editor/flow-editor-provider';
import { flowFileOf, flowNameProblem, freeFlowName } from './new-flow-name';

export function registerFlowCommands(editors: FlowEditorProvider, output: vscode.LogOutputChannel): vscode.Disposable[] {
  return [
    // Arguments (template, name) are for scripts and tests; a menu may pass a resource instead, which is ignored.
    vscode.commands.registerCommand('flowstudio.newFlow', async (templateArg?: unknown, nameArg?: unknown) => {
      const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
      if (!folder) throw new Error('open a folder first: a flow is a file in your workspace');
      const templateGiven = typeof templateArg === 'string' ? templateArg : undefined;
      if (templateGiven !== undefined && !Object.hasOwn(templates, templateGiven))
        throw new Error(`unknown template "${templateGiven}"; templates: ${Object.keys(templates).join(', ')}`);
      // The name first, checked as it is typed: a taken or invalid name is fixed here, before any other question.
      let name = typeof nameArg === 'string' ? nameArg : undefined;
      if (name !== undefined) {
        const problem = await flowNameProblem(folder, name);
        if (problem) throw new Error(`New Flow: ${problem}`);
      } else {
        name = await vscode.window.showInputBox({
          title: 'FlowStudio: New Flow (1/2): name',
          prompt: 'The file name, without .flow.json; assistants also see it as the tool name',
          value: await freeFlowName(folder),
          ignoreFocusOut: true,
          validateInput: (text) => flowNameProblem(folder, text),
        });
        if (!name) return undefined;
      }
      const template =
        templateGiven ??
        (
          await vscode.window.showQuickPick(
            Object.entries(templates).map(([id, t]) => ({ label: t.title, description: id, detail: t.description, id })),
            { title: 'FlowStudio: New Flow (2/2): start from', ignoreFocusOut: true },
          )
        )?.id;
      if (!template) return undefined;
      // Checked again: a file made while the template was being picked is kept, not overwritten.
      const problem = await flowNameProblem(folder, name);
      if (problem) throw new Error(`New Flow: ${problem}`);
      const uri = flowFileOf(folder, name);
      await vscode.workspace.fs.writeFile(uri, Buffer.from(serializeFlow(templates[template]!.build(name))));
      await vscode.commands.executeCommand('vscode.openWith', uri, flowEditorViewType);
      return uri;
    }),
    vscode.commands.registerCommand('flowstudio.openAsText', async (uriArg?: vscode.Uri) => {
      const uri = uriArg ?? editors.activeSession?.document.uri ?? vscode.window.activeTextEditor?.document.uri;
      if (uri) await reopenInPlace(uri, 'default');
    }),
    vscode.commands.registerCommand('flowstudio.openAsCanvas', async (uriArg?: vscode.Uri) => {
      const uri = uriArg ?? vscode.window.activeTextEditor?.document.uri;
      if (uri) await reopenInPlace(uri, flowEditorViewType);
    }),
    vscode.commands.registerCommand('flowstudio.showOutput', () => output.show(true)),
  ];
}

/**
 * Shows `uri` in the other editor (text or canvas) where it is shown now, replacing that tab: two tabs
 * with the same name side by side in one group cannot be told apart. The document stays open in the
 * new editor, so closing the old tab loses nothing, unsaved changes included.
 */
async function reopenInPlace(uri: vscode.Uri, viewType: 'default' | typeof flowEditorViewType): Promise<void> {
  const replaced = viewType === 'default' ? isCanvasTabOf(uri) : isTextTabOf(uri);
  const group = vscode.window.tabGroups.activeTabGroup;
  const old = group.tabs.find(replaced);
  await vscode.commands.executeCommand('vscode.openWith', uri, viewType, { viewColumn: group.viewColumn, preview: false });
  if (old) await vscode.window.tabGroups.close(old, true);
}

function isCanvasTabOf(uri: vscode.Uri): (tab: vscode.Tab) => boolean {
  return (tab) =>
    tab.input instanceof vscode.TabInputCustom && tab.input.viewType === flowEditorViewType && tab.input.uri.toString() === uri.toString();
}

function isTextTabOf(uri: vscode.Uri): (tab: vscode.Tab) => boolean {
  return (tab) => tab.input instanceof vscode.TabInputText && tab.input.uri.toString() === uri.toString();
}
