import * as assert from 'node:assert/strict';
import type { Flow } from '../../src/engine/flow/schema';
import { canvasNodes, largeFlowNodes, withEstimatedLayout } from '../../src/webview/canvas/flow-to-canvas';

function flowOf(count: number): Flow {
  return { version: 1, name: 'f', nodes: Array.from({ length: count }, (_, i) => ({ id: `n${i}`, type: 'text.template', position: { x: i * 10, y: 0 }, params: { template: '{{a}}' } })), edges: [] };
}
const ports = (count: number) => Object.fromEntries(Array.from({ length: count }, (_, i) => [`n${i}`, { inputs: [{ name: 'a', type: 'text' }], outputs: [{ name: 'text', type: 'text' }] }]));

describe('flow to canvas nodes', () => {
  it('keeps the node objects that did not change, so React Flow re-renders only the changed ones', () => {
    const first = canvasNodes(flowOf(3), [], new Set());
    const moved = flowOf(3);
    moved.nodes[1]!.position = { x: 99, y: 0 };
    const second = canvasNodes(moved, first, new Set());
    assert.equal(second[0], first[0]);
    assert.notEqual(second[1], first[1]);
    assert.deepEqual(second[1]?.position, { x: 99, y: 0 });
  });

  it('gives a large flow\'s unmeasured nodes estimated sizes and handles, so only visible ones render', () => {
    const count = largeFlowNodes + 1;
    const nodes = withEstimatedLayout(canvasNodes(flowOf(count), [], new Set()), ports(count));
    assert.deepEqual(nodes[0]?.handles?.map((h) => [h.id, h.type]), [['a', 'target'], ['text', 'source']]);
    assert.equal(nodes[0]?.initialWidth, 200);
    const small = withEstimatedLayout(canvasNodes(flowOf(3), [], new Set()), ports(3));
    assert.equal(small[0]?.handles, undefined, 'small flows are measured, never estimated');
  });
});
