// The overview: a large flow far zoomed out. Its nodes and edges are drawn on one canvas
// (OverviewCanvas) and hidden from React Flow, which then renders only the notes and group frames:
// with 1,000 cards in view, their DOM and per-node selectors made a drag frame take 25 ms, and
// drawn they take under 10. Selecting, dragging and box-selecting the drawn nodes, and clicking a
// drawn edge, is done here (use-overview-pointer.ts), against the same store actions React Flow's
// own gestures use.
import type { Node, XYPosition } from '@xyflow/react';
import { curveMayCross, type Curve } from './edge-geometry';
import { isFlowNode, type CanvasItem, type CanvasNode } from './flow-to-canvas';
import type { Rect } from './minimap-geometry';

/** The size a node is drawn and hit at: measured, else estimated, else a card's usual size. */
export function itemSize(item: Pick<Node, 'measured' | 'width' | 'height' | 'initialWidth' | 'initialHeight'>): {
  width: number;
  height: number;
} {
  return {
    width: item.measured?.width ?? item.width ?? item.initialWidth ?? 200,
    height: item.measured?.height ?? item.height ?? item.initialHeight ?? 100,
  };
}

/**
 * The items as React Flow gets them in the overview: flow nodes hidden, notes and frames as they
 * are. `copies` keeps one hidden copy per node object, so an unchanged node stays the same object
 * and React Flow does not adopt all of them again on every update.
 */
export function withFlowNodesHidden(items: readonly CanvasItem[], copies: WeakMap<CanvasItem, CanvasItem>): CanvasItem[] {
  return items.map((item) => {
    if (!isFlowNode(item)) return item;
    let copy = copies.get(item);
    if (!copy) {
      copy = { ...item, hidden: true };
      copies.set(item, copy);
    }
    return copy;
  });
}

/** The topmost flow node under `point` (flow coordinates): React Flow draws later nodes on top. */
export function flowNodeAt(items: readonly CanvasItem[], point: XYPosition): CanvasNode | undefined {
  for (let i = items.length - 1; i >= 0; i -= 1) {
    const item = items[i]!;
    if (!isFlowNode(item)) continue;
    const { width, height } = itemSize(item);
    if (
      point.x >= item.position.x &&
      point.x <= item.position.x + width &&
      point.y >= item.position.y &&
      point.y <= item.position.y + height
    )
      return item;
  }
  return undefined;
}

/** The flow nodes wholly inside `rect` (flow coordinates), as React Flow's box selection picks them. */
export function flowNodesInside(items: readonly CanvasItem[], rect: Rect): CanvasNode[] {
  return items.filter((item): item is CanvasNode => {
    if (!isFlowNode(item)) return false;
    const { width, height } = itemSize(item);
    return (
      item.position.x >= rect.x &&
      item.position.y >= rect.y &&
      item.position.x + width <= rect.x + rect.width &&
      item.position.y + height <= rect.y + rect.height
    );
  });
}

/** Where dragged items go: each start position moved by `delta`, on the grid as React Flow snaps them. */
export function draggedPositions(
  starts: ReadonlyMap<string, XYPosition>,
  delta: XYPosition,
  grid: readonly [number, number],
): Map<string, XYPosition> {
  const moved = new Map<string, XYPosition>();
  for (const [id, start] of starts)
    moved.set(id, { x: grid[0] * Math.round((start.x + delta.x) / grid[0]), y: grid[1] * Math.round((start.y + delta.y) / grid[1]) });
  return moved;
}

/** The rectangle two corners span, whichever way the pointer went. */
export function rectBetween(a: XYPosition, b: XYPosition): Rect {
  return { x: Math.min(a.x, b.x), y: Math.min(a.y, b.y), width: Math.abs(a.x - b.x), height: Math.abs(a.y - b.y) };
}

function pointOn(curve: Curve, t: number): XYPosition {
  const u = 1 - t;
  const [a, b, c, d] = [u * u * u, 3 * u * u * t, 3 * u * t * t, t * t * t];
  const { from, control1, control2, to } = curve;
  return { x: a * from.x + b * control1.x + c * control2.x + d * to.x, y: a * from.y + b * control1.y + c * control2.y + d * to.y };
}

function distanceToSegment(p: XYPosition, a: XYPosition, b: XYPosition): number {
  const [dx, dy] = [b.x - a.x, b.y - a.y];
  const length = dx * dx + dy * dy;
  const t = length === 0 ? 0 : Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / length));
  return Math.hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy));
}

/** How far `point` is from the curve, measured along 32 straight pieces of it. */
export function distanceToCurve(curve: Curve, point: XYPosition): number {
  let best = Infinity;
  let previous = curve.from;
  for (let i = 1; i <= 32; i += 1) {
    const next = pointOn(curve, i / 32);
    best = Math.min(best, distanceToSegment(point, previous, next));
    previous = next;
  }
  return best;
}

/** The id of the curve nearest `point` within `tolerance` (flow units), if any. */
export function curveNear(curves: Iterable<readonly [string, Curve]>, point: XYPosition, tolerance: number): string | undefined {
  let nearest: string | undefined;
  let best = tolerance;
  for (const [id, curve] of curves) {
    if (!curveMayCross(curve, { x: point.x - tolerance, y: point.y - tolerance, width: 2 * tolerance, height: 2 * tolerance })) continue;
    const distance = distanceToCurve(curve, point);
    if (distance <= best) {
      best = distance;
      nearest = id;
    }
  }
  return nearest;
}
