// Edits to a flow file expressed by node and edge id (what a canvas does), applied to the file's text
// as the smallest change that does it. The editor turns the result into one WorkspaceEdit, so undo,
// dirty state and `git diff` see exactly the lines a user action touched and nothing else moves.
//
// A batch costs one scan of the text (flow-document-index.ts) plus the items it touches: moving or
// re-parameterising nodes edits each item's own text, and only edits that add or remove items, or
// change top-level fields, work on a syntax tree of the whole file.
import { applyEdits, findNodeAtLocation, modify, parseTree, type Node as JsonNode } from 'jsonc-parser';
import type * as z from 'zod';
import { FLOW_FORMAT_VERSION, type flowEdgeSchema } from './schema';
import type { FlowEdit } from './flow-edit-schema';
import { orderedFlowPart, partInsertionIndex, topLevelInsertionIndex } from './serialize';
import { indexFlowText, JsonSyntaxError, type FlowList, type FlowTextIndex, type TextSpan } from './flow-document-index';

export { flowEditSchema, type FlowEdit } from './flow-edit-schema';

/** One replacement of `length` characters at `offset` by `content`. */
export interface TextReplacement {
  offset: number;
  length: number;
  content: string;
}

export class FlowEditError extends Error {
  override readonly name = 'FlowEditError';
}

const formatting = { tabSize: 2, insertSpaces: true, eol: '\n' } as const;

type JsonPath = (string | number)[];

/**
 * Applies `edits` in order to `text`. Returns the new text and the single replacement that turns the
 * old text into it (undefined when nothing changed). Throws FlowEditError when the text is not a flow
 * object, is from a newer FlowStudio, or an edit names an id the flow does not have: the caller shows
 * it and changes nothing.
 */
export function applyFlowEdits(text: string, edits: readonly FlowEdit[]): { text: string; replacement?: TextReplacement } {
  const batch = new FlowEditBatch(text);
  refuseNewerFormat(text, batch.index());
  for (const edit of edits) applyOne(batch, edit);
  return batch.result();
}

function refuseNewerFormat(text: string, index: FlowTextIndex): void {
  const span = index.properties.get('version');
  const version: unknown = span ? JSON.parse(text.slice(span.start, span.end)) : undefined;
  if (typeof version === 'number' && version > FLOW_FORMAT_VERSION) {
    throw new FlowEditError(`this flow is format version ${version}, written by a newer FlowStudio; it is left unchanged`);
  }
}

function applyOne(batch: FlowEditBatch, edit: FlowEdit): void {
  switch (edit.type) {
    case 'moveNodes':
      for (const { id, x, y } of edit.nodes) batch.setPosition('nodes', id, x, y);
      break;
    case 'moveNotes':
      for (const { id, x, y } of edit.notes) batch.setPosition('notes', id, x, y);
      break;
    case 'setParam':
      batch.editItem('nodes', edit.nodeId, (item) => {
        if (edit.value === undefined) item.set(['params', edit.name], undefined);
        else if (item.has(['params'])) item.set(['params', edit.name], edit.value);
        else item.set(['params'], { [edit.name]: edit.value });
      });
      break;
    case 'setLabel':
      batch.editItem('nodes', edit.nodeId, (item) => item.set(['label'], edit.label === '' ? undefined : edit.label));
      break;
    case 'setNoteText':
      batch.editItem('notes', edit.noteId, (item) => item.set(['text'], edit.text));
      break;
    case 'setGroupLabel':
      batch.editItem('groups', edit.groupId, (item) => item.set(['label'], edit.label === '' ? undefined : edit.label));
      break;
    default:
      batch.editWhole((file) => applyStructural(file, edit));
  }
}

/** Edits that add or remove items or change top-level fields: they work on the whole file's syntax tree. */
function applyStructural(file: FlowText, edit: FlowEdit): void {
  switch (edit.type) {
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
    case 'addGroup':
      addGroup(file, edit.group);
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

/**
 * The text being edited. Item edits are kept per item (keyed by where the item starts in `base`) and
 * spliced in together, so the index of `base` stays valid for a whole run of them; an edit of the
 * whole file first splices them in and makes the result the new base.
 */
class FlowEditBatch {
  private base: string;
  private baseIndex: FlowTextIndex | undefined;
  private readonly editedItems = new Map<number, { span: TextSpan; text: string }>();
  /** The part of the original text that item edits touched, while no edit of the whole file happened. */
  private touched: TextSpan | undefined;
  private isWholeEdited = false;

  constructor(private readonly original: string) {
    this.base = original;
    if (lastEdited && lastEdited.text.length === original.length && lastEdited.text === original) this.baseIndex = lastEdited.index;
  }

  /** The new text and the one replacement that turns the original into it. */
  result(): { text: string; replacement?: TextReplacement } {
    const text = this.text();
    lastEdited = this.baseIndex ? { text, index: this.baseIndex } : undefined;
    const window = this.isWholeEdited ? { start: 0, end: this.original.length } : this.touched;
    if (!window) return { text };
    // Only the touched window can differ, so only it is compared.
    const grown = text.length - this.original.length;
    const inner = smallestReplacement(this.original.slice(window.start, window.end), text.slice(window.start, window.end + grown));
    return inner ? { text, replacement: { ...inner, offset: inner.offset + window.start } } : { text };
  }

  index(): FlowTextIndex {
    if (!this.baseIndex) {
      try {
        this.baseIndex = indexFlowText(this.base);
      } catch (error) {
        if (!(error instanceof JsonSyntaxError)) throw error;
        throw new FlowEditError(`the file is not a valid JSON object (${error.message}); fix it in the text editor first`);
      }
    }
    return this.baseIndex;
  }

  text(): string {
    if (this.editedItems.size === 0) return this.base;
    const edited = [...this.editedItems.values()].sort((a, b) => a.span.start - b.span.start);
    const parts: string[] = [];
    let at = 0;
    for (const { span, text } of edited) {
      parts.push(this.base.slice(at, span.start), text);
      at = span.end;
    }
    parts.push(this.base.slice(at));
    this.editedItems.clear();
    this.base = parts.join('');
    // Item edits never change ids or the structure around items, so the index only moves.
    this.baseIndex =
      this.baseIndex &&
      shiftIndex(
        this.baseIndex,
        edited.map(({ span, text }) => ({ end: span.end, delta: text.length - (span.end - span.start) })),
      );
    return this.base;
  }

  /** Replaces only the x and y numbers, so a move is exactly two changed lines per item in `git diff`. */
  setPosition(list: 'nodes' | 'notes', id: string, x: number, y: number): void {
    this.editItem(list, id, (item) =>
      item.setAll([
        [['position', 'x'], x],
        [['position', 'y'], y],
      ]),
    );
  }

  /** Runs `change` on the text of the first item of `list` with this id. */
  editItem(list: FlowList, id: string, change: (item: ItemText) => void): void {
    const items = this.index().lists.get(list);
    const index = items?.indexOfId.get(id);
    if (items === undefined || index === undefined) throw new FlowEditError(`the flow has no ${list.slice(0, -1)} with id "${id}"`);
    const span = items.items[index];
    const indent = span ? lineIndentBefore(this.base, span.start) : undefined;
    if (!span || indent === undefined) {
      // An item sharing its line with other text (a hand-compacted file): edit it in the whole file,
      // where the formatter sees the line as it is.
      this.editWhole((file) => change(new ItemText(file, [list, index], list)));
      return;
    }
    const item = new ItemText(
      new FlowText(indent + (this.editedItems.get(span.start)?.text ?? this.base.slice(span.start, span.end))),
      [],
      list,
    );
    change(item);
    if (!item.file.text.startsWith(indent)) throw new FlowEditError(`could not edit ${list.slice(0, -1)} "${id}" in place`);
    this.editedItems.set(span.start, { span, text: item.file.text.slice(indent.length) });
    if (!this.isWholeEdited)
      this.touched = {
        start: Math.min(span.start, this.touched?.start ?? span.start),
        end: Math.max(span.end, this.touched?.end ?? span.end),
      };
  }

  editWhole(change: (file: FlowText) => void): void {
    const file = new FlowText(this.text());
    this.isWholeEdited = true;
    change(file);
    this.base = file.text;
    this.baseIndex = undefined;
  }
}

/**
 * The index of the text the last batch produced. An editor applies each edit to the text the one
 * before made (a drag after a drag), so the next batch usually starts from it instead of a scan.
 */
let lastEdited: { text: string; index: FlowTextIndex } | undefined;

/** The index after replacing items: every offset moves by the growth of the items that end at or before it. */
function shiftIndex(index: FlowTextIndex, splices: readonly { end: number; delta: number }[]): FlowTextIndex {
  const ends = splices.map((s) => s.end);
  const growth: number[] = [0];
  for (const { delta } of splices) growth.push((growth.at(-1) ?? 0) + delta);
  const shift = (offset: number): number => {
    let low = 0;
    let high = ends.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((ends[middle] ?? Infinity) <= offset) low = middle + 1;
      else high = middle;
    }
    return offset + (growth[low] ?? 0);
  };
  const span = ({ start, end }: TextSpan): TextSpan => ({ start: shift(start), end: shift(end) });
  const properties = new Map([...index.properties].map(([key, value]) => [key, span(value)]));
  const lists = new Map([...index.lists].map(([key, list]) => [key, { ...list, items: list.items.map(span) }]));
  return { properties, lists };
}

/** The whitespace from the start of the line to `offset`, or undefined when other text precedes it on its line. */
function lineIndentBefore(text: string, offset: number): string | undefined {
  let start = offset;
  while (start > 0 && (text.charCodeAt(start - 1) === 0x20 || text.charCodeAt(start - 1) === 0x09)) start--;
  if (start > 0 && text.charCodeAt(start - 1) !== 0x0a) return undefined;
  return text.slice(start, offset);
}

/** Where a new property goes among an object's `properties`, for the object at `parent`; undefined: last. */
type KeyOrderOf = (parent: JsonPath) => ((properties: readonly string[], key: string) => number) | undefined;

const kindOfList = { nodes: 'node', edges: 'edge', notes: 'note', groups: 'group' } as const;

/** One item's paths, inside either its own text or the whole file. */
class ItemText {
  private readonly keyOrder: KeyOrderOf;

  constructor(
    readonly file: FlowText,
    private readonly prefix: JsonPath,
    list: FlowList,
  ) {
    const kind = kindOfList[list];
    this.keyOrder = (parent) =>
      parent.length === prefix.length ? (properties, key) => partInsertionIndex(kind, properties, key) : undefined;
  }

  has(path: JsonPath): boolean {
    return this.file.has([...this.prefix, ...path]);
  }

  set(path: JsonPath, value: unknown): void {
    this.setAll([[path, value]]);
  }

  setAll(changes: readonly (readonly [JsonPath, unknown])[]): void {
    this.file.setAll(
      changes.map(([path, value]) => [[...this.prefix, ...path], value] as const),
      this.keyOrder,
    );
  }
}

/** A JSON text whose syntax tree is parsed again after every change, so paths always point at current offsets. */
class FlowText {
  private parsed: JsonNode | undefined;

  constructor(public text: string) {
    this.parsed = FlowText.parse(text);
  }

  private get tree(): JsonNode {
    return (this.parsed ??= FlowText.parse(this.text));
  }

  private static parse(text: string): JsonNode {
    const tree = parseTree(text);
    if (!tree || tree.type !== 'object') throw new FlowEditError('the file is not a JSON object; fix it in the text editor first');
    return tree;
  }

  has(path: JsonPath): boolean {
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

  /**
   * Sets the value at `path` (undefined removes it). A number, string, boolean or null replacing one
   * replaces just its characters; anything else goes through the formatter.
   */
  set(path: JsonPath, value: unknown, keyOrder?: KeyOrderOf): void {
    this.setAll([[path, value]], keyOrder);
  }

  /**
   * Sets several values with one parse when each is a scalar replacing a scalar (a move's x and y).
   * `keyOrder` places a new property of the object at a path in the order a saved file has.
   */
  setAll(changes: readonly (readonly [JsonPath, unknown])[], keyOrder?: KeyOrderOf): void {
    const replacements = changes.map(([path, value]) => {
      const existing = value !== undefined && isScalar(value) ? findNodeAtLocation(this.tree, path) : undefined;
      return existing && existing.type !== 'object' && existing.type !== 'array'
        ? { offset: existing.offset, length: existing.length, content: JSON.stringify(value) }
        : undefined;
    });
    if (replacements.every((r) => r !== undefined)) {
      this.apply(replacements);
      return;
    }
    for (const [path, value] of changes) {
      // Removing what is not there changes nothing (jsonc-parser would throw on a missing parent).
      if (value === undefined && !this.has(path)) continue;
      const key = path.at(-1);
      const order = typeof key === 'string' ? keyOrder?.(path.slice(0, -1)) : undefined;
      const getInsertionIndex = order && typeof key === 'string' ? (properties: string[]) => order(properties, key) : undefined;
      this.apply(modify(this.text, path, value, { formattingOptions: formatting, ...(getInsertionIndex ? { getInsertionIndex } : {}) }));
    }
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
    this.parsed = undefined;
  }
}

function isScalar(value: unknown): boolean {
  return value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
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
