// The JSON-RPC messages of each MCP call reach the run as node.mcp-message events of the node that
// made the call, captured on the transport of a real server-everything over stdio.
import assert from 'node:assert/strict';
import { runFlow, type McpConnectionPool, type RunEvent } from '../../../src/engine';
import { MAX_TRACED_PAYLOAD_CHARS } from '../../../src/engine/mcp/message-tap';
import { buildFlow, collect, eventsOf } from '../../helpers/flow-builder';
import { fixtureFlow, fixturePool } from './support/mcp-servers';

type McpMessageEvent = Extract<RunEvent, { type: 'node.mcp-message' }>;

function messagesOf(events: RunEvent[], nodeId: string): McpMessageEvent[] {
  return eventsOf(events, 'node.mcp-message').filter((e) => e.nodeId === nodeId);
}

describe('MCP messages in the run trace (server-everything over stdio)', function () {
  let pool: McpConnectionPool;

  before(async () => {
    pool = await fixturePool();
  });
  after(async () => {
    await pool.close();
  });

  it("shows an mcp.tool node's tools/call request with its arguments and the matching response, in order", async () => {
    const { result, events } = await collect(runFlow(fixtureFlow('everything-sum.flow.json'), { inputs: { a: 20, b: 22 }, mcp: pool }));
    assert.equal(result.status, 'ok', result.error?.message);

    const sum = messagesOf(events, 'sum');
    assert.deepEqual(
      sum.map((m) => [m.direction, m.method]),
      [
        ['sent', 'tools/call'],
        ['received', 'response'],
      ],
    );
    const [request, response] = sum as [McpMessageEvent, McpMessageEvent];
    assert.equal(request.server, 'everything');
    assert.equal(request.truncated, false);
    const params = request.payload as { name: string; arguments: Record<string, unknown> };
    assert.equal(params.name, 'get-sum');
    assert.deepEqual(params.arguments, { a: 20, b: 22 });
    assert.notEqual(request.id, undefined);
    assert.equal(response.id, request.id, 'the response answers that request');
    assert.deepEqual((response.payload as { content: unknown[] }).content, [{ type: 'text', text: 'The sum of 20 and 22 is 42.' }]);
    assert.ok(request.t <= response.t);

    // Between the node's start and its output, and the next node's call is its own.
    const index = (e: RunEvent) => events.indexOf(e);
    const started = events.findIndex((e) => e.type === 'node.start' && e.nodeId === 'sum');
    const finished = events.findIndex((e) => e.type === 'node.output' && e.nodeId === 'sum');
    assert.ok(started < index(request) && index(response) < finished);
    const echo = messagesOf(events, 'echo');
    assert.deepEqual((echo[0]!.payload as { arguments: unknown }).arguments, { message: 'The sum of 20 and 22 is 42.' });
    assert.notEqual(echo[0]!.id, request.id);
  });

  it('attributes concurrent calls on one connection to the node that made each', async () => {
    const flow = buildFlow(
      {
        one: ['mcp.tool', { server: 'everything', tool: 'get-sum', arguments: { a: 1, b: 1 } }],
        two: ['mcp.tool', { server: 'everything', tool: 'get-sum', arguments: { a: 2, b: 2 } }],
        three: ['mcp.tool', { server: 'everything', tool: 'get-sum', arguments: { a: 3, b: 3 } }],
        o1: ['output.text', { name: 'o1' }],
        o2: ['output.text', { name: 'o2' }],
        o3: ['output.text', { name: 'o3' }],
      },
      ['one.text -> o1.text', 'two.text -> o2.text', 'three.text -> o3.text'],
    );
    const { result, events } = await collect(runFlow(flow, { inputs: {}, mcp: pool }));
    assert.equal(result.status, 'ok', result.error?.message);
    for (const [node, n] of [
      ['one', 1],
      ['two', 2],
      ['three', 3],
    ] as const) {
      const [request, response, ...rest] = messagesOf(events, node);
      assert.equal(rest.length, 0, `${node} has exactly its request and response`);
      assert.deepEqual((request!.payload as { arguments: unknown }).arguments, { a: n, b: n });
      assert.equal(response!.id, request!.id);
      assert.deepEqual((response!.payload as { content: unknown[] }).content, [
        { type: 'text', text: `The sum of ${n} and ${n} is ${n * 2}.` },
      ]);
    }
  });

  it("includes the server's progress notifications between request and response", async () => {
    const flow = buildFlow(
      {
        work: ['mcp.tool', { server: 'everything', tool: 'trigger-long-running-operation', arguments: { duration: 0.3, steps: 3 } }],
        out: ['output.text', { name: 'report' }],
      },
      ['work.text -> out.text'],
    );
    const { result, events } = await collect(runFlow(flow, { inputs: {}, mcp: pool }));
    assert.equal(result.status, 'ok', result.error?.message);
    const work = messagesOf(events, 'work');
    assert.deepEqual(
      work.map((m) => m.method),
      ['tools/call', 'notifications/progress', 'notifications/progress', 'notifications/progress', 'response'],
    );
    const requestId = work[0]!.id;
    for (const progress of work.slice(1, 4)) {
      assert.equal(progress.direction, 'received');
      assert.equal(progress.id, undefined, 'a notification has no id');
      assert.equal((progress.payload as { progressToken: unknown }).progressToken, requestId);
    }
    assert.deepEqual(
      work.slice(1, 4).map((m) => (m.payload as { progress: number }).progress),
      [1, 2, 3],
    );
  });

  it('cuts payloads longer than 8 KB and marks them truncated', async () => {
    const long = 'x'.repeat(20_000);
    const flow = buildFlow(
      { echo: ['mcp.tool', { server: 'everything', tool: 'echo', arguments: { message: long } }], out: ['output.text', { name: 'said' }] },
      ['echo.text -> out.text'],
    );
    const { result, events } = await collect(runFlow(flow, { inputs: {}, mcp: pool }));
    assert.equal(result.status, 'ok', result.error?.message);
    assert.equal(result.outputs.said, `Echo: ${long}`, 'the call itself is not cut');
    const [request, response] = messagesOf(events, 'echo');
    for (const message of [request!, response!]) {
      assert.equal(message.truncated, true);
      assert.equal(typeof message.payload, 'string');
      assert.equal((message.payload as string).length, MAX_TRACED_PAYLOAD_CHARS);
    }
    assert.ok((request!.payload as string).startsWith('{"name":"echo","arguments":{"message":"xxx'), String(request!.payload).slice(0, 80));
    assert.equal(response!.id, request!.id);
  });

  it('traces mcp.resource and mcp.prompt calls with their methods', async () => {
    const resource = await collect(runFlow(fixtureFlow('everything-resource.flow.json'), { inputs: {}, mcp: pool }));
    assert.equal(resource.result.status, 'ok', resource.result.error?.message);
    const read = eventsOf(resource.events, 'node.mcp-message');
    assert.deepEqual(
      read.map((m) => [m.direction, m.method]),
      [
        ['sent', 'resources/read'],
        ['received', 'response'],
      ],
    );
    assert.match(String((read[0]!.payload as { uri: string }).uri), /^demo:\/\//);

    const prompt = await collect(runFlow(fixtureFlow('everything-prompt.flow.json'), { inputs: { city: 'Lisbon' }, mcp: pool }));
    assert.equal(prompt.result.status, 'ok', prompt.result.error?.message);
    const get = eventsOf(prompt.events, 'node.mcp-message');
    assert.deepEqual(
      get.map((m) => [m.direction, m.method]),
      [
        ['sent', 'prompts/get'],
        ['received', 'response'],
      ],
    );
    assert.deepEqual((get[0]!.payload as { arguments: unknown }).arguments, { city: 'Lisbon' });
  });

  it('reports an error answer as method "error"', async () => {
    const flow = buildFlow(
      { bad: ['mcp.resource', { server: 'everything', uri: 'demo://no/such/resource' }], out: ['output.text', { name: 'text' }] },
      ['bad.text -> out.text'],
    );
    const { result, events } = await collect(runFlow(flow, { inputs: {}, mcp: pool }));
    assert.equal(result.status, 'error');
    const [request, answer] = messagesOf(events, 'bad');
    assert.equal(request!.method, 'resources/read');
    assert.equal(answer!.method, 'error');
    assert.equal(answer!.id, request!.id);
    assert.equal(typeof (answer!.payload as { message: unknown }).message, 'string');
  });
});
