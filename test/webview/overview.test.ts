// The overview of a large flow far zoomed out (overview.ts, OverviewCanvas): edges drawn on the
// curve React Flow's default edge takes, between the same handle points, in the look FlowCanvas
// gave them; nodes hidden from React Flow with stable copies, hit, box-selected and dragged on the grid.
import * as assert from 'node:assert/strict';
import { getBezierPath, Position, type Edge, type InternalNode } from '@xyflow/react';
import { bezierCurve, curveMayCross, handlePoint, type Curve } from '../../src/webview/canvas/edge-geometry';
import { edgeCurve, edgeLook, nodeLook } from '../../src/webview/canvas/OverviewCanvas';
import { canvasNodes } from '../../src/webview/canvas/flow-to-canvas';
import type { NodeRunState, NodeRunView } from '../../src/webview/run/run-state';
import {
  curveNear,
  distanceToCurve,
  draggedPositions,
  flowNodeAt,
  flowNodesInside,
  rectBetween,
  withFlowNodesHidden,
} from '../../src/webview/canvas/overview';

/** A measured node at (x, y) with an input handle `a` on its left and an output `text` on its right. */
function measuredNode(id: string, x: number, y: number): InternalNode {
  const user = { id, position: { x, y }, data: {} };
  return {
    ...user,
    measured: { width: 200, height: 100 },
    internals: {
      positionAbsolute: { x, y },
      z: 0,
      userNode: user,
      handleBounds: {
        source: [{ id: 'text', nodeId: id, type: 'source', position: Position.Right, x: 195, y: 55, width: 10, height: 10 }],
        target: [{ id: 'a', nodeId: id, type: 'target', position: Position.Left, x: -5, y: 55, width: 10, height: 10 }],
      },
    },
  };
}

/** The points of React Flow's own path `M x,y C x,y x,y x,y`. */
function reactFlowCurve(...args: Parameters<typeof getBezierPath>): Curve {
  const [path] = getBezierPath(...args);
  const n = path.match(/-?\d+(\.\d+)?(e-?\d+)?/g)!.map(Number);
  assert.equal(n.length, 8, `a single cubic: ${path}`);
  return { from: { x: n[0]!, y: n[1]! }, control1: { x: n[2]!, y: n[3]! }, control2: { x: n[4]!, y: n[5]! }, to: { x: n[6]!, y: n[7]! } };
}

function assertSameCurve(actual: Curve, expected: Curve): void {
  for (const key of ['from', 'control1', 'control2', 'to'] as const) {
    assert.ok(
      Math.abs(actual[key].x - expected[key].x) < 1e-6 && Math.abs(actual[key].y - expected[key].y) < 1e-6,
      `${key}: ${JSON.stringify(actual[key])} vs ${JSON.stringify(expected[key])}`,
    );
  }
}

describe('overview edges', () => {
  it("take the curve of React Flow's default edge, forwards, backwards and on every side", () => {
    const cases: Array<[Position, Position, { x: number; y: number }]> = [
      [Position.Right, Position.Left, { x: 400, y: 120 }],
      [Position.Right, Position.Left, { x: -300, y: -80 }],
      [Position.Bottom, Position.Top, { x: 50, y: 300 }],
      [Position.Top, Position.Bottom, { x: 50, y: 300 }],
    ];
    for (const [sourcePosition, targetPosition, target] of cases) {
      const from = { x: 10, y: 20 };
      assertSameCurve(
        bezierCurve(from, sourcePosition, target, targetPosition),
        reactFlowCurve({ sourceX: from.x, sourceY: from.y, sourcePosition, targetX: target.x, targetY: target.y, targetPosition }),
      );
    }
  });

  it('are drawn to and from nodes React Flow hides: the overview hides them all', () => {
    const nodes = new Map([
      ['n0', { ...measuredNode('n0', 0, 0), hidden: true }],
      ['n1', { ...measuredNode('n1', 400, 160), hidden: true }],
    ]);
    assert.ok(edgeCurve(nodes, { id: 'e', source: 'n0', target: 'n1' }));
    assert.equal(edgeCurve(nodes, { id: 'e', source: 'n0', target: 'n1', hidden: true }), undefined, 'a hidden edge is not drawn');
  });

  it("run from the middle of the source handle's outer side to the target handle's", () => {
    const nodes = new Map([
      ['n0', measuredNode('n0', 0, 0)],
      ['n1', measuredNode('n1', 400, 160)],
    ]);
    assert.deepEqual(handlePoint(nodes.get('n0')!, 'source', 'text'), { point: { x: 205, y: 60 }, side: Position.Right });
    assert.deepEqual(
      handlePoint(nodes.get('n1')!, 'target', null),
      { point: { x: 395, y: 220 }, side: Position.Left },
      'no handle id: the first handle',
    );
    assert.equal(handlePoint(nodes.get('n1')!, 'target', 'missing'), undefined);
    const curve = edgeCurve(nodes, { id: 'e', source: 'n0', sourceHandle: 'text', target: 'n1', targetHandle: 'a' });
    assert.deepEqual(
      [curve?.from, curve?.to],
      [
        { x: 205, y: 60 },
        { x: 395, y: 220 },
      ],
    );
    assert.equal(
      edgeCurve(nodes, { id: 'e', source: 'n0', target: 'gone' }),
      undefined,
      'an edge to a node React Flow does not have is not drawn',
    );
  });

  it('skip curves that cannot reach the visible rectangle', () => {
    const curve = bezierCurve({ x: 0, y: 0 }, Position.Right, { x: 100, y: 50 }, Position.Left);
    assert.equal(curveMayCross(curve, { x: 50, y: 10, width: 10, height: 10 }), true);
    assert.equal(curveMayCross(curve, { x: 150, y: 0, width: 100, height: 100 }), false, 'all to the left of it');
    assert.equal(curveMayCross(curve, { x: 0, y: -100, width: 100, height: 50 }), false, 'all below it');
  });

  it('keep the look FlowCanvas gave the edge: selected over running over problems over a value', () => {
    const edge: Edge = { id: 'e', source: 'a', target: 'b' };
    assert.equal(edgeLook(edge), 'plain');
    assert.equal(edgeLook({ ...edge, className: 'edge-has-value' }), 'value');
    assert.equal(edgeLook({ ...edge, className: 'edge-warning edge-has-value' }), 'warning');
    assert.equal(edgeLook({ ...edge, className: 'edge-error' }), 'error');
    assert.equal(edgeLook({ ...edge, className: 'edge-error', animated: true }), 'active');
    assert.equal(edgeLook({ ...edge, className: 'edge-error', animated: true, selected: true }), 'selected');
  });

  it('outline a node by selection, then run state, then its worst problem', () => {
    const ran = (state: NodeRunState): NodeRunView => ({ state, tokens: '' });
    assert.equal(nodeLook(false, undefined, undefined), 'plain');
    assert.equal(nodeLook(false, ran('done'), undefined), 'done');
    assert.equal(nodeLook(false, ran('done'), 'warning'), 'warning');
    assert.equal(nodeLook(false, undefined, 'error'), 'error');
    assert.equal(nodeLook(false, ran('error'), undefined), 'error');
    assert.equal(nodeLook(false, ran('running'), 'error'), 'running');
    assert.equal(nodeLook(true, ran('running'), 'error'), 'selected');
  });
});

describe('the overview', () => {
  const flow = {
    version: 1 as const,
    name: 'grid',
    nodes: [
      { id: 'a', type: 'text.template', position: { x: 0, y: 0 } },
      { id: 'b', type: 'text.template', position: { x: 300, y: 0 } },
      { id: 'c', type: 'text.template', position: { x: 100, y: 50 } },
    ],
    edges: [],
    notes: [{ id: 'hint', position: { x: 0, y: 300 }, text: 'a note' }],
  };
  const items = canvasNodes(flow, [], new Set()).map((item) => ({ ...item, measured: { width: 200, height: 100 } }));

  it('hides the flow nodes from React Flow, not the notes, with one copy per node object', () => {
    const copies = new WeakMap();
    const first = withFlowNodesHidden(items, copies);
    assert.deepEqual(
      first.map((i) => [i.id, Boolean(i.hidden)]),
      [
        ['note:hint', false],
        ['a', true],
        ['b', true],
        ['c', true],
      ],
    );
    const again = withFlowNodesHidden(items, copies);
    assert.ok(
      again.every((item, i) => item === first[i]),
      'an unchanged node keeps its copy, so React Flow does not adopt it again',
    );
    const moved = items.map((item) => (item.id === 'b' ? { ...item, position: { x: 320, y: 0 } } : item));
    const afterMove = withFlowNodesHidden(moved, copies);
    assert.notEqual(afterMove[2], first[2], 'a moved node gets a new copy');
    assert.equal(afterMove[1], first[1]);
    assert.deepEqual(afterMove[2]?.position, { x: 320, y: 0 });
  });

  it('finds the topmost flow node under a point, never a note', () => {
    assert.equal(flowNodeAt(items, { x: 150, y: 60 })?.id, 'c', 'c overlaps a and is drawn after it');
    assert.equal(flowNodeAt(items, { x: 10, y: 10 })?.id, 'a');
    assert.equal(flowNodeAt(items, { x: 10, y: 310 }), undefined, "the note is React Flow's to hit");
    assert.equal(flowNodeAt(items, { x: 250, y: 200 }), undefined);
  });

  it('box-selects the flow nodes wholly inside, whichever way the box was drawn', () => {
    const box = rectBetween({ x: 520, y: 160 }, { x: -10, y: -10 });
    assert.deepEqual(box, { x: -10, y: -10, width: 530, height: 170 });
    assert.deepEqual(
      flowNodesInside(items, box).map((n) => n.id),
      ['a', 'b', 'c'],
    );
    assert.deepEqual(
      flowNodesInside(items, { x: -10, y: -10, width: 400, height: 170 }).map((n) => n.id),
      ['a', 'c'],
      'b sticks out',
    );
  });

  it("moves each dragged item by the pointer's travel in flow units, onto the grid", () => {
    const moved = draggedPositions(
      new Map([
        ['a', { x: 0, y: 0 }],
        ['c', { x: 100, y: 50 }],
      ]),
      { x: 37, y: -9 },
      [16, 16],
    );
    assert.deepEqual(Object.fromEntries(moved), { a: { x: 32, y: -16 }, c: { x: 144, y: 48 } });
  });

  it('finds the edge a click is on: the nearest curve within reach, none beyond it', () => {
    const flat = bezierCurve({ x: 0, y: 0 }, Position.Right, { x: 100, y: 0 }, Position.Left);
    const rising = bezierCurve({ x: 0, y: 100 }, Position.Right, { x: 100, y: 200 }, Position.Left);
    assert.ok(distanceToCurve(flat, { x: 50, y: 3 }) < 3.01);
    assert.ok(distanceToCurve(rising, { x: 50, y: 150 }) < 0.5, 'a bezier between level ends passes through the middle point');
    const curves = [
      ['flat', flat],
      ['rising', rising],
    ] as const;
    assert.equal(curveNear(curves, { x: 50, y: 4 }, 5), 'flat');
    assert.equal(curveNear(curves, { x: 50, y: 148 }, 5), 'rising');
    assert.equal(curveNear(curves, { x: 50, y: 60 }, 5), undefined, 'between the two, out of reach of both');
    assert.equal(
      curveNear([['far', bezierCurve({ x: 500, y: 500 }, Position.Right, { x: 600, y: 500 }, Position.Left)]], { x: 50, y: 4 }, 5),
      undefined,
    );
  });
});
