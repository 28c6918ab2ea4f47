import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { FlowStudioApi } from '../../src/extension/extension';

describe('FlowStudio in a real VS Code', () => {
  it('is installed and activates in a workspace that holds flow files', async () => {
    const extension = vscode.extensions.getExtension<FlowStudioApi>('flowstudio.flowstudio');
    assert.ok(extension, 'the extension is not installed');
    const api = await extension.activate();
    assert.equal(extension.isActive, true);
    assert.equal(api.output.name, 'FlowStudio');
  });

  it('contributes FlowStudio: Show Output, which runs', async () => {
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('flowstudio.showOutput'));
    await vscode.commands.executeCommand('flowstudio.showOutput');
  });

  it('opens a *.flow.json file as JSON', async () => {
    const [folder] = vscode.workspace.workspaceFolders ?? [];
    assert.ok(folder, 'no workspace folder is open');
    const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, 'greet.flow.json'));
    assert.equal(document.languageId, 'json');
    assert.equal((JSON.parse(document.getText()) as { name: string }).name, 'greet');
  });

  it('validates *.flow.json against the shipped JSON Schema in the plain JSON editor', async () => {
    const [folder] = vscode.workspace.workspaceFolders ?? [];
    assert.ok(folder);
    const uri = vscode.Uri.joinPath(folder.uri, 'schema-check.flow.json');
    // "name" is missing and a node has no position: both are schema errors.
    await vscode.workspace.fs.writeFile(uri, Buffer.from('{\n  "version": 1,\n  "nodes": [{ "id": "a", "type": "input.text" }],\n  "edges": []\n}\n'));
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    const messages = await new Promise<string[]>((resolve) => {
      const check = () => {
        const found = vscode.languages.getDiagnostics(uri).map((d) => d.message);
        if (found.some((m) => /name/.test(m))) {
          subscription.dispose();
          resolve(found);
        }
      };
      const subscription = vscode.languages.onDidChangeDiagnostics(check);
      check();
    });
    assert.ok(messages.some((m) => /Missing property "name"/.test(m)), messages.join('\n'));
    assert.ok(messages.some((m) => /Missing property "position"/.test(m)), messages.join('\n'));
  });
});
