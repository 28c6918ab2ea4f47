import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as vscode from 'vscode';
import type { HostToWebview } from '../../../src/protocol/messages';
import { flowStudio, nextEvent, workspaceFile, writeFile } from '../helpers/vscode-waits';

describe("the inspector's model picker in an untrusted workspace", () => {
  it('contacts no server a flow file names, and says so in the picker', async () => {
    const requests: string[] = [];
    const server = createServer((req, res) => {
      requests.push(`${req.method} ${req.url}`);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data: [{ id: 'm' }] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
      const api = await flowStudio();
      const uri = workspaceFile('untrusted-models.flow.json');
      await writeFile(
        uri,
        JSON.stringify({
          version: 1,
          name: 'untrusted-models',
          nodes: [
            {
              id: 'llm',
              type: 'llm.chat',
              position: { x: 0, y: 0 },
              params: { provider: 'openai-compatible', model: 'm', baseURL, apiKey: '{{env:HOME}}' },
            },
          ],
          edges: [],
        }),
      );
      const opened = nextEvent(api.editors.onDidOpen, (s) => s.document.uri.toString() === uri.toString(), 'the flow editor');
      await vscode.commands.executeCommand('vscode.openWith', uri, 'flowstudio.flowEditor');
      const session = api.editors.sessionsOf(uri)[0] ?? (await opened);
      await session.ready;
      const answer = nextEvent(
        session.onDidPost,
        (m) => m.type === 'models' && m.requestId === 'u-1',
        'the answer to listModels',
      ) as Promise<Extract<HostToWebview, { type: 'models' }>>;
      await session.receive({ type: 'listModels', requestId: 'u-1', nodeId: 'llm' });
      assert.deepEqual(await answer, {
        type: 'models',
        requestId: 'u-1',
        provider: 'openai-compatible',
        baseURL,
        models: [],
        note: 'Models are not listed from servers in an untrusted workspace.',
      });
      assert.deepEqual(requests, []);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
  });
});
