// What typing in a field sends: drafts become one edit after the typing pause, or at once when
// something needs the document (a run, a save the host asks to flush for, a choice made in a list).
import * as assert from 'node:assert/strict';
import { Position } from '@xyflow/react';
import { parseFlow } from '../../src/engine';
import { typingPauseMs, type EditorStore } from '../../src/webview/store/editor-store';
import { greetText, openStore, RecordingApi } from './helpers/recording-host';

const open = (api = new RecordingApi()) => openStore(greetText, '/w/greet.flow.json', { api });

/** Resolves once the store's state satisfies `check`. */
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

describe('typing in a field', () => {
  it('sends nothing per keystroke, and the last text as one edit when the typing pauses', async () => {
    const { store, api } = open();
    const post = api.postMessage.bind(api);
    const sentAt = new Promise<number>((resolve) => {
      api.postMessage = (message) => {
        post(message);
        if (message.type === 'edit') resolve(performance.now());
      };
    });
    const typedAt = performance.now();
    for (const text of ['H', 'Hi', 'Hi {{name}}']) store.getState().draftParam('tpl', 'template', text);
    assert.deepEqual(api.edits(), [], 'nothing is sent while typing goes on');
    const elapsed = (await sentAt) - typedAt;
    assert.ok(elapsed >= typingPauseMs - 5, `sent after ${elapsed} ms, before the typing pause`);
    assert.deepEqual(api.edits(), [{ type: 'setParam', nodeId: 'tpl', name: 'template', value: 'Hi {{name}}' }]);
  });

  it('flushes what is typed before the run request, so the host receives the edit first', () => {
    const { store, api } = open();
    store.getState().draftParam('tpl', 'template', 'Bye {{name}}');
    store.getState().draftLabel('tpl', 'Farewell');
    store.getState().flushEdits();
    api.postMessage({ type: 'run', requestId: 'run1', mode: 'run' });
    assert.deepEqual(
      api.posted.filter((m) => m.type === 'edit' || m.type === 'run').map((m) => m.type),
      ['edit', 'run'],
    );
    assert.deepEqual(api.edits(), [
      { type: 'setParam', nodeId: 'tpl', name: 'template', value: 'Bye {{name}}' },
      { type: 'setLabel', nodeId: 'tpl', label: 'Farewell' },
    ]);
    store.getState().flushEdits();
    assert.equal(api.edits().length, 2, 'a second flush has nothing left to send');
  });

  it("answers the host's flush request after posting what waits", () => {
    const { store, api } = open();
    store.getState().draftParam('out', 'name', 'farewell');
    store.getState().receive({ type: 'flushEdits', requestId: 'h1' });
    const kinds = api.posted.filter((m) => m.type === 'edit' || m.type === 'flushed');
    assert.deepEqual(
      kinds.map((m) => m.type),
      ['edit', 'flushed'],
    );
    assert.deepEqual(kinds[1], { type: 'flushed', requestId: 'h1' });
  });

  it('sends a choice made in a list after the typing that came before it, and drops typing for a deleted node', () => {
    const { store, api, show } = open();
    store.getState().draftParam('who', 'description', 'The person');
    void store.getState().setParam('tpl', 'template', 'Yo {{name}}');
    assert.deepEqual(api.edits(), [
      { type: 'setParam', nodeId: 'who', name: 'description', value: 'The person' },
      { type: 'setParam', nodeId: 'tpl', name: 'template', value: 'Yo {{name}}' },
    ]);
    store.getState().draftParam('tpl', 'template', 'gone');
    const flow = parseFlow(greetText, '/w/greet.flow.json');
    show(JSON.stringify({ ...flow, nodes: flow.nodes.filter((n) => n.id !== 'tpl'), edges: [] }), 2);
    store.getState().flushEdits();
    assert.equal(api.edits().length, 2, 'no edit names a node the document no longer has');
  });
});

describe('connections dropped on a node', () => {
  it('says why when the node has no input for the dragged output', async () => {
    const flow = parseFlow(greetText, '/w/greet.flow.json');
    const text = JSON.stringify({
      ...flow,
      nodes: [...flow.nodes, { id: 'template1', type: 'text.template', position: { x: 0, y: 200 }, params: { template: 'static' } }],
    });
    const { store } = openStore(text, '/w/greet.flow.json');
    const fromHandle = { id: 'text', nodeId: 'who', type: 'source' as const, x: 0, y: 0, position: Position.Right, width: 1, height: 1 };
    const node = (id: string) => store.getState().nodes.find((n) => n.id === id) as never;
    store.getState().endConnection(undefined, {
      isValid: null,
      from: { x: 0, y: 0 },
      fromHandle,
      fromPosition: Position.Right,
      fromNode: node('who'),
      to: { x: 0, y: 0 },
      toHandle: null,
      toPosition: null,
      toNode: node('template1'),
      pointer: { x: 0, y: 0 },
    });
    await until(store, (s) => s.notice !== undefined);
    assert.equal(
      store.getState().notice,
      'Not connected: template1 has no input port for who.text. Add a {{placeholder}} to its template to give it one.',
    );
  });

  it('says nothing for a drop on the empty canvas', () => {
    const { store } = open();
    store.getState().endConnection(undefined, {
      isValid: null,
      from: null,
      fromHandle: null,
      fromPosition: null,
      fromNode: null,
      to: null,
      toHandle: null,
      toPosition: null,
      toNode: null,
      pointer: null,
    });
    assert.equal(store.getState().notice, undefined);
  });
});

describe('a run and a file that stops being a flow', () => {
  it("clears the finished run's outputs while the file is invalid", () => {
    const { store } = open();
    const receive = store.getState().receive;
    receive({ type: 'runEvent', event: { type: 'run.start', runId: 'r1', t: 0, flow: 'greet' } });
    receive({ type: 'runEvent', event: { type: 'node.output', runId: 'r1', t: 1, nodeId: 'tpl', outputs: { text: 'Hello' } } });
    receive({ type: 'runEvent', event: { type: 'run.end', runId: 'r1', t: 2, status: 'ok', outputs: { greeting: 'Hello' } } });
    assert.equal(store.getState().run.status, 'ok');
    receive({ type: 'document', version: 2, flow: null, problems: [{ severity: 'error', message: 'not JSON' }] });
    assert.equal(store.getState().run.status, 'idle');
    assert.deepEqual(store.getState().run.outputs, {});
    assert.deepEqual(store.getState().run.nodes, {});
    assert.match(store.getState().run.log.join('\n'), /not a valid flow now/);
  });
});
