// Auto-layout with elkjs (layered, left to right), as one moveNodes edit: one undo step.
import type { FlowEdit } from '../../engine/flow/flow-edit-schema';
import { loadElk } from './load-elk';

export interface LayoutNode {
  id: string;
  width: number;
  height: number;
}

export interface LayoutEdge {
  id: string;
  source: string;
  target: string;
}

export async function autoLayoutEdit(nodes: readonly LayoutNode[], edges: readonly LayoutEdge[]): Promise<FlowEdit | undefined> {
  if (nodes.length === 0) return undefined;
  const ids = new Set(nodes.map((n) => n.id));
  const elk = await loadElk();
  const graph = await elk.layout({
    id: 'flow',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.spacing.nodeNode': '40',
      'elk.layered.spacing.nodeNodeBetweenLayers': '80',
    },
    children: nodes.map((n) => ({ id: n.id, width: n.width, height: n.height })),
    edges: edges.filter((e) => ids.has(e.source) && ids.has(e.target)).map((e) => ({ id: e.id, sources: [e.source], targets: [e.target] })),
  });
  const moved = (graph.children ?? []).map((c) => ({ id: c.id, x: Math.round(c.x ?? 0), y: Math.round(c.y ?? 0) }));
  return moved.length ? { type: 'moveNodes', nodes: moved } : undefined;
}
