import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ToolListChangedNotificationSchema, type Progress } from '@modelcontextprotocol/sdk/types.js';
import { createCoreRegistry, serializeFlow } from '../../src/engine';
import { FlowToolCatalog, RunLimiter, serveFlowsOverHttp, type RunningHttpServer } from '../../src/server';
import { buildFlow } from '../helpers/flow-builder';

const TOKEN = 'test-token-1234567890';

/** A raw HTTP POST, for the requests an SDK client would never send. */
function post(url: string, headers: Record<string, string>, body: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream', ...headers } },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const initialize = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
});

describe('flows served over Streamable HTTP', function () {
  let dir: string;
  let server: RunningHttpServer;
  let catalog: FlowToolCatalog;
  const clients: Client[] = [];

  const connect = async (token = TOKEN) => {
    const client = new Client({ name: 'test', version: '1' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(server.url), { requestInit: { headers: { Authorization: `Bearer ${token}` } } }),
    );
    clients.push(client);
    return client;
  };

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'flowstudio-serve-'));
    writeFileSync(
      path.join(dir, 'shout.flow.json'),
      serializeFlow(
        buildFlow(
          {
            in: ['input.text', { name: 'words', description: 'What to shout', required: true }],
            t: ['text.template', { template: '{{v}}!' }],
            out: ['output.text', { name: 'loud' }],
          },
          ['in.text -> t.v', 't.text -> out.text'],
          'Shout It Out',
        ),
      ),
    );
    writeFileSync(
      path.join(dir, 'slow.flow.json'),
      serializeFlow(
        buildFlow(
          { in: ['input.text', { name: 'x', default: 'v' }], wait: ['util.delay', { ms: 60_000 }], out: ['output.text', { name: 'r' }] },
          ['in.text -> wait.value', 'wait.value -> out.text'],
          'slow',
        ),
      ),
    );
    const registry = createCoreRegistry();
    catalog = new FlowToolCatalog(dir, registry);
    await catalog.load();
    await catalog.watch();
    server = await serveFlowsOverHttp({
      catalog,
      registry,
      limiter: new RunLimiter(1),
      version: 'test',
      host: '127.0.0.1',
      port: 0,
      token: TOKEN,
      maxBodyBytes: 64 * 1024,
    });
  });

  after(async () => {
    await Promise.all(clients.map((c) => c.close().catch(() => undefined)));
    await server.close();
    catalog.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists each flow as a tool named from the flow name, with schemas from its inputs and outputs', async () => {
    const client = await connect();
    const { tools } = await client.listTools();
    const shout = tools.find((t) => t.name === 'shout_it_out');
    assert.ok(shout, `tools were ${tools.map((t) => t.name).join(', ')}`);
    assert.equal(shout.title, 'Shout It Out');
    assert.deepEqual(shout.inputSchema, {
      type: 'object',
      properties: { words: { type: 'string', description: 'What to shout' } },
      required: ['words'],
    });
    assert.deepEqual(shout.outputSchema, { type: 'object', properties: { loud: { type: 'string' } } });
  });

  it('runs the flow on tools/call and returns structuredContent plus text, with progress', async () => {
    const client = await connect();
    const progress: Progress[] = [];
    const result = await client.callTool({ name: 'shout_it_out', arguments: { words: 'hey' } }, undefined, {
      onprogress: (p) => progress.push(p),
    });
    assert.deepEqual(result.structuredContent, { loud: 'hey!' });
    assert.deepEqual(result.content, [{ type: 'text', text: 'hey!' }]);
    assert.deepEqual(
      progress.map((p) => p.progress),
      [1, 2, 3],
    );
    assert.equal(progress[0]?.total, 3);
  });

  it('reports a failing run as a tool error naming the problem', async () => {
    const client = await connect();
    const result = await client.callTool({ name: 'shout_it_out', arguments: {} });
    assert.equal(result.isError, true);
    assert.match(JSON.stringify(result.content), /missing required input 'words'/);
  });

  it('cancels the run when the client cancels the call', async () => {
    const client = await connect();
    const controller = new AbortController();
    // Cancel once the server reports the run under way (its first node done), so the cancellation
    // cannot overtake the call itself.
    const call = client.callTool({ name: 'slow', arguments: {} }, undefined, {
      signal: controller.signal,
      onprogress: () => controller.abort(),
    });
    await assert.rejects(call);
    // With one run allowed at a time, the next call can only finish if the slow run really stopped.
    const next = await client.callTool({ name: 'shout_it_out', arguments: { words: 'after' } }, undefined, { timeout: 10_000 });
    assert.deepEqual(next.structuredContent, { loud: 'after!' });
  });

  it('completes 200 concurrent calls correctly', async () => {
    const client = await connect();
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) => client.callTool({ name: 'shout_it_out', arguments: { words: `n${i}` } })),
    );
    results.forEach((r, i) => assert.deepEqual(r.structuredContent, { loud: `n${i}!` }));
  });

  it('offers the flow files as resources', async () => {
    const client = await connect();
    const { resources } = await client.listResources();
    const shout = resources.find((r) => r.name === 'Shout It Out');
    assert.ok(shout);
    const read = await client.readResource({ uri: shout.uri });
    assert.match(JSON.stringify(read.contents), /Shout It Out/);
    await assert.rejects(client.readResource({ uri: 'file:///etc/passwd' }), /no served flow/);
  });

  it('announces tools/list_changed when a flow file is added', async () => {
    const client = await connect();
    const changed = new Promise<void>((resolve) => client.setNotificationHandler(ToolListChangedNotificationSchema, () => resolve()));
    writeFileSync(
      path.join(dir, 'late.flow.json'),
      serializeFlow(
        buildFlow({ in: ['input.text', { name: 'x' }], out: ['output.text', { name: 'r' }] }, ['in.text -> out.text'], 'late arrival'),
      ),
    );
    await changed;
    const { tools } = await client.listTools();
    assert.ok(tools.some((t) => t.name === 'late_arrival'));
  });

  it('refuses requests without the bearer token or with a wrong one', async () => {
    assert.equal((await post(server.url, {}, initialize)).status, 401);
    assert.equal((await post(server.url, { Authorization: 'Bearer wrong' }, initialize)).status, 401);
    await assert.rejects(connect('wrong-token-000000000'));
  });

  it('refuses a foreign Origin or Host (DNS rebinding)', async () => {
    const auth = { Authorization: `Bearer ${TOKEN}` };
    const origin = await post(server.url, { ...auth, Origin: 'http://attacker.example' }, initialize);
    assert.equal(origin.status, 403);
    assert.match(origin.body, /Origin/);
    const host = await post(server.url, { ...auth, Host: `attacker.example:${server.port}` }, initialize);
    assert.equal(host.status, 403);
    assert.equal((await post(server.url, { ...auth, Origin: `http://127.0.0.1:${server.port}` }, initialize)).status, 200);
  });

  it('refuses a body over the size limit', async () => {
    const big = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { padding: 'x'.repeat(70 * 1024) } });
    assert.equal((await post(server.url, { Authorization: `Bearer ${TOKEN}` }, big)).status, 413);
  });
});
