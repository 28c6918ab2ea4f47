// Copy, cut, paste and duplicate of nodes as plain JSON, so nodes can move between flows through
// the system clipboard. Pasted nodes get new ids; edges between copied nodes come along.
import * as z from 'zod';
import type { FlowEdit } from '../../engine/flow/flow-edit-schema';
import { flowEdgeSchema, flowNodeSchema, type Flow, type FlowEdge, type FlowNode } from '../../engine/flow/schema';
import { newEdgeId, newNodeId } from './node-ids';

export const clipboardMime = 'application/x-flowstudio-nodes';

const clipboardSchema = z.object({
  flowstudio: z.literal('nodes'),
  nodes: z.array(flowNodeSchema),
  edges: z.array(flowEdgeSchema),
});
export type ClipboardNodes = z.infer<typeof clipboardSchema>;

export function copyNodes(flow: Flow, nodeIds: readonly string[]): ClipboardNodes | undefined {
  const ids = new Set(nodeIds);
  const nodes = flow.nodes.filter((n) => ids.has(n.id));
  if (nodes.length === 0) return undefined;
  const edges = flow.edges.filter((e) => ids.has(e.source) && ids.has(e.target));
  return { flowstudio: 'nodes', nodes, edges };
}

/** Reads clipboard text; undefined when it is not nodes copied from a flow editor. */
export function readClipboard(text: string): ClipboardNodes | undefined {
  try {
    const parsed = clipboardSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** An addNodes edit placing copies of the nodes `offset` away, with fresh node and edge ids. */
export function pasteEdit(copied: ClipboardNodes, flow: Flow, offset: { x: number; y: number }): { edit: FlowEdit; nodeIds: string[] } {
  const takenNodes = new Set(flow.nodes.map((n) => n.id));
  const takenEdges = new Set(flow.edges.map((e) => e.id));
  const renamed = new Map<string, string>();
  const nodes: FlowNode[] = copied.nodes.map((node) => {
    const id = newNodeId(node.id, takenNodes);
    takenNodes.add(id);
    renamed.set(node.id, id);
    return { ...node, id, position: { x: Math.round(node.position.x + offset.x), y: Math.round(node.position.y + offset.y) } };
  });
  const edges: FlowEdge[] = copied.edges.map((edge) => {
    const id = newEdgeId(takenEdges);
    takenEdges.add(id);
    return { ...edge, id, source: renamed.get(edge.source) ?? edge.source, target: renamed.get(edge.target) ?? edge.target };
  });
  return { edit: { type: 'addNodes', nodes, edges }, nodeIds: nodes.map((n) => n.id) };
}
