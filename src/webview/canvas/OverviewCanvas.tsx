// The overview's drawing (overview.ts): a large flow's edges, then its nodes as boxes, on one
// <canvas> under what React Flow still renders (notes, group frames). As React Flow draws them
// every edge is an <svg> of its own and every node a transformed element, each with a store
// subscription: with 1,000 nodes in view that was thousands of layers to composite and selectors
// to run on every drag frame, for lines a pixel wide and boxes a few pixels across. Here they are
// a few canvas paths, one per look, redrawn at most once a frame.
import type { Edge, InternalNode, ReactFlowState } from '@xyflow/react';
import type { Problem } from '../../protocol/messages';
import type { NodeRunView } from '../run/run-state';
import { useEffect, useMemo, useRef } from 'react';
import { bezierCurve, curveMayCross, handlePoint, type Curve } from './edge-geometry';
import { itemSize } from './overview';
import { visibleFlowRect, type Rect } from './minimap-geometry';
import { sizeBackingStore, useStoreDrawing, type Colours, type Palette } from './store-drawing';

// Each look is drawn over the ones before it; the colours are flow-editor.css's edge and card colours.
const palette = {
  plain: ['--edge-plain', '#858585'],
  value: ['--edge-value', '#89d185'],
  warning: ['--edge-warning', '#cca700'],
  error: ['--edge-error', '#f48771'],
  active: ['--edge-active', '#0e70c0'],
  selected: ['--edge-selected', '#007fd4'],
  card: ['--overview-card', '#252526'],
  cardBorder: ['--overview-card-border', '#454545'],
} as const satisfies Palette<string>;
type Colour = keyof typeof palette;
export type EdgeLook = Exclude<Colour, 'card' | 'cardBorder'>;
const edgeLooks: readonly EdgeLook[] = ['plain', 'value', 'warning', 'error', 'active', 'selected'];
/** Line width and dashes in screen pixels. */
const strokes: Record<EdgeLook, { width: number; dash: readonly number[] }> = {
  plain: { width: 1, dash: [] },
  value: { width: 1, dash: [] },
  warning: { width: 1, dash: [] },
  error: { width: 1, dash: [4, 2] },
  active: { width: 2, dash: [] },
  selected: { width: 2, dash: [] },
};
/** A card's border in the overview: the colour its card's border or outline would have. */
export type NodeLook = 'plain' | 'done' | 'warning' | 'error' | 'running' | 'selected';
const nodeLooks: readonly NodeLook[] = ['plain', 'done', 'warning', 'error', 'running', 'selected'];
const nodeBorders: Record<NodeLook, { colour: Colour; width: number }> = {
  plain: { colour: 'cardBorder', width: 1 },
  done: { colour: 'value', width: 1 },
  warning: { colour: 'warning', width: 2 },
  error: { colour: 'error', width: 2 },
  running: { colour: 'active', width: 2 },
  selected: { colour: 'selected', width: 2 },
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
  // Not node.hidden: the overview hides every flow node from React Flow and draws them here.
  if (!source || !target || edge.hidden) return undefined;
  const from = handlePoint(source, 'source', edge.sourceHandle);
  const to = handlePoint(target, 'target', edge.targetHandle);
  return from && to ? bezierCurve(from.point, from.side, to.point, to.side) : undefined;
}

/** How a node's box is outlined: selection, then the last run's state, then its problems. */
export function nodeLook(selected: boolean, run: NodeRunView | undefined, problem: Problem['severity'] | undefined): NodeLook {
  if (selected) return 'selected';
  if (run?.state === 'running' || run?.state === 'paused') return 'running';
  if (run?.state === 'error' || problem === 'error') return 'error';
  if (problem === 'warning') return 'warning';
  if (run?.state === 'done') return 'done';
  return 'plain';
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

export interface NodeDecorations {
  run: Readonly<Record<string, NodeRunView>>;
  /** The worst problem severity per node id. */
  problems: ReadonlyMap<string, Problem['severity']>;
}

function nodeRect(node: InternalNode): Rect {
  return { ...node.internals.positionAbsolute, ...itemSize(node) };
}

const overlaps = (a: Rect, b: Rect) => a.x <= b.x + b.width && b.x <= a.x + a.width && a.y <= b.y + b.height && b.y <= a.y + a.height;

function drawNodes(
  context: CanvasRenderingContext2D,
  state: ReactFlowState,
  shown: Rect,
  decorations: NodeDecorations,
  colours: Colours<Colour>,
): number {
  const byLook = new Map<NodeLook, Rect[]>();
  for (const node of state.nodeLookup.values()) {
    // React Flow renders what it does not hide (notes, group frames); only the hidden flow nodes are drawn here.
    if (!node.hidden) continue;
    const rect = nodeRect(node);
    if (!overlaps(rect, shown)) continue;
    const look = nodeLook(Boolean(node.selected), decorations.run[node.id], decorations.problems.get(node.id));
    const group = byLook.get(look);
    if (group) group.push(rect);
    else byLook.set(look, [rect]);
  }
  const zoom = state.transform[2];
  let drawn = 0;
  context.setLineDash([]);
  for (const look of nodeLooks) {
    const rects = byLook.get(look);
    if (!rects) continue;
    context.beginPath();
    for (const r of rects) context.rect(r.x, r.y, r.width, r.height);
    context.fillStyle = colours.card;
    context.fill();
    context.lineWidth = nodeBorders[look].width / zoom;
    context.strokeStyle = colours[nodeBorders[look].colour];
    context.stroke();
    drawn += rects.length;
  }
  return drawn;
}

function draw(
  canvas: HTMLCanvasElement,
  state: ReactFlowState,
  byLook: ReadonlyMap<EdgeLook, readonly Edge[]>,
  curves: CurveCache,
  decorations: NodeDecorations,
  colours: Colours<Colour>,
): void {
  const context = canvas.getContext('2d');
  if (!context) return;
  const ratio = sizeBackingStore(canvas, state.width, state.height);
  const [x, y, zoom] = state.transform;
  context.setTransform(1, 0, 0, 1, 0, 0);
  context.clearRect(0, 0, canvas.width, canvas.height);
  context.setTransform(ratio * zoom, 0, 0, ratio * zoom, ratio * x, ratio * y);
  const shown = visibleFlowRect({ x, y, zoom }, state.width, state.height);
  let drawnEdges = 0;
  for (const look of edgeLooks) {
    const edges = byLook.get(look);
    if (!edges) continue;
    context.beginPath();
    for (const edge of edges) {
      const curve = curves.curveOf(state.nodeLookup, edge);
      if (!curve || !curveMayCross(curve, shown)) continue;
      context.moveTo(curve.from.x, curve.from.y);
      context.bezierCurveTo(curve.control1.x, curve.control1.y, curve.control2.x, curve.control2.y, curve.to.x, curve.to.y);
      drawnEdges += 1;
    }
    context.lineWidth = strokes[look].width / zoom;
    context.setLineDash(strokes[look].dash.map((d) => d / zoom));
    context.strokeStyle = colours[look];
    context.stroke();
  }
  const drawnNodes = drawNodes(context, state, shown, decorations, colours);
  // What tests can see of a canvas: how much it drew.
  canvas.dataset.drawnEdges = String(drawnEdges);
  canvas.dataset.drawnNodes = String(drawnNodes);
}

export function OverviewCanvas({ edges, decorations }: { edges: readonly Edge[]; decorations: NodeDecorations }) {
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
  const redraw = useStoreDrawing(canvasRef, palette, (canvas, state, colours) => draw(canvas, state, byLook, curves, decorations, colours));
  useEffect(redraw, [byLook, decorations, redraw]);
  return <canvas ref={canvasRef} className="overview-canvas" aria-hidden="true" />;
}
