// Canvas actions that need React Flow's instance (viewport, measured sizes) as well as the store;
// shared by the keyboard handler, the toolbar and the palette so every action has one implementation.
import { getNodesBounds, getViewportForBounds, type ReactFlowInstance, type Viewport } from '@xyflow/react';
import type { EditorStore } from '../store/editor-store';
import { autoLayoutEdit } from '../layout/auto-layout';
import { isFlowNode, type CanvasEdge, type CanvasItem } from './flow-to-canvas';
import { isGroup } from './group-frames';

export type CanvasInstance = ReactFlowInstance<CanvasItem, CanvasEdge>;

/** The canvas's zoom range, and the most a fit may zoom in on a small flow. */
export const zoomRange = { min: 0.05, max: 2.5, fit: 1.2 };

/** The viewport that shows every item in a canvas of `size`, sized as measured or, before that, as estimated. */
export function viewportToFit(items: readonly CanvasItem[], size: { width: number; height: number }): Viewport | undefined {
  if (items.length === 0 || size.width <= 0 || size.height <= 0) return undefined;
  return getViewportForBounds(getNodesBounds([...items]), size.width, size.height, zoomRange.min, zoomRange.fit, 0.1);
}

/**
 * Fits the whole flow in view (Shift+1, the toolbar, the zoom controls). Not React Flow's fitView:
 * that waits until every node has been measured, and in a large flow only the nodes on screen ever
 * are, so it did nothing, then jumped to fit the measured few when one more got measured.
 */
export function fitFlow(flow: CanvasInstance, container: HTMLElement | null): void {
  const viewport = container ? viewportToFit(flow.getNodes(), container.getBoundingClientRect()) : undefined;
  if (viewport) void flow.setViewport(viewport, { duration: 200 });
}

export async function autoLayout(store: EditorStore, flow: CanvasInstance, container: HTMLElement | null): Promise<void> {
  // Notes stay where they are: they annotate places, not steps of the flow.
  const nodes = flow
    .getNodes()
    .filter(isFlowNode)
    .map((n) => ({ id: n.id, width: n.measured?.width ?? 220, height: n.measured?.height ?? 100 }));
  const edit = await autoLayoutEdit(nodes, store.getState().edges);
  if (edit && (await store.getState().edit([edit]))) fitFlow(flow, container);
}

/** Where a node placed "here" goes: the middle of what the canvas shows. */
export function visibleCenter(flow: CanvasInstance, container: HTMLElement | null): { x: number; y: number } {
  const box = container?.getBoundingClientRect();
  const center = box
    ? { x: box.left + box.width / 2, y: box.top + box.height / 2 }
    : { x: window.innerWidth / 2, y: window.innerHeight / 2 };
  return flow.screenToFlowPosition(center);
}

/** Moves the selected nodes, and the nodes of selected groups, by a step (Alt+arrows): one moveNodes edit. */
export function nudgeSelection(store: EditorStore, dx: number, dy: number): void {
  const items = store.getState().nodes;
  const inGroups = new Set(items.flatMap((n) => (n.selected && isGroup(n) ? n.data.memberIds : [])));
  const moved = items
    .filter((n) => isFlowNode(n) && (n.selected || inGroups.has(n.id)))
    .map((n) => ({ id: n.id, x: Math.round(n.position.x + dx), y: Math.round(n.position.y + dy) }));
  if (moved.length) void store.getState().edit([{ type: 'moveNodes', nodes: moved }]);
}
