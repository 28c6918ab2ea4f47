// Provider failures reach the user as messages that say what failed and what to do: bad key, rate
// limit (honouring retry-after), server error, a stream cut midway, an unreachable endpoint.
import { strict as assert } from 'node:assert';
import { runFlow } from '../../../src/engine';
import { buildFlow, collect, eventsOf } from '../../helpers/flow-builder';
import { TEST_KEY, WIRE_FORMATS, type WireFormat } from './helpers/formats';
import { WireServer } from './helpers/wire-server';

function chatFlow(format: WireFormat, baseURL: string) {
  return buildFlow(
    {
      question: ['input.text', { name: 'question' }],
      model: [
        'llm.chat',
        { provider: format.provider, model: format.model, baseURL, ...(format.keyHeader ? { apiKey: '{{env:LOCAL_TEST_KEY}}' } : {}) },
      ],
      answer: ['output.text', { name: 'answer' }],
    },
    ['question.text -> model.prompt', 'model.text -> answer.text'],
  );
}

const run = (format: WireFormat, baseURL: string) =>
  collect(runFlow(chatFlow(format, baseURL), { inputs: { question: 'hi' }, env: { LOCAL_TEST_KEY: TEST_KEY } }));

describe('llm.chat provider errors', () => {
  let server: WireServer;
  before(async () => (server = await WireServer.start()));
  after(() => server.close());
  beforeEach(() => server.reset());

  const openaiChat = WIRE_FORMATS.find((f) => f.provider === 'openai-compatible')!;

  for (const format of WIRE_FORMATS) {
    it(`${format.name}: a rejected key (401) fails the node with the provider's reason and the setting to check`, async () => {
      server.on('POST', format.chatPath, { fixture: format.fixture.error401, status: 401 });
      const { result, events } = await run(format, format.baseURL(server.url));
      assert.equal(result.status, 'error');
      assert.equal(result.error?.nodeId, 'model');
      assert.match(result.error?.message ?? '', /refused the API key \(HTTP 401\)/);
      assert.match(result.error?.message ?? '', /params\.apiKey/);
      assert.equal(server.requests.length, 1, 'a 401 is not retried');
      assert.ok(!JSON.stringify(events).includes(TEST_KEY));
    });

    it(`${format.name}: a stream cut midway fails the node after the tokens that did arrive`, async () => {
      server.on('POST', format.chatPath, { fixture: format.fixture.text, cutAfterEvents: 3 });
      const { result, events } = await run(format, format.baseURL(server.url));
      assert.equal(result.status, 'error');
      assert.match(result.error?.message ?? '', /cut off before it finished/);
      assert.ok(eventsOf(events, 'node.token').length < 5);
    });
  }

  it('blanks out the key when the provider quotes it back in the error', async () => {
    // openai.error-401.json quotes the key it was sent as 'sk-test', as OpenAI does.
    server.on('POST', openaiChat.chatPath, { fixture: 'openai.error-401.json', status: 401 });
    const { result, events } = await collect(
      runFlow(chatFlow(openaiChat, openaiChat.baseURL(server.url)), { inputs: { question: 'hi' }, env: { LOCAL_TEST_KEY: 'sk-test' } }),
    );
    assert.equal(result.status, 'error');
    assert.match(result.error?.message ?? '', /Incorrect API key provided: \*\*\*\./);
    assert.ok(!JSON.stringify(events).includes('sk-test'));
  });

  it('names the provider message of a 401 (Anthropic: invalid x-api-key)', async () => {
    const anthropic = WIRE_FORMATS.find((f) => f.provider === 'anthropic')!;
    server.on('POST', anthropic.chatPath, { fixture: anthropic.fixture.error401, status: 401 });
    const { result } = await run(anthropic, anthropic.baseURL(server.url));
    assert.match(result.error?.message ?? '', /invalid x-api-key/);
  });

  it('reports an error event inside the stream (Anthropic overloaded_error) after the tokens before it', async () => {
    const anthropic = WIRE_FORMATS.find((f) => f.provider === 'anthropic')!;
    server.on('POST', anthropic.chatPath, { fixture: 'anthropic.overloaded-midway.sse' });
    const { result, events } = await run(anthropic, anthropic.baseURL(server.url));
    assert.equal(result.status, 'error');
    assert.match(result.error?.message ?? '', /anthropic model 'claude-sonnet-4-5' failed: .*Overloaded/);
    assert.deepEqual(
      eventsOf(events, 'node.token').map((e) => e.token),
      ['Hello'],
    );
  });

  it('retries after a 429 as long as retry-after says, then succeeds', async () => {
    server.on(
      'POST',
      openaiChat.chatPath,
      { fixture: 'openai.error-429.json', status: 429, headers: { 'retry-after': '0' } },
      { fixture: openaiChat.fixture.text },
    );
    const { result } = await run(openaiChat, openaiChat.baseURL(server.url));
    assert.equal(result.status, 'ok', result.error?.message);
    assert.equal(result.outputs.answer, 'Hello from the local server.');
    assert.equal(server.requests.length, 2);
  });

  it('gives up on a lasting 429 with the retry-after the provider asked for', async () => {
    server.on('POST', openaiChat.chatPath, { fixture: 'openai.error-429.json', status: 429, headers: { 'retry-after': '0' } });
    const { result } = await run(openaiChat, openaiChat.baseURL(server.url));
    assert.equal(result.status, 'error');
    assert.match(
      result.error?.message ?? '',
      /rate limited \(HTTP 429\) after 3 attempts; the provider asks to retry after 0 s: Rate limit reached/,
    );
    assert.equal(server.requests.length, 3);
  });

  it('reports a lasting 500 as the provider failing, after retrying', async () => {
    server.on('POST', openaiChat.chatPath, { fixture: 'openai.error-500.json', status: 500, headers: { 'retry-after-ms': '0' } });
    const { result } = await run(openaiChat, openaiChat.baseURL(server.url));
    assert.equal(result.status, 'error');
    assert.match(result.error?.message ?? '', /failed on the provider's side \(HTTP 500\) after 3 attempts: The server had an error/);
  });

  it('says which endpoint cannot be reached', async () => {
    const closed = await WireServer.start();
    const url = closed.url;
    await closed.close();
    const { result } = await run(openaiChat, `${url}/v1`);
    assert.equal(result.status, 'error');
    assert.match(
      result.error?.message ?? '',
      new RegExp(`cannot reach openai-compatible model 'gpt-4o-mini' at ${url.replace(/\./g, '\\.')}`),
    );
  });
});
