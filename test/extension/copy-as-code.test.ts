// "Copy Flow as Code" in the real editor: the clipboard holds the program `flowstudio export --to ts`
// writes for the flow the canvas shows, unsaved edits included; a broken file copies nothing.

/** What the extension's own CLI prints for `flowstudio export FILE --to ts`. */
function exportedByCli(file: string): string {
  const extension = vscode.extensions.getExtension('flowstudio.flowstudio')!;
  return execFileSync(process.execPath, [path.join(extension.extensionPath, 'dist/cli.js'), 'export', file, '--to', 'ts'], {
    cwd: path.dirname(file),
    encoding: 'utf8',
  });
}
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { FlowStudioApi } from '../../src/extension/extension';
import type { FlowEditorSession } from '../../src/extension/editor/flow-editor-session';
import { flowStudio, nextEvent, workspaceFile, writeFile } from './helpers/vscode-waits';

async function openCanvas(api: FlowStudioApi, uri: vscode.Uri): Promise<FlowEditorSession> {
  const opened = nextEvent(api.editors.onDidOpen, (s) => s.document.uri.toString() === uri.toString(), `the canvas of ${uri.path}`);
  await vscode.commands.executeCommand('vscode.openWith', uri, 'flowstudio.flowEditor');
  const session = await opened;
  await session.ready;
  return session;
}

describe('Copy Flow as Code', () => {
  let api: FlowStudioApi;
  before(async () => {
    api = await flowStudio();
  });
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('copies the active canvas flow as the program flowstudio export writes', async () => {
    const uri = workspaceFile('greet.flow.json');
    await openCanvas(api, uri);
    await vscode.env.clipboard.writeText('before');
    const returned = await vscode.commands.executeCommand<string | undefined>('flowstudio.copyAsCode');
    const copied = await vscode.env.clipboard.readText();
    assert.equal(copied, exportedByCli(uri.fsPath));
    assert.equal(returned, copied);
    assert.match(copied, /^\/\/ greet\.ts: runs the flow 'greet' from greet\.flow\.json/);
    assert.match(copied, /^const tpl: FlowNode = \{/m);
  });

  it('copies what the canvas shows, unsaved edits included', async () => {
    const uri = workspaceFile('greet.flow.json');
    const session = await openCanvas(api, uri);
    await session.applyEdits([{ type: 'setParam', nodeId: 'tpl', name: 'template', value: 'Good morning, {{name}}!' }]);
    assert.equal(session.document.isDirty, true);
    await vscode.commands.executeCommand('flowstudio.copyAsCode');
    assert.match(await vscode.env.clipboard.readText(), /template: 'Good morning, \{\{name\}\}!'/);
  });

  it('copies a flow given from the explorer, its secrets as references only', async () => {
    await api.secrets.set('OPENAI_API_KEY', 'sk-editor-secret-never-copied');
    // As a person who right-clicks the file: focus is in the explorer. (In code-server the clipboard is the
    // browser's, which refuses a page without focus, as after a canvas closes.)
    await vscode.commands.executeCommand('workbench.files.action.focusFilesExplorer');
    try {
      const returned = await vscode.commands.executeCommand<string | undefined>('flowstudio.copyAsCode', workspaceFile('chat.flow.json'));
      const copied = await vscode.env.clipboard.readText();
      assert.equal(copied, returned);
      assert.match(copied, /apiKey: '\{\{secret:OPENAI_API_KEY\}\}'/);
      assert.ok(!copied.includes('sk-editor-secret-never-copied'));
    } finally {
      await api.secrets.delete('OPENAI_API_KEY');
    }
  });

  it('copies nothing from a file that is not a flow', async () => {
    const uri = workspaceFile('broken-copy.flow.json');
    await writeFile(uri, '{ "version": 1, "nodes": [');
    await vscode.commands.executeCommand('workbench.files.action.focusFilesExplorer');
    await vscode.env.clipboard.writeText('unchanged');
    const returned = await vscode.commands.executeCommand<string | undefined>('flowstudio.copyAsCode', uri);
    assert.equal(returned, undefined);
    assert.equal(await vscode.env.clipboard.readText(), 'unchanged');
    await vscode.workspace.fs.delete(uri);
  });
});
