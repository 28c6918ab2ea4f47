// Multi-turn chat: runs that share a session id see the earlier turns as history.
import { strict as assert } from 'node:assert';
import { ChatSessionStore, runFlow } from '../../../src/engine';
import { buildFlow, collect } from '../../helpers/flow-builder';
import { WireServer } from './helpers/wire-server';

describe('chat sessions', () => {
  let server: WireServer;
  before(async () => (server = await WireServer.start()));
  after(() => server.close());
  beforeEach(() => {
    server.reset();
    server.on('POST', '/v1/chat/completions', { fixture: 'openai-chat.text.sse' });
  });

  const flow = () =>
    buildFlow(
      {
        message: ['input.chat', {}],
        model: ['llm.chat', { provider: 'openai-compatible', model: 'local', baseURL: `${server.url}/v1` }],
        reply: ['output.chat', {}],
      },
      ['message.message -> model.prompt', 'message.history -> model.history', 'model.message -> reply.message'],
    );
  const sentMessages = (i: number) => (server.requests[i]!.body as { messages: { role: string; content: string }[] }).messages;

  it('sends earlier turns of the same session as history, oldest first', async () => {
    const chatSessions = new ChatSessionStore();
    const first = await collect(runFlow(flow(), { inputs: { message: 'My name is Ada.' }, chatSessionId: 's1', chatSessions }));
    assert.equal(first.result.status, 'ok', first.result.error?.message);
    await collect(runFlow(flow(), { inputs: { message: 'What is my name?' }, chatSessionId: 's1', chatSessions }));
    assert.deepEqual(sentMessages(0), [{ role: 'user', content: 'My name is Ada.' }]);
    assert.deepEqual(sentMessages(1), [
      { role: 'user', content: 'My name is Ada.' },
      { role: 'assistant', content: 'Hello from the local server.' },
      { role: 'user', content: 'What is my name?' },
    ]);
    assert.equal(chatSessions.history('s1').length, 4);
  });

  it('keeps sessions apart, and runs without a session have no history', async () => {
    const chatSessions = new ChatSessionStore();
    await collect(runFlow(flow(), { inputs: { message: 'one' }, chatSessionId: 'a', chatSessions }));
    await collect(runFlow(flow(), { inputs: { message: 'two' }, chatSessionId: 'b', chatSessions }));
    await collect(runFlow(flow(), { inputs: { message: 'three' } }));
    assert.deepEqual(sentMessages(1), [{ role: 'user', content: 'two' }]);
    assert.deepEqual(sentMessages(2), [{ role: 'user', content: 'three' }]);
    assert.deepEqual(chatSessions.history('b'), [
      { role: 'user', content: 'two' },
      { role: 'assistant', content: 'Hello from the local server.' },
    ]);
  });

  it('leaves the history unchanged when a turn fails', async () => {
    const chatSessions = new ChatSessionStore();
    server.reset();
    server.on('POST', '/v1/chat/completions', { fixture: 'openai.error-401.json', status: 401 });
    const { result } = await collect(runFlow(flow(), { inputs: { message: 'hello?' }, chatSessionId: 's', chatSessions }));
    assert.equal(result.status, 'error');
    assert.deepEqual(chatSessions.history('s'), []);
  });

  it('forgets the least recently used session beyond the limit', () => {
    const store = new ChatSessionStore({ maxSessions: 2 });
    store.append('a', [{ role: 'user', content: 'a' }]);
    store.append('b', [{ role: 'user', content: 'b' }]);
    store.append('a', [{ role: 'assistant', content: 'a again' }]);
    store.append('c', [{ role: 'user', content: 'c' }]);
    assert.deepEqual(store.history('b'), []);
    assert.equal(store.history('a').length, 2);
    assert.equal(store.history('c').length, 1);
  });

  it('drops the oldest messages beyond the limit', () => {
    const store = new ChatSessionStore({ maxMessages: 3 });
    store.append('s', [
      { role: 'user', content: '1' },
      { role: 'assistant', content: '2' },
    ]);
    store.append('s', [
      { role: 'user', content: '3' },
      { role: 'assistant', content: '4' },
    ]);
    assert.deepEqual(
      store.history('s').map((m) => m.content),
      ['2', '3', '4'],
    );
  });
});
