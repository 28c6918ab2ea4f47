// llm.structured against the local provider servers of the LLM tests: a valid reply, retries with the
// validation errors fed back, giving up with the last reason, and schema problems found when validating.
import assert from 'node:assert/strict';
import { runFlow, validateFlow, type Flow } from '../../../src/engine';
import { buildFlow, collect, eventsOf } from '../../helpers/flow-builder';
import { TEST_KEY, WIRE_FORMATS, type WireFormat } from '../llm/helpers/formats';
import { messagesOf, textStream } from '../llm/helpers/scripted-openai';
import { WireServer } from '../llm/helpers/wire-server';

const PERSON = {
  type: 'object',
  properties: { name: { type: 'string' }, age: { type: 'integer', minimum: 0 } },
  required: ['name', 'age'],
  additionalProperties: false,
};

const chatCompletions = WIRE_FORMATS.find((f) => f.provider === 'openai-compatible')!;
const anthropic = WIRE_FORMATS.find((f) => f.provider === 'anthropic')!;

function structuredFlow(format: WireFormat, server: WireServer, extra: Record<string, unknown> = {}): Flow {
  return buildFlow(
    {
      ask: ['input.text', { name: 'ask', required: true }],
      model: [
        'llm.structured',
        {
          provider: format.provider,
          model: format.model,
          baseURL: format.baseURL(server.url),
          apiKey: '{{env:LOCAL_TEST_KEY}}',
          schema: PERSON,
          ...extra,
        },
      ],
      out: ['output.json', { name: 'person' }],
    },
    ['ask.text -> model.prompt', 'model.value -> out.value'],
  );
}

const env = { LOCAL_TEST_KEY: TEST_KEY };

describe('llm.structured', () => {
  let server: WireServer;
  before(async () => (server = await WireServer.start()));
  after(() => server.close());
  beforeEach(() => server.reset());

  it('outputs the reply parsed when it fits the schema, and tells the model the schema', async () => {
    server.on('POST', chatCompletions.chatPath, { sse: textStream(['{"name": "Ada",', ' "age": 36}']) });
    const { result } = await collect(
      runFlow(structuredFlow(chatCompletions, server), { inputs: { ask: 'Who wrote the first program?' }, env }),
    );
    assert.equal(result.status, 'ok', result.error?.message);
    assert.deepEqual(result.outputs.person, { name: 'Ada', age: 36 });
    assert.equal(server.requests.length, 1);
    const sent = JSON.stringify(messagesOf(server.requests[0]!));
    assert.match(sent, /Who wrote the first program\?/);
    assert.match(sent, /JSON Schema/);
    assert.ok(sent.includes(JSON.stringify(JSON.stringify(PERSON)).slice(1, -1)), 'the schema is in the request');
  });

  it('accepts JSON inside a code fence', async () => {
    server.on('POST', chatCompletions.chatPath, { sse: textStream(['```json\n{"name": "Alan", "age": 41}\n```']) });
    const { result } = await collect(runFlow(structuredFlow(chatCompletions, server), { inputs: { ask: 'x' }, env }));
    assert.equal(result.status, 'ok', result.error?.message);
    assert.deepEqual(result.outputs.person, { name: 'Alan', age: 41 });
  });

  it('asks again with the validation errors when a reply does not fit, and keeps the valid one', async () => {
    server.on(
      'POST',
      chatCompletions.chatPath,
      { sse: textStream(['{"name": "Ada", "age": "thirty-six"}']) },
      { sse: textStream(['{"name": "Ada", "age": 36}']) },
    );
    const { result, events } = await collect(runFlow(structuredFlow(chatCompletions, server), { inputs: { ask: 'x' }, env }));
    assert.equal(result.status, 'ok', result.error?.message);
    assert.deepEqual(result.outputs.person, { name: 'Ada', age: 36 });
    assert.equal(server.requests.length, 2);
    const retry = messagesOf(server.requests[1]!);
    const last = retry.at(-1);
    assert.equal(last?.role, 'user');
    assert.match(String(last?.content), /That answer is invalid: the reply does not fit the schema: \/age must be integer/);
    assert.equal(retry.at(-2)?.role, 'assistant');
    assert.equal(eventsOf(events, 'node.model-call').length, 2);
  });

  it('gives up after `attempts` invalid replies, with the last reason', async () => {
    server.on('POST', anthropic.chatPath, { fixture: anthropic.fixture.text });
    const { result } = await collect(runFlow(structuredFlow(anthropic, server, { attempts: 2 }), { inputs: { ask: 'x' }, env }));
    assert.equal(result.status, 'error');
    assert.equal(result.error?.nodeId, 'model');
    assert.match(result.error?.message ?? '', /^no valid reply after 2 attempts; the last: the reply is not JSON/);
    assert.equal(server.requests.length, 2);
  });

  it('reports a schema ajv cannot use, and a literal key, when validating', () => {
    const server = { url: 'http://127.0.0.1:9' } as WireServer;
    const bad = structuredFlow(chatCompletions, server, { schema: { type: 'object', properties: { a: { type: 'no-such-type' } } } });
    const diagnostics = validateFlow(bad);
    assert.ok(
      diagnostics.some((d) => d.nodeId === 'model' && /params\.schema is not a usable JSON Schema/.test(d.message)),
      JSON.stringify(diagnostics),
    );
    const literal = structuredFlow(chatCompletions, server, { apiKey: 'sk-live-abc' });
    assert.ok(validateFlow(literal).some((d) => /literal key/.test(d.message)));
  });
});
