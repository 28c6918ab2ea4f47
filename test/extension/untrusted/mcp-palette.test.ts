// The canvas's MCP catalog in an untrusted workspace: the palette is told why no MCP server is
// listed, and no server starts for it.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { HostToWebview } from '../../../src/protocol/messages';
import { flowStudio, nextEvent, workspaceFile } from '../helpers/vscode-waits';

describe('MCP palette in an untrusted workspace', () => {
  it('tells the canvas that MCP servers are not started here, and starts none', async () => {
    const api = await flowStudio();
    const uri = workspaceFile('mcp-sum.flow.json');
    const opened = nextEvent(api.editors.onDidOpen, (s) => s.document.uri.toString() === uri.toString(), 'the flow editor');
    const catalog = opened.then((s) => nextEvent(s.onDidPost, (m) => m.type === 'mcpCatalog', 'the mcpCatalog message'));
    await vscode.commands.executeCommand('vscode.openWith', uri, 'flowstudio.flowEditor');
    const message = (await catalog) as Extract<HostToWebview, { type: 'mcpCatalog' }>;
    assert.match(message.unavailableReason ?? '', /MCP servers are not started in untrusted workspaces/);
    assert.deepEqual(message.servers, []);
    assert.deepEqual(await api.mcp.allPools(), []);
  });
});
