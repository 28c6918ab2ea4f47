// The edit function as it was before edits were batched: one full parse per change. Kept as the oracle
// the batched one must match byte for byte (flow-edit-equivalence.test.ts).
import { applyEdits, findNodeAtLocation, modify, parseTree, type Node as JsonNode } from 'jsonc-parser';
import type * as z from 'zod';
import type { flowEdgeSchema } from '../../../src/engine/flow/schema';
import type { FlowEdit } from '../../../src/engine/flow/flow-edit-schema';
import { orderedFlowPart, partInsertionIndex, topLevelInsertionIndex } from '../../../src/engine/flow/serialize';

/** One replacement of `length` characters at `offset` by `content`. */
export interface TextReplacement {
  offset: number;
  length: number;
  content: string;
}

class FlowEditError extends Error {
  override readonly name = 'FlowEditError';
}

const formatting = { tabSize: 2, insertSpaces: true, eol: '\n' } as const;

/** The top-level arrays whose items have ids. */
type FlowList = 'nodes' | 'edges' | 'notes' | 'groups';

/**
 * Applies `edits` in order to `text`. Returns the new text and the single replacement that turns the
 * old text into it (undefined when nothing changed). Throws FlowEditError when the text is not a flow
 * object or an edit names an id the flow does not have: the caller shows it and changes nothing.
 */
export function referenceApplyFlowEdits(text: string, edits: readonly FlowEdit[]): { text: string; replacement?: TextReplacement } {
  let current = text;
  for (const edit of edits) current = applyOne(current, edit);
  const replacement = smallestReplacement(text, current);
  return replacement ? { text: current, replacement } : { text: current };
}

function applyOne(text: string, edit: FlowEdit): string {
  const file = new FlowText(text);
  switch (edit.type) {
    case 'moveNodes':
      move(file, 'nodes', edit.nodes);
      break;
    case 'moveNotes':
      move(file, 'notes', edit.notes);
      break;
    case 'setParam': {
      const index = file.indexOf('nodes', edit.nodeId);
      if (edit.value === undefined) file.set(['nodes', index, 'params', edit.name], undefined);
      else if (file.has(['nodes', index, 'params'])) file.set(['nodes', index, 'params', edit.name], edit.value);
      else file.setOrdered('node', ['nodes', index, 'params'], { [edit.name]: edit.value });
      break;
    }
    case 'setLabel':
      // Since fixed: a new label goes where a saved file has it, not last.
      file.setOrdered('node', ['nodes', file.indexOf('nodes', edit.nodeId), 'label'], edit.label === '' ? undefined : edit.label);
      break;
    case 'addNodes': {
      for (const node of edit.nodes) {
        if (file.ids('nodes').includes(node.id)) throw new FlowEditError(`a node with id "${node.id}" already exists`);
        file.append('nodes', orderedFlowPart('node', node));
      }
      for (const edge of edit.edges) addEdge(file, edge);
      break;
    }
    case 'addEdge':
      addEdge(file, edit.edge);
      break;
    case 'remove': {
      const nodeIds = new Set(edit.nodeIds);
      for (const id of nodeIds) file.indexOf('nodes', id);
      const edgeIds = new Set(edit.edgeIds);
      for (const edge of file.values<{ id: string; source: string; target: string }>('edges')) {
        if (nodeIds.has(edge.source) || nodeIds.has(edge.target)) edgeIds.add(edge.id);
      }
      file.removeWhere('edges', edgeIds);
      file.removeWhere('nodes', nodeIds);
      file.removeWhere('notes', new Set(edit.noteIds));
      dropFromGroups(file, nodeIds);
      break;
    }
    case 'addNote':
      if (file.ids('notes').includes(edit.note.id)) throw new FlowEditError(`a note with id "${edit.note.id}" already exists`);
      if (file.has(['notes'])) file.append('notes', orderedFlowPart('note', edit.note));
      else file.set(['notes'], [orderedFlowPart('note', edit.note)]);
      break;
    case 'setNoteText':
      file.set(['notes', file.indexOf('notes', edit.noteId), 'text'], edit.text);
      break;
    case 'addGroup':
      addGroup(file, edit.group);
      break;
    case 'setGroupLabel':
      file.setOrdered('group', ['groups', file.indexOf('groups', edit.groupId), 'label'], edit.label === '' ? undefined : edit.label);
      break;
    case 'ungroup': {
      const groupIds = new Set(edit.groupIds);
      for (const id of groupIds) file.indexOf('groups', id);
      file.removeWhere('groups', groupIds);
      dropEmptyGroupList(file);
      break;
    }
    case 'setFlowInfo':
      if (edit.name !== undefined) file.set(['name'], edit.name);
      if (edit.description !== undefined) file.set(['description'], edit.description === '' ? undefined : edit.description);
      break;
  }
  return file.text;
}

/** Sets only the x and y numbers, so a move is exactly two changed lines per item in `git diff`. */
function move(file: FlowText, list: 'nodes' | 'notes', positions: readonly { id: string; x: number; y: number }[]): void {
  for (const { id, x, y } of positions) {
    const index = file.indexOf(list, id);
    file.set([list, index, 'position', 'x'], x);
    file.set([list, index, 'position', 'y'], y);
  }
}

function addEdge(file: FlowText, edge: z.infer<typeof flowEdgeSchema>): void {
  if (file.ids('edges').includes(edge.id)) throw new FlowEditError(`an edge with id "${edge.id}" already exists`);
  const nodes = file.ids('nodes');
  for (const end of [edge.source, edge.target]) {
    if (!nodes.includes(end)) throw new FlowEditError(`edge "${edge.id}" refers to node "${end}", which is not in the flow`);
  }
  file.append('edges', orderedFlowPart('edge', edge));
}

type Group = Extract<FlowEdit, { type: 'addGroup' }>['group'];

function addGroup(file: FlowText, group: Group): void {
  if (file.ids('groups').includes(group.id)) throw new FlowEditError(`a group with id "${group.id}" already exists`);
  const nodes = file.ids('nodes');
  for (const id of group.nodes) {
    if (!nodes.includes(id)) throw new FlowEditError(`group "${group.id}" names node "${id}", which is not in the flow`);
  }
  const value = orderedFlowPart('group', { ...group, nodes: [...new Set(group.nodes)] });
  if (file.has(['groups'])) file.append('groups', value);
  else file.insertTopLevel('groups', [value]);
}

/**
 * Takes removed nodes out of every group. A group whose every id was removed goes with them: its box
 * is the bounds of its members, so with none it could neither be drawn nor selected to be fixed.
 * (A group whose remaining ids name no node stays, and validation warns about it.)
 */
function dropFromGroups(file: FlowText, nodeIds: ReadonlySet<string>): void {
  if (nodeIds.size === 0) return;
  const groups = file.values<{ nodes?: unknown }>('groups');
  let removedGroup = false;
  // Last first, so the indexes of the groups and members still to visit stay valid.
  for (let g = groups.length - 1; g >= 0; g--) {
    const members = groups[g]?.nodes;
    if (!Array.isArray(members)) continue;
    const gone = members.flatMap((id, i) => (typeof id === 'string' && nodeIds.has(id) ? [i] : []));
    if (gone.length === 0) continue;
    if (gone.length === members.length) {
      file.set(['groups', g], undefined);
      removedGroup = true;
    } else {
      for (const i of gone.reverse()) file.set(['groups', g, 'nodes', i], undefined);
    }
  }
  if (removedGroup) dropEmptyGroupList(file);
}

/** Removing the last group removes `groups` itself, so grouping then ungrouping gives back the same file. */
function dropEmptyGroupList(file: FlowText): void {
  if (file.has(['groups']) && file.ids('groups').length === 0) file.set(['groups'], undefined);
}

/** The flow text with a fresh syntax tree after every change, so paths always point at current offsets. */
class FlowText {
  private tree: JsonNode;

  constructor(public text: string) {
    this.tree = FlowText.parse(text);
  }

  private static parse(text: string): JsonNode {
    const tree = parseTree(text);
    if (!tree || tree.type !== 'object') throw new FlowEditError('the file is not a JSON object; fix it in the text editor first');
    return tree;
  }

  has(path: (string | number)[]): boolean {
    return findNodeAtLocation(this.tree, path) !== undefined;
  }

  /** Adds a property the file does not have yet, where a saved file would have it. */
  insertTopLevel(key: string, value: unknown): void {
    this.apply(
      modify(this.text, [key], value, {
        formattingOptions: formatting,
        getInsertionIndex: (properties) => topLevelInsertionIndex(properties, key),
      }),
    );
  }

  private items(list: FlowList): JsonNode[] {
    const array = findNodeAtLocation(this.tree, [list]);
    return array?.type === 'array' ? (array.children ?? []) : [];
  }

  ids(list: FlowList): string[] {
    return this.items(list).map((item) => {
      const id = findNodeAtLocation(item, ['id'])?.value;
      return typeof id === 'string' ? id : '';
    });
  }

  values<T>(list: FlowList): T[] {
    return this.items(list).map((item) => JSON.parse(this.text.slice(item.offset, item.offset + item.length)) as T);
  }

  indexOf(list: FlowList, id: string): number {
    const index = this.ids(list).indexOf(id);
    const kind = list.slice(0, -1);
    if (index < 0) throw new FlowEditError(`the flow has no ${kind} with id "${id}"`);
    return index;
  }

  set(path: (string | number)[], value: unknown): void {
    // The one fix since: removing what is not there is a no-op (it threw jsonc-parser's own error).
    if (value === undefined && !this.has(path)) return;
    this.apply(modify(this.text, path, value, { formattingOptions: formatting }));
  }

  setOrdered(kind: 'node' | 'group', path: (string | number)[], value: unknown): void {
    if (value === undefined && !this.has(path)) return;
    const key = path.at(-1) as string;
    this.apply(
      modify(this.text, path, value, {
        formattingOptions: formatting,
        getInsertionIndex: (properties) => partInsertionIndex(kind, properties, key),
      }),
    );
  }

  append(list: FlowList, value: unknown): void {
    if (!this.has([list])) throw new FlowEditError(`the flow has no "${list}" array`);
    this.apply(modify(this.text, [list, -1], value, { formattingOptions: formatting, isArrayInsertion: true }));
  }

  /** Removes the items whose id is in `ids`, last first so earlier indexes stay valid. */
  removeWhere(list: FlowList, ids: ReadonlySet<string>): void {
    if (ids.size === 0) return;
    const indexes = this.ids(list)
      .flatMap((id, index) => (ids.has(id) ? [index] : []))
      .reverse();
    for (const index of indexes) this.apply(modify(this.text, [list, index], undefined, { formattingOptions: formatting }));
  }

  private apply(edits: ReturnType<typeof modify>): void {
    this.text = applyEdits(this.text, edits);
    this.tree = FlowText.parse(this.text);
  }
}

/** The one replacement between the common prefix and the common suffix of the two texts. */
export function smallestReplacement(before: string, after: string): TextReplacement | undefined {
  if (before === after) return undefined;
  let start = 0;
  const shorter = Math.min(before.length, after.length);
  while (start < shorter && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let end = 0;
  while (end < shorter - start && before.charCodeAt(before.length - 1 - end) === after.charCodeAt(after.length - 1 - end)) end++;
  return { offset: start, length: before.length - start - end, content: after.slice(start, after.length - end) };
}
