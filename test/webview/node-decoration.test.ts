// A card's one store subscription: the same answer while nothing it shows has changed (a drag
// changes only the nodes), a new one when its breakpoint, run state, problems or ports change.
import * as assert from 'node:assert/strict';
import { nodeDecorationSelector } from '../../src/webview/canvas/node-decoration';
import { greetText, openStore } from './helpers/recording-host';

describe('node decoration', () => {
  it('stays the same object through a drag and changes with what the card shows', () => {
    const { store } = openStore(greetText, '/work/greet.flow.json');
    const select = nodeDecorationSelector('tpl', 'text.template');
    const first = select(store.getState());
    assert.equal(first.component?.id, 'text.template');
    assert.deepEqual(
      first.ports?.inputs.map((p) => p.name),
      ['name'],
    );
    assert.equal(first.hasBreakpoint, false);
    assert.equal(first.run, undefined);

    store.getState().onNodesChange([{ type: 'position', id: 'tpl', position: { x: 300, y: 40 }, dragging: true }]);
    assert.equal(store.getState().nodes.find((n) => n.id === 'tpl')?.position.x, 300, 'the drag moved the node');
    assert.equal(select(store.getState()), first, 'a drag frame gives the card the same decoration');

    store.getState().toggleBreakpoint('who');
    assert.equal(select(store.getState()), first, "another node's breakpoint does not change this card");
    store.getState().toggleBreakpoint('tpl');
    const withBreakpoint = select(store.getState());
    assert.notEqual(withBreakpoint, first);
    assert.equal(withBreakpoint.hasBreakpoint, true);

    store.getState().receive({ type: 'runEvent', event: { type: 'run.start', runId: 'r1', t: 0 } });
    store.getState().receive({ type: 'runEvent', event: { type: 'node.start', runId: 'r1', nodeId: 'tpl', t: 5 } });
    assert.equal(select(store.getState()).run?.state, 'running');
  });
});
