// Far zoomed out the canvas draws edges itself (OverviewEdges): on the curve React Flow's default
// edge takes, between the same handle points, in the look FlowCanvas gave the edge.
import * as assert from 'node:assert/strict';
import { getBezierPath, Position, type Edge, type InternalNode } from '@xyflow/react';
import { bezierCurve, curveMayCross, handlePoint, type Curve } from '../../src/webview/canvas/edge-geometry';
import { edgeCurve, edgeLook } from '../../src/webview/canvas/OverviewEdges';

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
    assert.ok(Math.abs(actual[key].x - expected[key].x) < 1e-6 && Math.abs(actual[key].y - expected[key].y) < 1e-6, `${key}: ${JSON.stringify(actual[key])} vs ${JSON.stringify(expected[key])}`);
  }
}

describe('overview edges', () => {
  it('take the curve of React Flow\'s default edge, forwards, backwards and on every side', () => {
    const cases: Array<[Position, Position, { x: number; y: number }]> = [
      [Position.Right, Position.Left, { x: 400, y: 120 }],
      [Position.Right, Position.Left, { x: -300, y: -80 }],
      [Position.Bottom, Position.Top, { x: 50, y: 300 }],
      [Position.Top, Position.Bottom, { x: 50, y: 300 }],
    ];
    for (const [sourcePosition, targetPosition, target] of cases) {
      const from = { x: 10, y: 20 };
      assertSameCurve(bezierCurve(from, sourcePosition, target, targetPosition), reactFlowCurve({ sourceX: from.x, sourceY: from.y, sourcePosition, targetX: target.x, targetY: target.y, targetPosition }));
    }
  });

  it('run from the middle of the source handle\'s outer side to the target handle\'s', () => {
    const nodes = new Map([['n0', measuredNode('n0', 0, 0)], ['n1', measuredNode('n1', 400, 160)]]);
    assert.deepEqual(handlePoint(nodes.get('n0')!, 'source', 'text'), { point: { x: 205, y: 60 }, side: Position.Right });
    assert.deepEqual(handlePoint(nodes.get('n1')!, 'target', null), { point: { x: 395, y: 220 }, side: Position.Left }, 'no handle id: the first handle');
    assert.equal(handlePoint(nodes.get('n1')!, 'target', 'missing'), undefined);
    const curve = edgeCurve(nodes, { id: 'e', source: 'n0', sourceHandle: 'text', target: 'n1', targetHandle: 'a' });
    assert.deepEqual([curve?.from, curve?.to], [{ x: 205, y: 60 }, { x: 395, y: 220 }]);
    assert.equal(edgeCurve(nodes, { id: 'e', source: 'n0', target: 'gone' }), undefined, 'an edge to a node React Flow does not have is not drawn');
    const hidden = new Map([...nodes, ['n1', { ...nodes.get('n1')!, hidden: true }]]);
    assert.equal(edgeCurve(hidden, { id: 'e', source: 'n0', target: 'n1' }), undefined, 'nor one to a hidden node');
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
});
