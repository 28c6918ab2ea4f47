// The webview's line to the host: a request the host has not answered when the connection is
// disposed (the page going away) rejects instead of waiting forever, and so does any made later.
import * as assert from 'node:assert/strict';
import { HostConnection, HostConnectionClosedError } from '../../src/webview/host/host-connection';
import { greetText, openStore, RecordingApi } from './helpers/recording-host';

describe('host connection', () => {
  it('rejects a request still waiting for its answer when disposed, and one made afterwards', async () => {
    const api = new RecordingApi();
    const host = new HostConnection(api);
    // This host never answers: deliver nothing.
    api.deliver = () => {};
    const waiting = host.request((requestId) => ({ type: 'edit', requestId, edits: [{ type: 'setLabel', nodeId: 'tpl', label: 'x' }] }));
    host.dispose();
    await assert.rejects(
      waiting,
      (e: unknown) => e instanceof HostConnectionClosedError && /closed before the host answered/.test(e.message),
    );
    await assert.rejects(
      host.request((requestId) => ({ type: 'editInputs', requestId, nodeId: 'tpl', inputs: {} })),
      HostConnectionClosedError,
    );
    assert.equal(api.posted.length, 1, 'nothing is posted once disposed');
  });

  it('still settles answered requests, and ignores an answer that comes after the dispose', async () => {
    const api = new RecordingApi();
    const host = new HostConnection(api);
    api.deliver = (m) => m.type === 'response' && host.settle(m);
    const answered = await host.request((requestId) => ({
      type: 'edit',
      requestId,
      edits: [{ type: 'setLabel', nodeId: 'tpl', label: 'x' }],
    }));
    assert.equal(answered.ok, true);
    host.dispose();
    assert.equal(host.settle({ type: 'response', requestId: 'w1', ok: true }), false);
  });

  it('turns an edit the host will never answer into a refused edit with the reason, not a hang', async () => {
    const { store, api, host } = openStore(greetText, '/w/greet.flow.json');
    api.deliver = () => {}; // the host goes quiet
    const editing = store.getState().edit([{ type: 'setLabel', nodeId: 'tpl', label: 'late' }]);
    host.dispose();
    assert.equal(await editing, false);
    assert.match(store.getState().notice ?? '', /closed before the host answered/);
  });
});
