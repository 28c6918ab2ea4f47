// The editor store with a real HostConnection over a recording stand-in for VS Code's webview API:
// what the canvas sends for each user action, and how host messages change what it shows.
import * as assert from 'node:assert/strict';
import { parseFlow } from '../../src/engine';
import { portCompatibility } from '../../src/extension/editor/flow-catalog';
import { nudgeSelection } from '../../src/webview/canvas/canvas-commands';
import { HostConnection } from '../../src/webview/host/host-connection';
import { createEditorStore, selectedGroupIds, selectedNodeIds, type EditorStore } from '../../src/webview/store/editor-store';
import { greetText, openStore, RecordingApi } from './helpers/recording-host';

/** Resolves once the store's state satisfies `check` (after the host's answer has arrived). */
function until(store: EditorStore, check: (state: ReturnType<EditorStore['getState']>) => boolean): Promise<void> {
  return new Promise((resolve) => {
    if (check(store.getState())) return resolve();
    const stop = store.subscribe((state) => {
      if (check(state)) {
        stop();
        resolve();
      }
    });
  });
}

const open = (api = new RecordingApi()) => openStore(greetText, '/w/greet.flow.json', { api, secretNames: ['OPENAI_API_KEY'] });

describe('editor store', () => {
  it('shows the document as React Flow nodes and edges', () => {
    const { store } = open();
    assert.deepEqual(
      store.getState().nodes.map((n) => [n.id, n.position]),
      [
        ['who', { x: 0, y: 0 }],
        ['tpl', { x: 240, y: 0 }],
        ['out', { x: 480, y: 0 }],
      ],
    );
    assert.deepEqual(
      store.getState().edges.map((e) => e.id),
      ['e1'],
    );
    assert.deepEqual(store.getState().catalog?.portCompatibility, portCompatibility());
  });

  it('sends nothing while a node is dragged and one moveNodes edit when it is dropped', () => {
    const { store, api } = open();
    store.getState().onNodesChange([{ type: 'position', id: 'tpl', position: { x: 250, y: 10 }, dragging: true }]);
    store.getState().onNodesChange([{ type: 'position', id: 'tpl', position: { x: 300.4, y: 40 }, dragging: true }]);
    assert.deepEqual(api.edits(), []);
    assert.deepEqual(store.getState().nodes.find((n) => n.id === 'tpl')?.position, { x: 300.4, y: 40 }, 'the canvas follows the pointer');
    store.getState().onNodesChange([{ type: 'position', id: 'tpl', position: { x: 300.4, y: 40 }, dragging: false }]);
    assert.deepEqual(api.edits(), [{ type: 'moveNodes', nodes: [{ id: 'tpl', x: 300, y: 40 }] }]);
  });

  it('refuses an incompatible connection with the reason and sends no edit', () => {
    const { store, api } = open();
    const ok = store.getState().isValidConnection({ source: 'out', sourceHandle: 'text', target: 'tpl', targetHandle: 'name' });
    assert.equal(ok, false);
    assert.match(store.getState().connectionRefusal ?? '', /out has no output 'text'/);
    store.getState().connect({ source: 'tpl', sourceHandle: 'text', target: 'who', targetHandle: 'x' });
    assert.deepEqual(api.edits(), []);
    store.getState().endConnection();
    assert.equal(store.getState().connectionRefusal, undefined);
  });

  it('adds an edge with a new id for a compatible connection', () => {
    const { store, api } = open();
    store.getState().connect({ source: 'tpl', sourceHandle: 'text', target: 'out', targetHandle: 'text' });
    assert.deepEqual(api.edits(), [
      { type: 'addEdge', edge: { id: 'e2', source: 'tpl', sourceHandle: 'text', target: 'out', targetHandle: 'text' } },
    ]);
  });

  it('places a palette component beside, not on, an existing node, and selects it when the document shows it', async () => {
    const { store, api } = open();
    const id = store.getState().placeComponent('json.parse', { x: 240, y: 0 });
    assert.equal(id, 'parse1');
    const [edit] = api.edits();
    assert.equal(edit?.type, 'addNodes');
    const placed = edit?.type === 'addNodes' ? edit.nodes[0] : undefined;
    assert.equal(placed?.type, 'json.parse');
    assert.notDeepEqual(placed?.position, { x: 240, y: 0 });
    const flow = parseFlow(greetText, '/w/greet.flow.json');
    store.getState().receive({ type: 'document', version: 2, flow: { ...flow, nodes: [...flow.nodes, placed!] }, problems: [] });
    await until(store, (state) => selectedNodeIds(state).join() === 'parse1');
  });

  it('deletes the selection as one remove edit', () => {
    const { store, api } = open();
    store.getState().select(['tpl'], ['e1']);
    store.getState().deleteSelection();
    assert.deepEqual(api.edits(), [{ type: 'remove', nodeIds: ['tpl'], edgeIds: ['e1'], noteIds: [] }]);
  });

  it('keeps the selection and viewport in webview state, and never flow content or secret names', () => {
    const { store, api } = open();
    store.getState().select(['who']);
    store.getState().setViewport({ x: 10, y: 20, zoom: 0.5 });
    const saved = JSON.stringify(api.state);
    assert.match(saved, /"selectedNodeIds":\["who"\]/);
    assert.match(saved, /"zoom":0.5/);
    assert.doesNotMatch(saved, /OPENAI_API_KEY|Hello|template/);
    assert.ok(api.posted.some((m) => m.type === 'selection' && m.nodeIds.join() === 'who'));
    const reopened = createEditorStore(new HostConnection(api));
    assert.deepEqual(reopened.getState().view.viewport, { x: 10, y: 20, zoom: 0.5 });
  });

  it("puts a refused drop back where the document says and shows the host's reason", async () => {
    const api = new RecordingApi();
    api.answer = () => 'VS Code refused the edit (is the file read-only?)';
    const { store } = open(api);
    store.getState().onNodesChange([{ type: 'position', id: 'who', position: { x: 500, y: 500 }, dragging: false }]);
    await until(store, (state) => state.notice !== undefined);
    assert.deepEqual(store.getState().nodes.find((n) => n.id === 'who')?.position, { x: 0, y: 0 });
    assert.match(store.getState().notice ?? '', /refused the edit/);
  });

  it("reports a side panel opened or closed to the host, and takes the workspace's layout from it without echoing it back", () => {
    const { store, api } = open();
    store.getState().setView({ isInspectorOpen: false });
    assert.deepEqual(
      api.posted.filter((m) => m.type === 'panelLayout'),
      [{ type: 'panelLayout', isInspectorOpen: false }],
    );
    store.getState().setView({ panelTab: 'timeline' });
    assert.equal(api.posted.filter((m) => m.type === 'panelLayout').length, 1, 'a change of tab is not a panel layout');

    // A new editor whose own saved state has the palette open: the host's remembered layout wins.
    const fresh = new RecordingApi();
    fresh.state = { isPaletteOpen: true, isInspectorOpen: true };
    const reopened = createEditorStore(new HostConnection(fresh));
    reopened.getState().receive({ type: 'panelLayout', isPaletteOpen: false, isInspectorOpen: false });
    assert.equal(reopened.getState().view.isPaletteOpen, false);
    assert.equal(reopened.getState().view.isInspectorOpen, false);
    assert.equal(reopened.getState().view.isMiniMapOpen, true, 'a panel the host did not name keeps its state');
    assert.equal(fresh.posted.filter((m) => m.type === 'panelLayout').length, 0, 'the host was sent its own layout back');
    assert.match(JSON.stringify(fresh.state), /"isPaletteOpen":false/);
  });

  it('ignores a document older than the one shown', () => {
    const { store } = open();
    store.getState().receive({ type: 'document', version: 0, flow: null, problems: [] });
    assert.equal(store.getState().nodes.length, 3);
  });
});

describe('keyboard moves', () => {
  it('moves the selected nodes by a grid step as one moveNodes edit (Alt+arrows)', () => {
    const { store, api } = open();
    store.getState().select(['who', 'tpl']);
    nudgeSelection(store, 16, 0);
    assert.deepEqual(api.edits(), [
      {
        type: 'moveNodes',
        nodes: [
          { id: 'who', x: 16, y: 0 },
          { id: 'tpl', x: 256, y: 0 },
        ],
      },
    ]);
  });
});

describe('sticky notes', () => {
  it('shows notes under the nodes and turns a note drop and delete into note edits', () => {
    const { store, api } = open();
    const flow = parseFlow(greetText, '/w/greet.flow.json');
    store.getState().receive({
      type: 'document',
      version: 2,
      flow: { ...flow, notes: [{ id: 'n1', position: { x: 0, y: 200 }, text: 'why' }] },
      problems: [],
    });
    assert.deepEqual(
      store.getState().nodes.map((n) => n.id),
      ['note:n1', 'who', 'tpl', 'out'],
    );
    store.getState().onNodesChange([{ type: 'position', id: 'note:n1', position: { x: 32, y: 240 }, dragging: false }]);
    store.getState().select(['note:n1']);
    store.getState().deleteSelection();
    assert.deepEqual(api.edits(), [
      { type: 'moveNotes', notes: [{ id: 'n1', x: 32, y: 240 }] },
      { type: 'remove', nodeIds: [], edgeIds: [], noteIds: ['n1'] },
    ]);
    assert.ok(!api.posted.some((m) => m.type === 'selection' && m.nodeIds.includes('note:n1')), 'notes are not nodes to the host');
  });
});

describe('groups', () => {
  const withGroup = (label = 'Group') => {
    const flow = parseFlow(greetText, '/w/greet.flow.json');
    return { ...flow, groups: [{ id: 'group1', label, nodes: ['who', 'tpl'] }] };
  };
  const frameOf = (store: EditorStore) => store.getState().nodes.find((n) => n.id === 'group:group1');

  it('groups the selected nodes as one addGroup edit (Ctrl+G) and selects the group when the document shows it', async () => {
    const { store, api } = open();
    store.getState().select(['who', 'tpl']);
    store.getState().groupSelection();
    assert.deepEqual(api.edits(), [{ type: 'addGroup', group: { id: 'group1', label: 'Group', nodes: ['who', 'tpl'] } }]);
    store.getState().receive({ type: 'document', version: 2, flow: withGroup(), problems: [] });
    assert.equal(store.getState().nodes[0]?.id, 'group:group1', 'the frame comes first, so it is drawn beneath the nodes');
    await until(store, (state) => frameOf(store)?.selected === true && selectedGroupIds(state).join() === 'group1');
    assert.deepEqual(selectedNodeIds(store.getState()), [], 'a group is not a node to the host');
  });

  it('draws the frame around its nodes plus padding, and follows a node that moves or is measured', () => {
    const { store } = open();
    store.getState().receive({ type: 'document', version: 2, flow: withGroup(), problems: [] });
    const frame = frameOf(store);
    // who at (0,0) and tpl at (240,0), unmeasured (200 x 110): padding 16, a 32 px label bar above.
    assert.deepEqual([frame?.position, frame?.width, frame?.height], [{ x: -16, y: -48 }, 472, 174]);
    const out = store.getState().nodes.find((n) => n.id === 'out');
    store.getState().onNodesChange([{ type: 'dimensions', id: 'tpl', dimensions: { width: 180, height: 140 } }]);
    assert.deepEqual([frameOf(store)?.width, frameOf(store)?.height], [452, 204]);
    store.getState().onNodesChange([{ type: 'position', id: 'who', position: { x: -64, y: 0 }, dragging: true }]);
    assert.deepEqual(frameOf(store)?.position, { x: -80, y: -48 });
    assert.equal(
      store.getState().nodes.find((n) => n.id === 'out'),
      out,
      'a node outside the group keeps its object (no re-render)',
    );
  });

  it('moves the members with a dragged frame and sends one moveNodes edit for them on drop', () => {
    const { store, api } = open();
    store.getState().receive({ type: 'document', version: 2, flow: withGroup(), problems: [] });
    const out = store.getState().nodes.find((n) => n.id === 'out');
    store.getState().onNodesChange([{ type: 'position', id: 'group:group1', position: { x: 0, y: -48 }, dragging: true }]);
    store.getState().onNodesChange([{ type: 'position', id: 'group:group1', position: { x: 16, y: -16 }, dragging: true }]);
    assert.deepEqual(api.edits(), [], 'nothing is sent while dragging');
    const position = (id: string) => store.getState().nodes.find((n) => n.id === id)?.position;
    assert.deepEqual(
      [position('who'), position('tpl')],
      [
        { x: 32, y: 32 },
        { x: 272, y: 32 },
      ],
    );
    assert.equal(
      store.getState().nodes.find((n) => n.id === 'out'),
      out,
      'a node outside the group is untouched',
    );
    store.getState().onNodesChange([{ type: 'position', id: 'group:group1', position: { x: 16, y: -16 }, dragging: false }]);
    assert.deepEqual(
      api.posted.filter((m) => m.type === 'edit').map((m) => (m.type === 'edit' ? m.edits : [])),
      [
        [
          {
            type: 'moveNodes',
            nodes: [
              { id: 'who', x: 32, y: 32 },
              { id: 'tpl', x: 272, y: 32 },
            ],
          },
        ],
      ],
    );
  });

  it('does not move a selected member twice when it is dragged together with its frame', () => {
    const { store, api } = open();
    store.getState().receive({ type: 'document', version: 2, flow: withGroup(), problems: [] });
    store.getState().onNodesChange([
      { type: 'position', id: 'group:group1', position: { x: 0, y: -48 }, dragging: false },
      { type: 'position', id: 'who', position: { x: 16, y: 0 }, dragging: false },
    ]);
    assert.deepEqual(api.edits(), [
      {
        type: 'moveNodes',
        nodes: [
          { id: 'who', x: 16, y: 0 },
          { id: 'tpl', x: 256, y: 0 },
        ],
      },
    ]);
  });

  it("moves a selected group's nodes with Alt+arrows", () => {
    const { store, api } = open();
    store.getState().receive({ type: 'document', version: 2, flow: withGroup(), problems: [] });
    store.getState().select(['group:group1']);
    nudgeSelection(store, 0, 16);
    assert.deepEqual(api.edits(), [
      {
        type: 'moveNodes',
        nodes: [
          { id: 'who', x: 0, y: 16 },
          { id: 'tpl', x: 240, y: 16 },
        ],
      },
    ]);
  });

  it('ungroups the selected group (Ctrl+Shift+G) and selects its nodes, which stay', async () => {
    const { store, api } = open();
    store.getState().receive({ type: 'document', version: 2, flow: withGroup(), problems: [] });
    store.getState().select(['group:group1']);
    store.getState().ungroupSelection();
    assert.deepEqual(api.edits(), [{ type: 'ungroup', groupIds: ['group1'] }]);
    store.getState().receive({ type: 'document', version: 3, flow: parseFlow(greetText, '/w/greet.flow.json'), problems: [] });
    await until(store, (state) => selectedNodeIds(state).join() === 'who,tpl');
    assert.equal(frameOf(store), undefined);
  });

  it('ungroups a group deleted with Delete, in the same edit as the nodes deleted with it', () => {
    const { store, api } = open();
    store.getState().receive({ type: 'document', version: 2, flow: withGroup(), problems: [] });
    store.getState().select(['group:group1']);
    store.getState().deleteSelection();
    store.getState().select(['group:group1', 'out']);
    store.getState().deleteSelection();
    assert.deepEqual(
      api.posted.filter((m) => m.type === 'edit').map((m) => (m.type === 'edit' ? m.edits : [])),
      [
        [{ type: 'ungroup', groupIds: ['group1'] }],
        [
          { type: 'ungroup', groupIds: ['group1'] },
          { type: 'remove', nodeIds: ['out'], edgeIds: [], noteIds: [] },
        ],
      ],
    );
  });

  it('renames a group as one setGroupLabel edit and keeps it selected when the new document arrives', () => {
    const { store, api } = open();
    store.getState().receive({ type: 'document', version: 2, flow: withGroup(), problems: [] });
    store.getState().select(['group:group1']);
    store.getState().startRenamingGroup('group1');
    assert.equal(store.getState().renamingGroupId, 'group1');
    store.getState().stopRenamingGroup();
    void store.getState().renameGroup('group1', 'Greeting');
    void store.getState().renameGroup('group1', '');
    assert.deepEqual(api.edits(), [
      { type: 'setGroupLabel', groupId: 'group1', label: 'Greeting' },
      { type: 'setGroupLabel', groupId: 'group1' },
    ]);
    store.getState().receive({ type: 'document', version: 3, flow: withGroup('Greeting'), problems: [] });
    assert.equal(frameOf(store)?.data.label, 'Greeting');
    assert.deepEqual(selectedGroupIds(store.getState()), ['group1']);
  });

  it('draws a group naming a missing node around the nodes it has, and none when it has none', () => {
    const { store } = open();
    const flow = parseFlow(greetText, '/w/greet.flow.json');
    store.getState().receive({
      type: 'document',
      version: 2,
      flow: {
        ...flow,
        groups: [
          { id: 'g1', nodes: ['ghost', 'out'] },
          { id: 'g2', nodes: ['gone'] },
        ],
      },
      problems: [],
    });
    const frames = store.getState().nodes.filter((n) => n.type === 'flowGroup');
    assert.deepEqual(
      frames.map((f) => [f.id, f.data.memberIds, f.data.missingIds]),
      [['group:g1', ['out'], ['ghost']]],
    );
  });
});
