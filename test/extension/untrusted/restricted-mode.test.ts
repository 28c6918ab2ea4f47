import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { diagnosticsWhen, flowStudio, nextEvent, workspaceFile, writeFile } from '../helpers/vscode-waits';

describe('FlowStudio in an untrusted workspace', () => {
  it('is active in restricted mode', async () => {
    assert.equal(vscode.workspace.isTrusted, false);
    const api = await flowStudio();
    assert.ok(api.editors);
  });

  it('still opens flows in the canvas and tells why nothing runs', async () => {
    const api = await flowStudio();
    const uri = workspaceFile('greet.flow.json');
    const opened = nextEvent(api.editors.onDidOpen, (s) => s.document.uri.toString() === uri.toString(), 'the flow editor');
    const workspaceMessage = opened.then((s) => nextEvent(s.onDidPost, (m) => m.type === 'workspace', 'the workspace message'));
    await vscode.commands.executeCommand('vscode.openWith', uri, 'flowstudio.flowEditor');
    const message = await workspaceMessage;
    assert.equal(message.type === 'workspace' && message.isTrusted, false);
    assert.match(message.type === 'workspace' ? (message.untrustedReason ?? '') : '', /untrusted workspace/);
  });

  it('still validates flows into the Problems panel', async () => {
    const uri = workspaceFile('broken.flow.json');
    await writeFile(
      uri,
      '{\n  "version": 1,\n  "name": "b",\n  "nodes": [{ "id": "x", "type": "nope", "position": { "x": 0, "y": 0 } }],\n  "edges": []\n}\n',
    );
    await vscode.workspace.openTextDocument(uri);
    await diagnosticsWhen(uri, (d) => d.some((x) => x.source === 'FlowStudio' && /nope/.test(x.message)), 'validation in restricted mode');
  });

  it('refuses to run a flow, saying why', async () => {
    const api = await flowStudio();
    const document = await vscode.workspace.openTextDocument(workspaceFile('greet.flow.json'));
    await assert.rejects(api.runs.start(document, { mode: 'run', inputs: { person: 'x' } }), /untrusted workspace/);
    assert.equal(await vscode.commands.executeCommand('flowstudio.run', document.uri, { inputs: { person: 'x' } }), undefined);
  });

  it('starts no MCP server and offers no flows to assistants', async () => {
    const api = await flowStudio();
    assert.deepEqual(await api.mcp.allPools(), []);
    assert.equal(await api.mcp.poolFor(workspaceFile('mcp-sum.flow.json')), undefined);
    assert.deepEqual(api.assistantServers.launches(), []);
  });
});
