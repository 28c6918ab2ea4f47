// Maps the document's flow to React Flow nodes and edges. Unchanged nodes keep their previous
// objects, so after an edit React Flow re-renders only the nodes that changed (this is what keeps
// a 1,000-node flow responsive).
import { Position, type Edge, type Node, type NodeChange, type NodeHandle } from '@xyflow/react';
import type { Flow, FlowNode } from '../../engine/flow/schema';
import type { NodePorts } from '../../protocol/messages';
import { canvasItemIds } from './canvas-item-ids';
import { canvasGroups } from './group-frames';

export interface CanvasNodeData extends Record<string, unknown> {
  flowNode: FlowNode;
}
export type CanvasNode = Node<CanvasNodeData, 'flowNode'>;
export interface NoteData extends Record<string, unknown> {
  noteId: string;
  text: string;
}
/** A sticky note on the canvas; its React Flow id comes from canvasItemIds, its note id is `data.noteId`. */
export type NoteNode = Node<NoteData, 'note'>;
export interface GroupData extends Record<string, unknown> {
  groupId: string;
  label: string | undefined;
  /** The group's ids that are nodes of the flow, in the group's order. */
  memberIds: readonly string[];
  /** The group's ids the flow has no node for (validation warns about them). */
  missingIds: readonly string[];
}
/** A group's frame (group-frames.ts); its group id is `data.groupId`, its React Flow id from canvasItemIds. */
export type GroupNode = Node<GroupData, 'flowGroup'>;
/** Everything React Flow draws as a node: flow nodes, sticky notes and group frames. */
export type CanvasItem = CanvasNode | NoteNode | GroupNode;
export type CanvasEdge = Edge;

export const isNote = (item: CanvasItem): item is NoteNode => item.type === 'note';
export const isFlowNode = (item: CanvasItem): item is CanvasNode => item.type === 'flowNode';

function sameNode(a: FlowNode, b: FlowNode): boolean {
  return (
    a.type === b.type &&
    a.label === b.label &&
    a.position.x === b.position.x &&
    a.position.y === b.position.y &&
    JSON.stringify(a.params) === JSON.stringify(b.params)
  );
}

export function canvasNodes(flow: Flow, previous: readonly CanvasItem[], selected: ReadonlySet<string>): CanvasItem[] {
  const before = new Map(previous.map((n) => [n.id, n]));
  const itemIds = canvasItemIds(flow);
  const notes = (flow.notes ?? []).map((note): NoteNode => {
    const id = itemIds.note(note.id);
    const old = before.get(id);
    const isSelected = selected.has(id);
    if (
      old &&
      isNote(old) &&
      old.data.noteId === note.id &&
      old.data.text === note.text &&
      old.position.x === note.position.x &&
      old.position.y === note.position.y &&
      Boolean(old.selected) === isSelected &&
      !old.dragging
    )
      return old;
    return {
      id,
      type: 'note',
      position: { x: note.position.x, y: note.position.y },
      data: { noteId: note.id, text: note.text },
      selected: isSelected,
      ...(old?.measured ? { measured: old.measured } : {}),
    };
  });
  const nodes = flow.nodes.map((flowNode): CanvasNode => {
    const found = before.get(flowNode.id);
    const old = found && isFlowNode(found) ? found : undefined;
    const isSelected = selected.has(flowNode.id);
    if (old && sameNode(old.data.flowNode, flowNode) && Boolean(old.selected) === isSelected && !old.dragging) return old;
    return {
      id: flowNode.id,
      type: 'flowNode',
      position: { x: flowNode.position.x, y: flowNode.position.y },
      data: { flowNode },
      selected: isSelected,
      ...(old?.measured ? { measured: old.measured } : {}),
    };
  });
  const groups = flow.groups?.length ? canvasGroups(flow, new Map(nodes.map((n) => [n.id, n])), before, selected, itemIds.group) : [];
  // Frames, then notes first: React Flow draws later nodes on top, and neither should cover a node.
  return [...groups, ...notes, ...nodes];
}

export function canvasEdges(flow: Flow, previous: readonly CanvasEdge[], selected: ReadonlySet<string>): CanvasEdge[] {
  const before = new Map(previous.map((e) => [e.id, e]));
  return flow.edges.map((edge) => {
    const old = before.get(edge.id);
    const isSelected = selected.has(edge.id);
    if (
      old &&
      old.source === edge.source &&
      old.target === edge.target &&
      old.sourceHandle === edge.sourceHandle &&
      old.targetHandle === edge.targetHandle &&
      Boolean(old.selected) === isSelected
    )
      return old;
    return {
      id: edge.id,
      source: edge.source,
      target: edge.target,
      sourceHandle: edge.sourceHandle,
      targetHandle: edge.targetHandle,
      selected: isSelected,
    };
  });
}

/** Above this many nodes, unmeasured nodes get estimated sizes and handles (see withEstimatedLayout). */
export const largeFlowNodes = 200;

// The card's geometry (flow-editor.css): header, component line and params line, then 16 px port rows.
const estimatedWidth = 200;
const portsTop = 58;
const portRow = 18;

/**
 * React Flow renders every node it has not measured yet, even with onlyRenderVisibleElements, which
 * for a 1,000-node flow means mounting all of them before the first paint. Giving unmeasured nodes of
 * a large flow an estimated size and handle positions lets it render only what is on screen; each
 * node is measured for real when it first renders.
 */
export function withEstimatedLayout(nodes: CanvasItem[], nodePorts: Readonly<Record<string, NodePorts>>): CanvasItem[] {
  if (nodes.length <= largeFlowNodes) return nodes;
  return nodes.map((node) => {
    if (node.measured?.width || !isFlowNode(node)) return node;
    // Ports come with the catalog (the canvas is not shown before it); estimating without them would
    // give the node no handles, and React Flow then draws none of its edges.
    const ports = nodePorts[node.id];
    if (!ports || (node.handles && hasHandlesOf(node.handles, ports))) return node;
    const handles: NodeHandle[] = [
      ...ports.inputs.map((p, i) => ({
        id: p.name,
        type: 'target' as const,
        position: Position.Left,
        x: -5,
        y: portsTop + i * portRow,
        width: 10,
        height: 10,
      })),
      ...ports.outputs.map((p, i) => ({
        id: p.name,
        type: 'source' as const,
        position: Position.Right,
        x: estimatedWidth - 5,
        y: portsTop + i * portRow,
        width: 10,
        height: 10,
      })),
    ];
    const rows = Math.max(ports.inputs.length, ports.outputs.length);
    return { ...node, handles, initialWidth: estimatedWidth, initialHeight: portsTop + rows * portRow + 8 };
  });
}

function hasHandlesOf(handles: readonly NodeHandle[], ports: NodePorts): boolean {
  const names = [...ports.inputs, ...ports.outputs].map((p) => p.name);
  return handles.length === names.length && handles.every((h, i) => h.id === names[i]);
}

/**
 * React Flow keeps using a node's given handles over the ones it measures, so once a node of a large
 * flow has been measured its estimated handles are dropped and edges attach where the handles are.
 */
export function withoutEstimatesOnceMeasured(nodes: CanvasItem[], changes: readonly NodeChange<CanvasItem>[]): CanvasItem[] {
  const measured = new Set(changes.flatMap((c) => (c.type === 'dimensions' && c.dimensions ? [c.id] : [])));
  if (measured.size === 0) return nodes;
  return nodes.map((node) => {
    if (!measured.has(node.id) || !node.handles) return node;
    const { handles: _estimated, ...rest } = node;
    return rest;
  });
}

/** The margin between the canvas's top-left corner and a large flow's first nodes when it opens. */
const openingMargin = 40;

/**
 * Where a large flow opens: its top-left corner at 100%, like a long file opening at its first
 * line. Fitting all of it would shrink cards past reading and mount every one of them; and a
 * viewport known before the first render spares React Flow the fit-view pass (measure, fit, render
 * the newly visible nodes, measure again) that would stand between opening and the first paint.
 */
export function openingViewport(nodes: readonly CanvasItem[]): { x: number; y: number; zoom: number } {
  const flowNodes = nodes.filter(isFlowNode);
  const shown = flowNodes.length ? flowNodes : nodes;
  if (shown.length === 0) return { x: openingMargin, y: openingMargin, zoom: 1 };
  const left = Math.min(...shown.map((n) => n.position.x));
  const top = Math.min(...shown.map((n) => n.position.y));
  return { x: openingMargin - left, y: openingMargin - top, zoom: 1 };
}
