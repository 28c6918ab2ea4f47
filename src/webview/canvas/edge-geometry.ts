// Where an edge runs when the canvas draws it itself (OverviewCanvas.tsx): from its source handle to
// its target handle on the same bezier curve React Flow's default edge takes, so edges keep their
// shape when the canvas crosses between drawing them as SVG and drawing them on one <canvas>.
import { Position, type InternalNode } from '@xyflow/react';

export interface Point {
  x: number;
  y: number;
}

/** A cubic bezier: start, two control points, end. */
export interface Curve {
  from: Point;
  control1: Point;
  control2: Point;
  to: Point;
}

/**
 * The point an edge attaches to on a handle, in flow coordinates: the middle of the handle's side
 * that faces out of the node. `handleId` null means the node's first handle of that kind.
 */
export function handlePoint(
  node: InternalNode,
  kind: 'source' | 'target',
  handleId: string | null | undefined,
): { point: Point; side: Position } | undefined {
  const handles = node.internals.handleBounds?.[kind];
  const handle = handleId == null ? handles?.[0] : handles?.find((h) => h.id === handleId);
  if (!handle) return undefined;
  const x = node.internals.positionAbsolute.x + handle.x;
  const y = node.internals.positionAbsolute.y + handle.y;
  switch (handle.position) {
    case Position.Top:
      return { point: { x: x + handle.width / 2, y }, side: handle.position };
    case Position.Bottom:
      return { point: { x: x + handle.width / 2, y: y + handle.height }, side: handle.position };
    case Position.Left:
      return { point: { x, y: y + handle.height / 2 }, side: handle.position };
    case Position.Right:
      return { point: { x: x + handle.width, y: y + handle.height / 2 }, side: handle.position };
  }
}

const curvature = 0.25;

/** How far a control point sits from its end: half the gap ahead, or a bulge when the other end is behind. */
function controlOffset(ahead: number): number {
  return ahead >= 0 ? 0.5 * ahead : curvature * 25 * Math.sqrt(-ahead);
}

/** The control point for the end at `at`, leaving through `side` towards `other`. */
function control(at: Point, side: Position, other: Point): Point {
  switch (side) {
    case Position.Left:
      return { x: at.x - controlOffset(at.x - other.x), y: at.y };
    case Position.Right:
      return { x: at.x + controlOffset(other.x - at.x), y: at.y };
    case Position.Top:
      return { x: at.x, y: at.y - controlOffset(at.y - other.y) };
    case Position.Bottom:
      return { x: at.x, y: at.y + controlOffset(other.y - at.y) };
  }
}

export function bezierCurve(from: Point, fromSide: Position, to: Point, toSide: Position): Curve {
  return { from, control1: control(from, fromSide, to), control2: control(to, toSide, from), to };
}

/** Whether any of the curve can be inside `rect`: a bezier lies within the box of its four points. */
export function curveMayCross(curve: Curve, rect: { x: number; y: number; width: number; height: number }): boolean {
  const { from, control1, control2, to } = curve;
  const right = rect.x + rect.width;
  const bottom = rect.y + rect.height;
  if (from.x < rect.x && control1.x < rect.x && control2.x < rect.x && to.x < rect.x) return false;
  if (from.x > right && control1.x > right && control2.x > right && to.x > right) return false;
  if (from.y < rect.y && control1.y < rect.y && control2.y < rect.y && to.y < rect.y) return false;
  return !(from.y > bottom && control1.y > bottom && control2.y > bottom && to.y > bottom);
}
