// A flow file that does not exist yet, opened in the canvas (`code new.flow.json`, a link, openWith on a
// new path): VS Code cannot open a custom editor on a missing file, so the canvas shows the untitled
// document at that path as a new, empty flow, and the first save writes the file there.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { FlowStudioApi } from '../../src/extension/extension';
import { flowStudio, nextEvent, workspaceFile } from './helpers/vscode-waits';

async function exists(uri: vscode.Uri): Promise<boolean> {
  return vscode.workspace.fs.stat(uri).then(
    () => true,
    () => false,
  );
}

function tabUris(): string[] {
  return vscode.window.tabGroups.all
    .flatMap((group) => group.tabs)
    .map((tab) => (tab.input instanceof vscode.TabInputCustom ? tab.input.uri.toString() : ''))
    .filter(Boolean);
}

describe('a flow file that does not exist yet', () => {
  let api: FlowStudioApi;
  before(async () => {
    api = await flowStudio();
  });
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('opens as a new, empty flow at its path, and the first save writes it there', async () => {
    const file = workspaceFile('not-yet.flow.json');
    assert.equal(await exists(file), false);
    const untitled = file.with({ scheme: 'untitled' });
    const opened = nextEvent(api.editors.onDidOpen, (s) => s.document.uri.toString() === untitled.toString(), 'the new flow');
    await vscode.commands.executeCommand('vscode.openWith', file, 'flowstudio.flowEditor');
    const session = await opened;
    await session.ready;
    assert.deepEqual(session.shownDocument?.flow, { version: 1, name: 'not-yet', nodes: [], edges: [] });
    assert.equal(session.shownDocument?.readOnlyReason, undefined, 'the new flow is read-only');
    assert.equal(await exists(file), false, 'opening wrote the file');
    assert.ok(!tabUris().includes(file.toString()), 'the failed tab of the missing file is still open');

    const node = { id: 'input1', type: 'input.text', position: { x: 0, y: 0 }, params: { name: 'text' } };
    await session.applyEdits([{ type: 'addNodes', nodes: [node], edges: [] }]);
    assert.equal(session.document.isDirty, true);
    assert.ok(await session.document.save(), 'the save was refused');
    const written = JSON.parse(Buffer.from(await vscode.workspace.fs.readFile(file)).toString('utf8')) as {
      name: string;
      nodes: unknown[];
    };
    assert.equal(written.name, 'not-yet');
    assert.deepEqual(written.nodes, [node]);
  });

  it('leaves a missing file of another kind, and an existing flow, to VS Code', async () => {
    const greet = workspaceFile('greet.flow.json');
    const fakeTab = { input: new vscode.TabInputCustom(greet, 'flowstudio.flowEditor') } as unknown as vscode.Tab;
    assert.equal(await api.missingFlowFiles.replaceIfMissing(fakeTab), undefined);
    const other = { input: new vscode.TabInputCustom(workspaceFile('nothing.json'), 'flowstudio.flowEditor') } as unknown as vscode.Tab;
    assert.equal(await api.missingFlowFiles.replaceIfMissing(other), undefined);
  });
});
