// Canvas items tell their kind by their type, never by their id: a flow may name a node `note:a` or
// `group:g` (ids may contain ':') beside a note `a` and a group `g`, and each drop must move its own item.
import * as assert from 'node:assert/strict';
import { parseFlow, type Flow } from '../../src/engine';
import { addedNoteCanvasId, canvasItemIds } from '../../src/webview/canvas/canvas-item-ids';
import { isFlowNode, isNote } from '../../src/webview/canvas/flow-to-canvas';
import { isGroup } from '../../src/webview/canvas/group-frames';
import { selectedGroupIds, selectedNodeIds, selectedNoteIds } from '../../src/webview/store/editor-store';
import { openStore } from './helpers/recording-host';

/** A node `note:a` beside a note `a`, and a node `group:g` beside a group `g` (of node `x`). */
const clashing: Flow = {
  version: 1,
  name: 'clash',
  nodes: [
    { id: 'note:a', type: 'input.text', position: { x: 0, y: 0 }, params: { name: 'first' } },
    { id: 'group:g', type: 'input.text', position: { x: 0, y: 200 }, params: { name: 'second' } },
    { id: 'x', type: 'input.text', position: { x: 400, y: 0 }, params: { name: 'third' } },
  ],
  edges: [],
  notes: [{ id: 'a', position: { x: 400, y: 400 }, text: 'a note' }],
  groups: [{ id: 'g', label: 'G', nodes: ['x'] }],
};
const file = '/w/clash.flow.json';
const open = () => openStore(JSON.stringify(clashing), file);

describe('canvas item ids', () => {
  it('gives every node, note and group of a clashing flow its own canvas id', () => {
    const { store } = open();
    const items = store.getState().nodes;
    const ids = items.map((n) => n.id);
    assert.equal(new Set(ids).size, ids.length, `canvas ids must be unique: ${ids.join(', ')}`);
    assert.deepEqual(
      items.filter(isFlowNode).map((n) => n.id),
      ['note:a', 'group:g', 'x'],
      'flow nodes keep their own ids (edges name them)',
    );
    assert.deepEqual(
      items.filter(isNote).map((n) => n.data.noteId),
      ['a'],
    );
    assert.deepEqual(
      items.filter(isGroup).map((n) => n.data.groupId),
      ['g'],
    );
  });

  it('moves the node `note:a`, not the note `a`, when that node is dropped', () => {
    const { store, api } = open();
    store.getState().onNodesChange([{ type: 'position', id: 'note:a', position: { x: 48, y: 16 }, dragging: false }]);
    assert.deepEqual(api.edits(), [{ type: 'moveNodes', nodes: [{ id: 'note:a', x: 48, y: 16 }] }]);
  });

  it('moves the note `a`, not the node `note:a`, when the note is dropped', () => {
    const { store, api } = open();
    const note = store.getState().nodes.find(isNote)!;
    assert.notEqual(note.id, 'note:a');
    store.getState().onNodesChange([{ type: 'position', id: note.id, position: { x: 432, y: 416 }, dragging: false }]);
    assert.deepEqual(api.edits(), [{ type: 'moveNotes', notes: [{ id: 'a', x: 432, y: 416 }] }]);
    assert.deepEqual(store.getState().nodes.find((n) => n.id === 'note:a')?.position, { x: 0, y: 0 }, 'the node stays where it was');
  });

  it('moves the node `group:g` itself, and group `g` as its members, on drops', () => {
    const { store, api } = open();
    store.getState().onNodesChange([{ type: 'position', id: 'group:g', position: { x: 16, y: 240 }, dragging: false }]);
    const frame = store.getState().nodes.find(isGroup)!;
    store
      .getState()
      .onNodesChange([{ type: 'position', id: frame.id, position: { x: frame.position.x + 32, y: frame.position.y }, dragging: false }]);
    assert.deepEqual(api.edits(), [
      { type: 'moveNodes', nodes: [{ id: 'group:g', x: 16, y: 240 }] },
      { type: 'moveNodes', nodes: [{ id: 'x', x: 432, y: 0 }] },
    ]);
  });

  it('deletes and selects by kind: the node, the note and the group are told apart', () => {
    const { store, api } = open();
    const note = store.getState().nodes.find(isNote)!;
    store.getState().select(['note:a', note.id]);
    assert.deepEqual(selectedNodeIds(store.getState()), ['note:a']);
    assert.deepEqual(selectedNoteIds(store.getState()), ['a']);
    assert.deepEqual(selectedGroupIds(store.getState()), []);
    store.getState().deleteSelection();
    assert.deepEqual(api.edits(), [{ type: 'remove', nodeIds: ['note:a'], edgeIds: [], noteIds: ['a'] }]);
  });

  it('keeps the readable ids when nothing clashes, and picks the id a new note will have', () => {
    const flow = parseFlow(JSON.stringify({ ...clashing, nodes: [clashing.nodes[2]] }), file);
    const ids = canvasItemIds(flow);
    assert.equal(ids.note('a'), 'note:a');
    assert.equal(ids.group('g'), 'group:g');
    const clashed = canvasItemIds(clashing);
    assert.notEqual(clashed.note('a'), 'note:a');
    assert.equal(addedNoteCanvasId(clashing, 'b'), 'note:b');
    assert.equal(
      addedNoteCanvasId({ ...clashing, nodes: [...clashing.nodes, { id: 'note:b', type: 'input.text', position: { x: 0, y: 0 } }] }, 'b'),
      'note:b~2',
    );
  });
});
