// llm.chat against a local server per provider wire format: streamed tokens, usage, what is sent.
import { strict as assert } from 'node:assert';
import { runFlow } from '../../../src/engine';
import { buildFlow, collect, eventsOf } from '../../helpers/flow-builder';
import { TEST_KEY, WIRE_FORMATS, type WireFormat } from './helpers/formats';
import { WireServer } from './helpers/wire-server';

const TOKENS = ['Hello', ' from', ' the', ' local', ' server.'];

function chatFlow(format: WireFormat, server: WireServer) {
  return buildFlow(
    {
      question: ['input.text', { name: 'question', required: true }],
      model: [
        'llm.chat',
        {
          provider: format.provider,
          model: format.model,
          baseURL: format.baseURL(server.url),
          ...(format.keyHeader ? { apiKey: '{{env:LOCAL_TEST_KEY}}' } : {}),
          system: 'Answer in one sentence.',
          temperature: 0.2,
        },
      ],
      answer: ['output.text', { name: 'answer' }],
    },
    ['question.text -> model.prompt', 'model.text -> answer.text'],
  );
}

describe('llm.chat over provider wire formats', () => {
  let server: WireServer;
  before(async () => (server = await WireServer.start()));
  after(() => server.close());
  beforeEach(() => server.reset());

  for (const format of WIRE_FORMATS) {
    describe(format.name, () => {
      it('streams each token as a node.token event and returns the whole reply', async () => {
        server.on('POST', format.chatPath, { fixture: format.fixture.text });
        const { events, result } = await collect(
          runFlow(chatFlow(format, server), { inputs: { question: 'Who is there?' }, env: { LOCAL_TEST_KEY: TEST_KEY } }),
        );
        assert.equal(result.status, 'ok', result.error?.message);
        assert.deepEqual(
          eventsOf(events, 'node.token').map((e) => e.token),
          TOKENS,
        );
        assert.equal(result.outputs.answer, TOKENS.join(''));
        // Tokens come before the node's output, not after it.
        const lastToken = events.map((e) => e.type).lastIndexOf('node.token');
        const output = events.findIndex((e) => e.type === 'node.output' && e.nodeId === 'model');
        assert.ok(lastToken < output);
      });

      it('records token usage and latency of the call', async () => {
        server.on('POST', format.chatPath, { fixture: format.fixture.text });
        const { events } = await collect(
          runFlow(chatFlow(format, server), { inputs: { question: 'Who is there?' }, env: { LOCAL_TEST_KEY: TEST_KEY } }),
        );
        const calls = eventsOf(events, 'node.model-call');
        assert.equal(calls.length, 1);
        const call = calls[0]!;
        assert.deepEqual(call.usage, { inputTokens: 12, outputTokens: 5 });
        assert.equal(call.provider, format.provider);
        assert.equal(call.model, format.model);
        assert.ok(call.latencyMs > 0 && call.latencyMs < 10_000);
        assert.ok(call.timeToFirstTokenMs !== undefined && call.timeToFirstTokenMs <= call.latencyMs);
      });

      it('sends the prompt, system prompt and key from the env reference, and never puts the key in events', async () => {
        server.on('POST', format.chatPath, { fixture: format.fixture.text });
        const { events } = await collect(
          runFlow(chatFlow(format, server), { inputs: { question: 'Who is there?' }, env: { LOCAL_TEST_KEY: TEST_KEY } }),
        );
        assert.equal(server.requests.length, 1);
        const request = server.requests[0]!;
        const body = JSON.stringify(request.body);
        assert.match(body, /Who is there\?/);
        assert.match(body, /Answer in one sentence\./);
        if (format.keyHeader) assert.equal(request.headers[format.keyHeader[0]], format.keyHeader[1]);
        assert.ok(!JSON.stringify(events).includes(TEST_KEY), 'the API key leaked into run events');
      });
    });
  }
});
