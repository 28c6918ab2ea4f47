// Canvas actions that need React Flow's instance (viewport, measured sizes) as well as the store;
// shared by the keyboard handler, the toolbar and the palette so every action has one implementation.
import type { ReactFlowInstance } from '@xyflow/react';
import type { EditorStore } from '../store/editor-store';
import { autoLayoutEdit } from '../layout/auto-layout';
import { isFlowNode, type CanvasEdge, type CanvasItem } from './flow-to-canvas';
import { isGroup } from './group-frames';

export type CanvasInstance = ReactFlowInstance<CanvasItem, CanvasEdge>;

/** The canvas's zoom range, and the most a fit may zoom in on a small flow. */
export const zoomRange = { min: 0.05, max: 2.5, fit: 1.2 };

/** Lays the flow out as one edit, then fits the view to it with `fitView` (the canvas room's, which knows the overlays). */
export async function autoLayout(store: EditorStore, flow: CanvasInstance, fitView: () => void): Promise<void> {
  // Notes stay where they are: they annotate places, not steps of the flow.
  const nodes = flow
    .getNodes()
    .filter(isFlowNode)
    .map((n) => ({ id: n.id, width: n.measured?.width ?? 220, height: n.measured?.height ?? 100 }));
  const edit = await autoLayoutEdit(nodes, store.getState().edges);
  if (edit && (await store.getState().edit([edit]))) fitView();
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
