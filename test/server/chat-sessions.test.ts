// A chat flow served as an MCP tool holds a conversation per MCP session.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { createCoreRegistry, serializeFlow } from '../../src/engine';
import { createFlowServer, FlowToolCatalog, RunLimiter } from '../../src/server';
import { WireServer } from '../engine/llm/helpers/wire-server';

describe('chat flows served over MCP', () => {
  let model: WireServer;
  let dir: string;
  let catalog: FlowToolCatalog;
  const registry = createCoreRegistry();
  const clients: Client[] = [];

  before(async () => {
    model = await WireServer.start();
    model.on('POST', '/v1/chat/completions', { fixture: 'openai-chat.text.sse' });
    dir = mkdtempSync(path.join(tmpdir(), 'flowstudio-chat-'));
    writeFileSync(
      path.join(dir, 'assistant.flow.json'),
      serializeFlow({
        version: 1,
        name: 'assistant',
        description: 'Answers in a conversation',
        nodes: [
          { id: 'message', type: 'input.chat', position: { x: 0, y: 0 }, params: {} },
          {
            id: 'model',
            type: 'llm.chat',
            position: { x: 200, y: 0 },
            params: { provider: 'openai-compatible', model: 'local', baseURL: `${model.url}/v1` },
          },
          { id: 'reply', type: 'output.chat', position: { x: 400, y: 0 }, params: {} },
        ],
        edges: [
          { id: 'e1', source: 'message', sourceHandle: 'message', target: 'model', targetHandle: 'prompt' },
          { id: 'e2', source: 'message', sourceHandle: 'history', target: 'model', targetHandle: 'history' },
          { id: 'e3', source: 'model', sourceHandle: 'message', target: 'reply', targetHandle: 'message' },
        ],
      }),
    );
    catalog = new FlowToolCatalog(dir, registry);
    await catalog.load();
  });

  after(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await model.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function session(): Promise<Client> {
    const server = createFlowServer({ catalog, registry, limiter: new RunLimiter(4), version: '0' });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await server.connect(serverSide);
    const client = new Client({ name: 'chat-test', version: '1' });
    await client.connect(clientSide);
    clients.push(client);
    return client;
  }

  const sent = (i: number) => (model.requests[i]!.body as { messages: { role: string; content: string }[] }).messages;

  it('sends the earlier turns of the same MCP session as history, and keeps sessions apart', async () => {
    const first = await session();
    const [tool] = (await first.listTools()).tools;
    assert.ok(tool);
    const answer = await first.callTool({ name: tool.name, arguments: { message: 'My name is Ada.' } });
    assert.equal(answer.isError, undefined, JSON.stringify(answer.content));
    await first.callTool({ name: tool.name, arguments: { message: 'What is my name?' } });
    const other = await session();
    await other.callTool({ name: tool.name, arguments: { message: 'Who am I?' } });

    assert.deepEqual(sent(0), [{ role: 'user', content: 'My name is Ada.' }]);
    assert.deepEqual(sent(1), [
      { role: 'user', content: 'My name is Ada.' },
      { role: 'assistant', content: 'Hello from the local server.' },
      { role: 'user', content: 'What is my name?' },
    ]);
    assert.deepEqual(sent(2), [{ role: 'user', content: 'Who am I?' }]);
  });
});
