// Flows calling @modelcontextprotocol/server-everything, the reference test server, over stdio and
// over Streamable HTTP.
import assert from 'node:assert/strict';
import type { McpConnectionPool } from '../../../src/engine';
import { fixturePool, runFixture, startEverythingOverHttp, type RunningProcessServer } from './support/mcp-servers';

describe('MCP client against server-everything over stdio', function () {
  let pool: McpConnectionPool;

  before(async () => {
    pool = await fixturePool();
  });
  after(async () => {
    await pool.close();
  });

  it('runs a flow that calls two of its tools in a row', async () => {
    const result = await runFixture(pool, 'everything-sum.flow.json', { a: 20, b: 22 });
    assert.equal(result.status, 'ok', result.error?.message);
    assert.equal(result.outputs.answer, 'Echo: The sum of 20 and 22 is 42.');
  });

  it('reuses one server process across runs', async () => {
    await runFixture(pool, 'everything-sum.flow.json', { a: 1, b: 1 });
    const pid = pool.processIdOf('everything');
    assert.ok(pid, 'the stdio server should be running');
    const second = await runFixture(pool, 'everything-sum.flow.json', { a: 2, b: 3 });
    assert.equal(second.outputs.answer, 'Echo: The sum of 2 and 3 is 5.');
    assert.equal(pool.processIdOf('everything'), pid);
  });

  it('reads a resource', async () => {
    const result = await runFixture(pool, 'everything-resource.flow.json');
    assert.equal(result.status, 'ok', result.error?.message);
    assert.match(String(result.outputs.document), /resource 1/i);
  });

  it('gets a prompt filled with its argument', async () => {
    const result = await runFixture(pool, 'everything-prompt.flow.json', { city: 'Lisbon' });
    assert.equal(result.status, 'ok', result.error?.message);
    assert.equal(result.outputs.prompt, "What's weather in Lisbon?");
  });

  it('lists the tools with their input schemas', async () => {
    const tools = await pool.listTools('everything');
    const sum = tools.find((t) => t.name === 'get-sum');
    assert.ok(sum);
    assert.deepEqual(Object.keys((sum.inputSchema as { properties: object }).properties), ['a', 'b']);
    assert.equal(pool.statusOf('everything'), 'connected');
  });

  it('captures what the server writes to stderr', () => {
    assert.ok(
      pool.logOf('everything').some((line) => /Starting default \(STDIO\) server/.test(line)),
      pool.logOf('everything').join('\n'),
    );
  });
});

describe('MCP client against server-everything over Streamable HTTP', function () {
  let server: RunningProcessServer;
  let pool: McpConnectionPool;

  before(async () => {
    server = await startEverythingOverHttp();
    pool = await fixturePool({ FLOWSTUDIO_TEST_EVERYTHING_URL: server.url });
  });
  after(async () => {
    await pool?.close();
    await server?.stop();
  });

  it('runs a flow that calls its tools', async () => {
    const result = await runFixture(pool, 'everything-http-sum.flow.json', { a: 40, b: 2 });
    assert.equal(result.status, 'ok', result.error?.message);
    assert.equal(result.outputs.answer, 'Echo: The sum of 40 and 2 is 42.');
    assert.equal(pool.definitionOf('everything-http')?.transport, 'http');
  });

  it('serves many calls over the one session', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => pool.callTool('everything-http', 'get-sum', { a: i, b: 1 })));
    results.forEach((r, i) => assert.equal(r.text, `The sum of ${i} and 1 is ${i + 1}.`));
  });

  it('reports progress notifications of a long call', async () => {
    const progress: number[] = [];
    const result = await pool.callTool(
      'everything-http',
      'trigger-long-running-operation',
      { duration: 0.3, steps: 3 },
      { onProgress: (p) => progress.push(p.progress) },
    );
    assert.equal(result.isError, false);
    assert.deepEqual(progress, [1, 2, 3]);
  });
});
