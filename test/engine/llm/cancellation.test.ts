// Cancelling a run while a model streams stops the HTTP request too, so no tokens are paid for in vain.
import { strict as assert } from 'node:assert';
import { runFlow } from '../../../src/engine';
import { buildFlow, collect, eventsOf } from '../../helpers/flow-builder';
import { WireServer } from './helpers/wire-server';

describe('llm.chat cancellation', () => {
  let server: WireServer;
  before(async () => (server = await WireServer.start()));
  after(() => server.close());

  it('aborts the provider request when the run is cancelled mid-stream', async () => {
    server.on('POST', '/v1/chat/completions', { fixture: 'openai-chat.text.sse', holdAfterEvents: 3 });
    const flow = buildFlow(
      {
        q: ['input.text', { name: 'q' }],
        model: ['llm.chat', { provider: 'openai-compatible', model: 'm', baseURL: `${server.url}/v1` }],
        a: ['output.text', { name: 'a' }],
      },
      ['q.text -> model.prompt', 'model.text -> a.text'],
    );
    const closed = server.nextHeldStreamClosed();
    const handle = runFlow(flow, {
      inputs: { q: 'long answer please' },
      onEvent: (event) => {
        if (event.type === 'node.token' && event.token === ' from') handle.cancel('stopped by the user');
      },
    });
    const { result, events } = await collect(handle);
    assert.equal(result.status, 'cancelled');
    assert.match(result.error?.message ?? '', /stopped by the user/);
    assert.deepEqual(
      eventsOf(events, 'node.token').map((e) => e.token),
      ['Hello', ' from'],
    );
    await closed; // the server saw the client drop the response
  });
});
