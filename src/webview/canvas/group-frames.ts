// Groups on the canvas: each is a frame React Flow draws behind its member nodes, sized to their
// bounds plus padding. The box is never stored, so moving members moves the frame; dragging the
// frame moves the members. Frames are recomputed only for groups whose members changed, and every
// other canvas item keeps its object, so a drag re-renders the dragged nodes and their frames only.
import type { NodeChange } from '@xyflow/react';
import type { Flow } from '../../engine/flow/schema';
import type { CanvasItem, GroupNode } from './flow-to-canvas';

/** Multiples of the 16 px grid, so a frame around snapped nodes is snapped too and its drags stay on the grid. */
export const groupPadding = 16;
export const groupHeaderHeight = 32;
/** Under every node and edge, even when selected (React Flow lifts a selected node by 1000). */
export const groupZIndex = -1001;
/** The frame's label bar is what drags it: its inside lets clicks, box selection and panning through. */
export const groupDragHandle = '.group-frame-label';

const unmeasured = { width: 200, height: 110 };

export const isGroup = (item: CanvasItem): item is GroupNode => item.type === 'flowGroup';

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

function sizeOf(item: CanvasItem): { width: number; height: number } {
  return {
    width: item.measured?.width ?? item.width ?? item.initialWidth ?? unmeasured.width,
    height: item.measured?.height ?? item.height ?? item.initialHeight ?? unmeasured.height,
  };
}

/** The frame around `members`, or undefined when none of them is on the canvas. */
export function frameAround(members: readonly CanvasItem[]): Box | undefined {
  if (members.length === 0) return undefined;
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const member of members) {
    const { width, height } = sizeOf(member);
    minX = Math.min(minX, member.position.x);
    minY = Math.min(minY, member.position.y);
    maxX = Math.max(maxX, member.position.x + width);
    maxY = Math.max(maxY, member.position.y + height);
  }
  const x = minX - groupPadding;
  const y = minY - groupPadding - groupHeaderHeight;
  return { x, y, width: maxX + groupPadding - x, height: maxY + groupPadding - y };
}

/**
 * A frame node, or `old` itself when nothing about it changed. While refreshing (`isRefresh`) the
 * frame may be the one React Flow is dragging, so it keeps its drag state; from a new document it
 * starts afresh, as flow nodes do.
 */
function frameNode(
  id: string,
  old: CanvasItem | undefined,
  data: GroupNode['data'],
  box: Box,
  isSelected: boolean,
  isRefresh = false,
): GroupNode {
  const previous = old && isGroup(old) && old.data.groupId === data.groupId ? old : undefined;
  const isSame =
    previous !== undefined &&
    Boolean(previous.selected) === isSelected &&
    previous.data.label === data.label &&
    previous.data.memberIds.join('\n') === data.memberIds.join('\n') &&
    previous.data.missingIds.join('\n') === data.missingIds.join('\n') &&
    previous.position.x === box.x &&
    previous.position.y === box.y &&
    previous.width === box.width &&
    previous.height === box.height;
  if (previous && isSame && (isRefresh || !previous.dragging)) return previous;
  if (previous && isRefresh)
    return { ...previous, data, position: { x: box.x, y: box.y }, width: box.width, height: box.height, selected: isSelected };
  return {
    id,
    type: 'flowGroup',
    position: { x: box.x, y: box.y },
    width: box.width,
    height: box.height,
    zIndex: groupZIndex,
    dragHandle: groupDragHandle,
    data,
    selected: isSelected,
    ...(previous?.measured ? { measured: previous.measured } : {}),
  };
}

/**
 * Frames for the flow's groups around the canvas's `nodes`, reusing `previous` frames that did not
 * change. A group none of whose nodes exists is not drawn (validation warns about its ids); a
 * second group with an id already used is skipped (validation warns about that too).
 */
export function canvasGroups(
  flow: Flow,
  nodes: ReadonlyMap<string, CanvasItem>,
  previous: ReadonlyMap<string, CanvasItem>,
  selected: ReadonlySet<string>,
  canvasIdOf: (groupId: string) => string,
): GroupNode[] {
  const seen = new Set<string>();
  return (flow.groups ?? []).flatMap((group) => {
    if (seen.has(group.id)) return [];
    seen.add(group.id);
    const ids = [...new Set(group.nodes ?? [])];
    const memberIds = ids.filter((id) => nodes.has(id));
    const box = frameAround(memberIds.map((id) => nodes.get(id)!));
    if (!box) return [];
    const id = canvasIdOf(group.id);
    return [
      frameNode(
        id,
        previous.get(id),
        { groupId: group.id, label: group.label, memberIds, missingIds: ids.filter((m) => !nodes.has(m)) },
        box,
        selected.has(id),
      ),
    ];
  });
}

/** Frames come first in the canvas's items (drawn first, so beneath); this counts them. */
function frameCount(items: readonly CanvasItem[]): number {
  let count = 0;
  while (count < items.length && isGroup(items[count]!)) count++;
  return count;
}

/** New frames for the groups with a member in `changedIds` (moved or measured); every other item keeps its object. */
export function refreshGroupFrames(items: CanvasItem[], changedIds: ReadonlySet<string>): CanvasItem[] {
  const count = frameCount(items);
  if (count === 0 || changedIds.size === 0) return items;
  const affected = items.slice(0, count).filter((frame) => isGroup(frame) && frame.data.memberIds.some((id) => changedIds.has(id)));
  if (affected.length === 0) return items;
  const byId = new Map(items.slice(count).map((item) => [item.id, item]));
  const next = items.slice();
  for (let i = 0; i < count; i++) {
    const frame = next[i]!;
    if (!isGroup(frame) || !affected.includes(frame)) continue;
    const box = frameAround(frame.data.memberIds.flatMap((id) => byId.get(id) ?? []));
    if (box) next[i] = frameNode(frame.id, frame, frame.data, box, Boolean(frame.selected), true);
  }
  return next;
}

/**
 * React Flow moves only the frame being dragged (or moved by arrow keys); this moves its members by
 * the same step, except those React Flow moves itself in the same change (they are selected too).
 * Returns the items and the ids of the members it moved.
 */
export function carryGroupMembers(
  before: readonly CanvasItem[],
  after: CanvasItem[],
  changes: readonly NodeChange<CanvasItem>[],
): { items: CanvasItem[]; carried: Set<string> } {
  const carried = new Set<string>();
  const frames = new Map(before.slice(0, frameCount(before)).map((f) => [f.id, f]));
  const frameMoves = changes.filter((c) => c.type === 'position' && c.position && frames.has(c.id));
  if (frameMoves.length === 0) return { items: after, carried };
  const movedByReactFlow = new Set(changes.flatMap((c) => (c.type === 'position' ? [c.id] : [])));
  const steps = new Map<string, { dx: number; dy: number }>();
  for (const change of frameMoves) {
    if (change.type !== 'position' || !change.position) continue;
    const frame = frames.get(change.id);
    if (!frame || !isGroup(frame)) continue;
    const dx = change.position.x - frame.position.x;
    const dy = change.position.y - frame.position.y;
    if (dx === 0 && dy === 0) continue;
    for (const id of frame.data.memberIds) {
      if (!movedByReactFlow.has(id) && !steps.has(id)) steps.set(id, { dx, dy });
    }
  }
  if (steps.size === 0) return { items: after, carried };
  const items = after.map((item) => {
    const step = steps.get(item.id);
    if (!step) return item;
    carried.add(item.id);
    return { ...item, position: { x: item.position.x + step.dx, y: item.position.y + step.dy } };
  });
  return { items, carried };
}
