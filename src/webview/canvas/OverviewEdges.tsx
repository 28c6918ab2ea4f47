// The edges when the canvas is far zoomed out, drawn on one <canvas> under the nodes. As React Flow
// draws them, every edge is an <svg> of its own with a store subscription: with a 1,000-node flow in
// view that was 1,500 layers to composite and 1,500 selectors to run on every drag frame, for lines
// a pixel wide. Here they are a few canvas paths, one per look, redrawn at most once a frame.
import type { Edge, InternalNode, ReactFlowState } from '@xyflow/react';
import { useEffect, useMemo, useRef } from 'react';
import { bezierCurve, curveMayCross, handlePoint, type Curve } from './edge-geometry';
import { visibleFlowRect } from './minimap-geometry';
import { sizeBackingStore, useStoreDrawing, type Colours, type Palette } from './store-drawing';

// Each look is drawn over the ones before it; the colours are flow-editor.css's edge colours.
const palette = {
  plain: ['--edge-plain', '#858585'],
  value: ['--edge-value', '#89d185'],
  warning: ['--edge-warning', '#cca700'],
  error: ['--edge-error', '#f48771'],
  active: ['--edge-active', '#0e70c0'],
  selected: ['--edge-selected', '#007fd4'],
} as const satisfies Palette<string>;
export type EdgeLook = keyof typeof palette;
const looks = Object.keys(palette) as EdgeLook[];
/** Line width and dashes in screen pixels. */
const strokes: Record<EdgeLook, { width: number; dash: readonly number[] }> = {
  plain: { width: 1, dash: [] },
  value: { width: 1, dash: [] },
  warning: { width: 1, dash: [] },
  error: { width: 1, dash: [4, 2] },
  active: { width: 2, dash: [] },
  selected: { width: 2, dash: [] },
};

/** How an edge FlowCanvas decorated for React Flow looks when drawn here. */
export function edgeLook(edge: Edge): EdgeLook {
  if (edge.selected) return 'selected';
  if (edge.animated) return 'active';
  const classes = edge.className?.split(' ') ?? [];
  if (classes.includes('edge-error')) return 'error';
  if (classes.includes('edge-warning')) return 'warning';
  if (classes.includes('edge-has-value')) return 'value';
  return 'plain';
}

export function edgeCurve(nodes: ReadonlyMap<string, InternalNode>, edge: Edge): Curve | undefined {
  const source = nodes.get(edge.source);
  const target = nodes.get(edge.target);
  if (!source || !target || source.hidden || target.hidden || edge.hidden) return undefined;
  const from = handlePoint(source, 'source', edge.sourceHandle);
  const to = handlePoint(target, 'target', edge.targetHandle);
  return from && to ? bezierCurve(from.point, from.side, to.point, to.side) : undefined;
}

/** What a curve was worked out from: an end's position and handles (replaced, never changed in place, when they change). */
type Ends = readonly [unknown, unknown, unknown, unknown];
const endsOf = (source: InternalNode | undefined, target: InternalNode | undefined): Ends => [
  source?.internals.positionAbsolute,
  source?.internals.handleBounds,
  target?.internals.positionAbsolute,
  target?.internals.handleBounds,
];

/**
 * Curves by edge id, worked out again only for edges whose ends moved or were measured: during a
 * drag, the dragged node's edges.
 */
class CurveCache {
  private readonly known = new Map<string, { ends: Ends; curve: Curve | undefined }>();

  curveOf(nodes: ReadonlyMap<string, InternalNode>, edge: Edge): Curve | undefined {
    const ends = endsOf(nodes.get(edge.source), nodes.get(edge.target));
    const known = this.known.get(edge.id);
    if (known && known.ends.every((end, i) => end === ends[i])) return known.curve;
    const curve = edgeCurve(nodes, edge);
    this.known.set(edge.id, { ends, curve });
    return curve;
  }
}

function draw(canvas: HTMLCanvasElement, state: ReactFlowState, byLook: ReadonlyMap<EdgeLook, readonly Edge[]>, curves: CurveCache, colours: Colours<EdgeLook>): void {
  const context = canvas.getContext('2d');
  if (!context) return;
  const ratio = sizeBackingStore(canvas, state.width, state.height);
  const [x, y, zoom] = state.transform;
  context.setTransform(1, 0, 0, 1, 0, 0);
  context.clearRect(0, 0, canvas.width, canvas.height);
  context.setTransform(ratio * zoom, 0, 0, ratio * zoom, ratio * x, ratio * y);
  const shown = visibleFlowRect({ x, y, zoom }, state.width, state.height);
  let drawn = 0;
  for (const look of looks) {
    const edges = byLook.get(look);
    if (!edges) continue;
    context.beginPath();
    for (const edge of edges) {
      const curve = curves.curveOf(state.nodeLookup, edge);
      if (!curve || !curveMayCross(curve, shown)) continue;
      context.moveTo(curve.from.x, curve.from.y);
      context.bezierCurveTo(curve.control1.x, curve.control1.y, curve.control2.x, curve.control2.y, curve.to.x, curve.to.y);
      drawn += 1;
    }
    context.lineWidth = strokes[look].width / zoom;
    context.setLineDash(strokes[look].dash.map((d) => d / zoom));
    context.strokeStyle = colours[look];
    context.stroke();
  }
  // What tests can see of a canvas: how many edges it drew.
  canvas.dataset.drawnEdges = String(drawn);
}

export function OverviewEdges({ edges }: { edges: readonly Edge[] }) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  // A new edge list (an edit, a run's progress) starts a new cache: edge ids may now name other edges.
  const { byLook, curves } = useMemo(() => {
    const grouped = new Map<EdgeLook, Edge[]>();
    for (const edge of edges) {
      const look = edgeLook(edge);
      const group = grouped.get(look);
      if (group) group.push(edge);
      else grouped.set(look, [edge]);
    }
    return { byLook: grouped, curves: new CurveCache() };
  }, [edges]);
  const redraw = useStoreDrawing(canvasRef, palette, (canvas, state, colours) => draw(canvas, state, byLook, curves, colours));
  useEffect(redraw, [byLook, redraw]);
  return <canvas ref={canvasRef} className="overview-edges" aria-hidden="true" />;
}
