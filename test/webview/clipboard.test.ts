import * as assert from 'node:assert/strict';
import type { Flow } from '../../src/engine/flow/schema';
import { copyNodes, pasteEdit, readClipboard } from '../../src/webview/canvas/clipboard';
import { newNodeId } from '../../src/webview/canvas/node-ids';
import { greetFlow } from './helpers/recording-host';

// The greet flow with its template's output wired on, so a copy has an edge to leave behind.
const flow: Flow = {
  ...greetFlow,
  edges: [...greetFlow.edges, { id: 'e2', source: 'tpl', sourceHandle: 'text', target: 'out', targetHandle: 'text' }],
};

describe('copy and paste of nodes', () => {
  it('copies the selected nodes with only the edges between them', () => {
    const copied = copyNodes(flow, ['who', 'tpl']);
    assert.deepEqual(
      copied?.nodes.map((n) => n.id),
      ['who', 'tpl'],
    );
    assert.deepEqual(
      copied?.edges.map((e) => e.id),
      ['e1'],
    );
  });

  it('pastes as one addNodes edit with fresh ids, moved, and edges rewired to the copies', () => {
    const copied = readClipboard(JSON.stringify(copyNodes(flow, ['who', 'tpl'])));
    assert.ok(copied);
    const { edit, nodeIds } = pasteEdit(copied, flow, { x: 40, y: 40 });
    assert.deepEqual(nodeIds, ['who1', 'tpl1']);
    assert.equal(edit.type, 'addNodes');
    if (edit.type !== 'addNodes') return;
    assert.deepEqual(
      edit.nodes.map((n) => [n.id, n.position]),
      [
        ['who1', { x: 40, y: 40 }],
        ['tpl1', { x: 280, y: 40 }],
      ],
    );
    assert.deepEqual(edit.edges, [{ id: 'e3', source: 'who1', sourceHandle: 'text', target: 'tpl1', targetHandle: 'name' }]);
    assert.deepEqual(edit.nodes[1]?.params, { template: 'Hello, {{name}}!' });
  });

  it('ignores clipboard text that is not copied nodes', () => {
    assert.equal(readClipboard('hello'), undefined);
    assert.equal(readClipboard('{"nodes": []}'), undefined);
  });

  it('names new nodes after their component type, skipping taken ids', () => {
    assert.equal(newNodeId('llm.chat', new Set(['chat1'])), 'chat2');
    assert.equal(newNodeId('json.parse', new Set()), 'parse1');
  });
});
