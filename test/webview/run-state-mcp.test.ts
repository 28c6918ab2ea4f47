import * as assert from 'node:assert/strict';
import type { RunEventView } from '../../src/protocol/messages';
import { idleRun, maxMcpMessagesPerNode, reduceRunEvent, type RunView } from '../../src/webview/run/run-state';

const nodes = ['a', 'sum', 'out'];
function play(events: { type: string; t: number; [field: string]: unknown }[], from: RunView = idleRun): RunView {
  return events.reduce<RunView>((run, e) => reduceRunEvent(run, { ...e, runId: 'r1' } as RunEventView, nodes), from);
}

const request = {
  type: 'node.mcp-message',
  nodeId: 'sum',
  server: 'everything',
  direction: 'sent',
  method: 'tools/call',
  id: 3,
  payload: { name: 'get-sum', arguments: { a: 1, b: 2 } },
  truncated: false,
};
const response = {
  type: 'node.mcp-message',
  nodeId: 'sum',
  server: 'everything',
  direction: 'received',
  method: 'response',
  id: 3,
  payload: { content: [{ type: 'text', text: 'The sum of 1 and 2 is 3.' }] },
  truncated: false,
};

describe('run state: MCP messages of a node', () => {
  it("keeps each node's MCP messages in order with run-relative times and counts them", () => {
    const run = play([
      { type: 'run.start', t: 100, flow: 'mcp-sum', nodeCount: 3 },
      { type: 'node.start', t: 110, nodeId: 'sum', inputs: { a: 1, b: 2 } },
      { ...request, t: 111 },
      {
        type: 'node.mcp-message',
        t: 115,
        nodeId: 'sum',
        server: 'everything',
        direction: 'received',
        method: 'notifications/progress',
        payload: { progress: 1, progressToken: 3 },
        truncated: false,
      },
      { ...response, t: 118 },
      { type: 'node.output', t: 119, nodeId: 'sum', outputs: { text: 'The sum of 1 and 2 is 3.' }, durationMs: 9 },
    ]);
    const sum = run.nodes.sum!;
    assert.equal(sum.state, 'done');
    assert.equal(sum.mcpMessageCount, 3);
    assert.deepEqual(
      sum.mcpMessages?.map((m) => [m.direction, m.method, m.id, m.at]),
      [
        ['sent', 'tools/call', 3, 11],
        ['received', 'notifications/progress', undefined, 15],
        ['received', 'response', 3, 18],
      ],
    );
    assert.deepEqual(sum.mcpMessages?.[0]?.payload, { name: 'get-sum', arguments: { a: 1, b: 2 } });
    assert.equal(run.nodes.a?.mcpMessages, undefined, 'other nodes have none');
  });

  it('ignores a malformed MCP message and one of an older run', () => {
    const started = play([{ type: 'run.start', t: 0, flow: 'f', nodeCount: 3 }]);
    const malformed = play(
      [{ type: 'node.mcp-message', t: 1, nodeId: 'sum', direction: 'sideways', method: 'x', payload: null, truncated: false }],
      started,
    );
    assert.equal(malformed, started);
    const stale = reduceRunEvent(started, { ...request, t: 2, runId: 'older' } as RunEventView, nodes);
    assert.equal(stale, started);
  });

  it('keeps the first messages of a very chatty node and still counts the rest', () => {
    const progress = Array.from({ length: maxMcpMessagesPerNode + 20 }, (_, i) => ({
      type: 'node.mcp-message',
      t: 2 + i,
      nodeId: 'sum',
      server: 'everything',
      direction: 'received',
      method: 'notifications/progress',
      payload: { progress: i },
      truncated: false,
    }));
    const run = play([
      { type: 'run.start', t: 0, flow: 'f', nodeCount: 3 },
      { type: 'node.start', t: 1, nodeId: 'sum', inputs: {} },
      ...progress,
    ]);
    assert.equal(run.nodes.sum?.mcpMessages?.length, maxMcpMessagesPerNode);
    assert.equal(run.nodes.sum?.mcpMessageCount, maxMcpMessagesPerNode + 20);
  });

  it('starts a new run with no messages', () => {
    const first = play([
      { type: 'run.start', t: 0, flow: 'f', nodeCount: 3 },
      { ...request, t: 1 },
    ]);
    assert.equal(first.nodes.sum?.mcpMessageCount, 1);
    const second = reduceRunEvent(first, { type: 'run.start', runId: 'r2', t: 5, flow: 'f', nodeCount: 3 }, nodes);
    assert.equal(second.nodes.sum?.mcpMessages, undefined);
  });
});
