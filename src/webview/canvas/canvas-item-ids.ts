// React Flow needs one id per thing it draws, but a flow's nodes, notes and groups each have their own
// id space (and any id may contain ':'). Flow nodes keep their own id, since edges name it; notes and
// groups get canvas ids that no node id, and no other item, already takes. What an item is comes
// from its `type` and which note or group it is from its data: a canvas id is never parsed.
import type { Flow } from '../../engine/flow/schema';

export interface CanvasItemIds {
  note(noteId: string): string;
  group(groupId: string): string;
}

type ItemsOf = Pick<Flow, 'nodes' | 'notes' | 'groups'>;

/** Canvas ids for the flow's notes and groups; the readable `note:ID` / `group:ID` unless a node took it. */
export function canvasItemIds(flow: ItemsOf): CanvasItemIds {
  const taken = new Set(flow.nodes.map((n) => n.id));
  const assign = (kind: string, ids: readonly string[]): Map<string, string> => {
    const assigned = new Map<string, string>();
    for (const id of ids) {
      if (assigned.has(id)) continue;
      let candidate = `${kind}:${id}`;
      for (let n = 2; taken.has(candidate); n++) candidate = `${kind}:${id}~${n}`;
      taken.add(candidate);
      assigned.set(id, candidate);
    }
    return assigned;
  };
  const notes = assign(
    'note',
    (flow.notes ?? []).map((n) => n.id),
  );
  const groups = assign(
    'group',
    (flow.groups ?? []).map((g) => g.id),
  );
  return {
    note: (noteId) => notes.get(noteId) ?? `note:${noteId}`,
    group: (groupId) => groups.get(groupId) ?? `group:${groupId}`,
  };
}

/** The canvas id a note added to the flow will have, for selecting it before its document arrives. */
export function addedNoteCanvasId(flow: ItemsOf, noteId: string): string {
  const notes = flow.notes ?? [];
  const withNote = notes.some((n) => n.id === noteId) ? notes : [...notes, { id: noteId, position: { x: 0, y: 0 }, text: '' }];
  return canvasItemIds({ ...flow, notes: withNote }).note(noteId);
}

/** The canvas id a group added to the flow will have. */
export function addedGroupCanvasId(flow: ItemsOf, groupId: string): string {
  const groups = flow.groups ?? [];
  const withGroup = groups.some((g) => g.id === groupId) ? groups : [...groups, { id: groupId, nodes: [] }];
  return canvasItemIds({ ...flow, groups: withGroup }).group(groupId);
}
