import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { diagnosticsWhen, flowStudio, workspaceFile, writeFile } from './helpers/vscode-waits';

describe('FlowStudio activation in a real VS Code', () => {
  // First in the suite: nothing has read a flow yet. Activation registers the editor, views and
  // commands; the engine's bundle (its zod schemas take tens of milliseconds to build) waits for a flow.
  it('activates without loading the engine, which loads when a flow is first checked', async () => {
    const api = await flowStudio();
    // Found by its end: the host may load the extension through another path to the same folder.
    const isEngineLoaded = () => Object.keys(require.cache).some((file) => file.endsWith(path.join('dist', 'lazy', 'engine.js')));
    const isExtensionLoaded = Object.keys(require.cache).some((file) => file.endsWith(path.join('dist', 'extension.js')));
    assert.ok(isExtensionLoaded, 'the extension bundle is not in the module cache where this test looks');
    assert.equal(isEngineLoaded(), false, 'activation loaded dist/lazy/engine.js');
    const check = await api.diagnostics.check(await vscode.workspace.openTextDocument(workspaceFile('greet.flow.json')));
    assert.ok(check.flow, 'the flow was read');
    assert.ok(isEngineLoaded(), 'checking a flow did not go through dist/lazy/engine.js');
  });

  it('activates in a workspace holding flow files and reports its activation time', async () => {
    const api = await flowStudio();
    assert.equal(vscode.extensions.getExtension('flowstudio.flowstudio')?.isActive, true);
    assert.equal(api.output.name, 'FlowStudio');
    assert.ok(api.activationMs > 0 && api.activationMs < 5000, `activation took ${api.activationMs} ms`);
  });

  it('registers every command it contributes, all under the FlowStudio category', async () => {
    const extension = vscode.extensions.getExtension('flowstudio.flowstudio');
    assert.ok(extension);
    const contributed = (extension.packageJSON as { contributes: { commands: { command: string; category: string }[] } }).contributes
      .commands;
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const { command, category } of contributed) {
      assert.ok(registered.has(command), `${command} is contributed but not registered`);
      assert.equal(category, 'FlowStudio');
    }
    await vscode.commands.executeCommand('flowstudio.showOutput');
  });

  it('gives the plain JSON editor schema validation of *.flow.json', async () => {
    const uri = workspaceFile('schema-check.flow.json');
    // "name" is missing and a node has no position: both are schema errors.
    await writeFile(uri, '{\n  "version": 1,\n  "nodes": [{ "id": "a", "type": "input.text" }],\n  "edges": []\n}\n');
    const document = await vscode.workspace.openTextDocument(uri);
    assert.equal(document.languageId, 'json');
    await vscode.window.showTextDocument(document);
    const found = await diagnosticsWhen(uri, (d) => d.some((x) => /Missing property "name"/.test(x.message)), 'JSON schema diagnostics');
    assert.ok(
      found.some((d) => /Missing property "position"/.test(d.message)),
      found.map((d) => d.message).join('\n'),
    );
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('checks a flow regex with the RE2 engine it loads on first use, refusing a backreference in Problems', async () => {
    const uri = workspaceFile('regex-check.flow.json');
    const flow = {
      version: 1,
      name: 'regex-check',
      nodes: [
        { id: 'who', type: 'input.text', position: { x: 0, y: 0 }, params: { name: 'who' } },
        { id: 'check', type: 'logic.if', position: { x: 240, y: 0 }, params: { operator: 'matches', value: '(a)\\1' } },
      ],
      edges: [{ id: 'e1', source: 'who', sourceHandle: 'text', target: 'check', targetHandle: 'value' }],
    };
    await writeFile(uri, `${JSON.stringify(flow, null, 2)}\n`);
    try {
      await vscode.workspace.openTextDocument(uri);
      const found = await diagnosticsWhen(
        uri,
        (d) => d.some((x) => /not a supported regular expression: backreferences/.test(x.message)),
        'the regex refusal',
      );
      assert.ok(found.length > 0);
    } finally {
      await vscode.workspace.fs.delete(uri);
    }
  });

  it('ships a manifest whose activation is limited to FlowStudio contributions', () => {
    const manifest = JSON.parse(
      readFileSync(path.join(vscode.extensions.getExtension('flowstudio.flowstudio')!.extensionPath, 'package.json'), 'utf8'),
    ) as { activationEvents: string[] };
    assert.ok(!manifest.activationEvents.includes('*'), 'never activates on every start-up');
    assert.ok(!manifest.activationEvents.includes('onStartupFinished'));
  });
});
