import * as assert from 'node:assert/strict';
import type { Flow } from '../../src/engine/flow/schema';
import {
  canvasNodes,
  largeFlowNodes,
  openingViewport,
  withEstimatedLayout,
  withoutEstimatesOnceMeasured,
} from '../../src/webview/canvas/flow-to-canvas';

function flowOf(count: number): Flow {
  return {
    version: 1,
    name: 'f',
    nodes: Array.from({ length: count }, (_, i) => ({
      id: `n${i}`,
      type: 'text.template',
      position: { x: i * 10, y: 0 },
      params: { template: '{{a}}' },
    })),
    edges: [],
  };
}
const ports = (count: number) =>
  Object.fromEntries(
    Array.from({ length: count }, (_, i) => [
      `n${i}`,
      { inputs: [{ name: 'a', type: 'text' }], outputs: [{ name: 'text', type: 'text' }] },
    ]),
  );

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

  it("gives a large flow's unmeasured nodes estimated sizes and handles, so only visible ones render", () => {
    const count = largeFlowNodes + 1;
    const nodes = withEstimatedLayout(canvasNodes(flowOf(count), [], new Set()), ports(count));
    assert.deepEqual(
      nodes[0]?.handles?.map((h) => [h.id, h.type]),
      [
        ['a', 'target'],
        ['text', 'source'],
      ],
    );
    assert.equal(nodes[0]?.initialWidth, 200);
    const small = withEstimatedLayout(canvasNodes(flowOf(3), [], new Set()), ports(3));
    assert.equal(small[0]?.handles, undefined, 'small flows are measured, never estimated');
  });

  it("estimates no handles before the ports are known, and re-estimates when a node's ports change", () => {
    // A document arrives before its catalog: nodes estimated then with no handles drew no edges at all.
    const count = largeFlowNodes + 1;
    const early = withEstimatedLayout(canvasNodes(flowOf(count), [], new Set()), {});
    assert.equal(early[0]?.handles, undefined);
    const known = withEstimatedLayout(early, ports(count));
    assert.deepEqual(
      known[0]?.handles?.map((h) => h.id),
      ['a', 'text'],
    );
    assert.equal(withEstimatedLayout(known, ports(count))[0], known[0], 'unchanged ports keep the node object');
    const twoInputs = {
      ...ports(count),
      n0: {
        inputs: [
          { name: 'a', type: 'text' },
          { name: 'b', type: 'text' },
        ],
        outputs: [{ name: 'text', type: 'text' }],
      },
    };
    assert.deepEqual(
      withEstimatedLayout(known, twoInputs)[0]?.handles?.map((h) => h.id),
      ['a', 'b', 'text'],
    );
  });

  it("drops a node's estimated handles once React Flow has measured it, so edges use the measured ones", () => {
    const count = largeFlowNodes + 1;
    const estimated = withEstimatedLayout(canvasNodes(flowOf(count), [], new Set()), ports(count));
    const after = withoutEstimatesOnceMeasured(estimated, [{ type: 'dimensions', id: 'n1', dimensions: { width: 210, height: 90 } }]);
    assert.equal(after[1]?.handles, undefined);
    assert.equal(after[0], estimated[0], 'nodes not measured keep their estimates');
    assert.equal(withoutEstimatesOnceMeasured(estimated, [{ type: 'select', id: 'n1', selected: true }]), estimated);
  });

  it('opens a large flow at 100% with its top-left node just inside the canvas, notes ignored', () => {
    const flow = flowOf(3);
    flow.nodes[0]!.position = { x: 500, y: -120 };
    flow.nodes[1]!.position = { x: 300, y: 80 };
    flow.nodes[2]!.position = { x: 900, y: 0 };
    flow.notes = [{ id: 'far', position: { x: -5000, y: -5000 }, text: 'a note far away' }];
    const viewport = openingViewport(canvasNodes(flow, [], new Set()));
    // Flow point (300, -120) lands at screen (40, 40): screen = flow * zoom + (x, y).
    assert.deepEqual(viewport, { x: 40 - 300, y: 40 + 120, zoom: 1 });
    assert.deepEqual(openingViewport([]), { x: 40, y: 40, zoom: 1 });
  });
});
