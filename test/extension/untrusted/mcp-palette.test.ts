// The canvas's MCP catalog in an untrusted workspace: the palette is told why no MCP server is
// listed, no server starts for it, and its Allow… message is refused without a question.
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

  it('refuses allowMcpServer from the canvas, asking nothing and starting nothing', async () => {
    const api = await flowStudio();
    const uri = workspaceFile('mcp-sum.flow.json');
    const session = api.editors.sessionsOf(uri)[0];
    assert.ok(session, 'the canvas is open');
    const original = api.mcp.consent.prompt;
    let asked = 0;
    api.mcp.consent.prompt = {
      ask: async () => {
        asked += 1;
        return 'allow';
      },
    };
    try {
      const response = nextEvent(
        session.onDidPost,
        (m) => m.type === 'response' && m.requestId === 'u-allow',
        'the answer to allowMcpServer',
      );
      await session.receive({ type: 'allowMcpServer', requestId: 'u-allow', server: 'everything' });
      const answer = (await response) as Extract<HostToWebview, { type: 'response' }>;
      assert.equal(answer.ok, false);
      assert.match(answer.error ?? '', /runs nothing in an untrusted workspace/);
      assert.equal(asked, 0, 'the consent question was asked in an untrusted workspace');
      assert.deepEqual(await api.mcp.allPools(), []);
    } finally {
      api.mcp.consent.prompt = original;
    }
  });
});
