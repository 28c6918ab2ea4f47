// The model picker's server lists: Ollama's /api/tags and an OpenAI-compatible /models, asked of a
// local server on 127.0.0.1, with the key sent only when the server asks for it, and every failure
// (timeout, refused connection, HTTP error, not a list) a short note rather than a throw.
import { strict as assert } from 'node:assert';
import type { SecretStore } from '../../../src/engine';
import { listServerModels, modelListUrl } from '../../../src/engine/llm/server-models';
import { createBindingPolicy } from '../../../src/engine/secrets/binding-policy';
import { WireServer } from './helpers/wire-server';

const KEY = 'sk-model-list-test-key';
const noSecrets: SecretStore = { get: async () => undefined };
const sources = { secrets: noSecrets, env: { LIST_KEY: KEY } };
/** Origins LIST_KEY is bound to, as the editor keeps them per secret. */
let boundOrigins: string[] = [];
const policy = createBindingPolicy({ boundTo: () => boundOrigins, howToBind: (use) => `bind ${use.name} to ${use.destination}` });

const ollamaTags = {
  models: [
    { name: 'qwen3:8b', model: 'qwen3:8b', details: { family: 'qwen3', parameter_size: '8.2B' } },
    { name: 'llama3.2:latest', model: 'llama3.2:latest', details: { family: 'llama', parameter_size: '3.2B' } },
  ],
};

describe('listing a model server’s models for the picker', () => {
  let server: WireServer;
  before(async () => {
    server = await WireServer.start();
    boundOrigins = [server.url];
  });
  after(() => server.close());
  beforeEach(() => server.reset());

  it('lists Ollama models from /api/tags, for a base URL with or without /api', async () => {
    server.on('GET', '/api/tags', { json: ollamaTags });
    for (const baseURL of [`${server.url}/api`, server.url, `${server.url}/`]) {
      const list = await listServerModels({ provider: 'ollama', baseURL, sources, policy });
      assert.deepEqual(list, {
        models: [
          { id: 'llama3.2:latest', detail: 'llama · 3.2B' },
          { id: 'qwen3:8b', detail: 'qwen3 · 8.2B' },
        ],
      });
    }
    assert.deepEqual(
      server.requests.map((r) => `${r.method} ${r.path}`),
      ['GET /api/tags', 'GET /api/tags', 'GET /api/tags'],
    );
  });

  it('uses Ollama’s default address on 127.0.0.1 when baseURL is not set', () => {
    assert.equal(modelListUrl('ollama', undefined), 'http://127.0.0.1:11434/api/tags');
    assert.equal(modelListUrl('openai-compatible', 'http://127.0.0.1:1234/v1/'), 'http://127.0.0.1:1234/v1/models');
  });

  it('lists OpenAI-compatible models from {baseURL}/models without sending a key the server does not ask for', async () => {
    server.on('GET', '/v1/models', {
      json: {
        object: 'list',
        data: [
          { id: 'local-model', object: 'model', owned_by: 'lmstudio' },
          { id: 'embed-small', object: 'model' },
        ],
      },
    });
    const list = await listServerModels({
      provider: 'openai-compatible',
      baseURL: `${server.url}/v1`,
      apiKey: '{{env:LIST_KEY}}',
      sources,
      policy,
    });
    assert.deepEqual(list, { models: [{ id: 'embed-small' }, { id: 'local-model', detail: 'lmstudio' }] });
    assert.equal(server.requests.length, 1);
    assert.equal(server.requests[0]?.headers.authorization, undefined);
  });

  it('resolves the apiKey reference and retries with it when the server answers 401, keeping the key out of the result', async () => {
    server.on('GET', '/v1/models', (request) =>
      request.headers.authorization === `Bearer ${KEY}`
        ? { json: { data: [{ id: 'private-model' }] } }
        : { json: { error: { message: 'no key' } }, status: 401 },
    );
    const list = await listServerModels({
      provider: 'openai-compatible',
      baseURL: `${server.url}/v1`,
      apiKey: '{{env:LIST_KEY}}',
      sources,
      policy,
    });
    assert.deepEqual(list, { models: [{ id: 'private-model' }] });
    assert.deepEqual(
      server.requests.map((r) => r.headers.authorization),
      [undefined, `Bearer ${KEY}`],
    );

    server.reset();
    server.on('GET', '/v1/models', { json: { error: { message: 'bad key' } }, status: 401 });
    const refused = await listServerModels({
      provider: 'openai-compatible',
      baseURL: `${server.url}/v1`,
      apiKey: '{{env:LIST_KEY}}',
      sources,
      policy,
    });
    assert.deepEqual(refused.models, []);
    assert.match(refused.note ?? '', /answered 401: the apiKey was refused/);
    assert.ok(!JSON.stringify(refused).includes(KEY));
  });

  it('sends no key to an origin the key is not bound to, and says the key is needed instead', async () => {
    // A cloned flow names a server of its own choosing; the picker must not hand it the user's key.
    const attacker = await WireServer.start();
    try {
      attacker.on('GET', '/v1/models', { json: { error: { message: 'key please' } }, status: 401 });
      const list = await listServerModels({
        provider: 'openai-compatible',
        baseURL: `${attacker.url}/v1`,
        apiKey: '{{env:LIST_KEY}}',
        sources,
        policy,
      });
      assert.deepEqual(list.models, []);
      assert.deepEqual(
        attacker.requests.map((r) => r.headers.authorization),
        [undefined],
      );
      assert.match(
        list.note ?? '',
        /needs a key, and it was not sent: environment variable 'LIST_KEY' may not be sent to http:\/\/127\.0\.0\.1:\d+/,
      );
      assert.ok(list.note?.includes(`bind LIST_KEY to ${attacker.url}`), list.note);
      assert.ok(!JSON.stringify(list).includes(KEY));
    } finally {
      await attacker.close();
    }
  });

  it('says which secret is missing when the key the server asks for is not set', async () => {
    server.on('GET', '/v1/models', { json: {}, status: 401 });
    const list = await listServerModels({
      provider: 'openai-compatible',
      baseURL: `${server.url}/v1`,
      apiKey: '{{secret:NOT_SET}}',
      sources,
      policy,
    });
    assert.deepEqual(list.models, []);
    assert.match(list.note ?? '', /secret 'NOT_SET' is not set/);
    assert.equal(server.requests.length, 1);
  });

  it('gives up after the timeout with a short note when the server does not answer', async () => {
    server.on('GET', '/api/tags', { fixture: 'ollama.text.ndjson', holdAfterEvents: 0 });
    const started = performance.now();
    const list = await listServerModels({ provider: 'ollama', baseURL: server.url, sources, policy, timeoutMs: 300 });
    const elapsed = performance.now() - started;
    assert.deepEqual(list, { models: [], note: `${server.url}/api/tags did not answer within 0.3 s.` });
    assert.ok(elapsed >= 250 && elapsed < 5000, `gave up after ${Math.round(elapsed)} ms`);
  });

  it('notes a refused connection, an HTTP error and a body that is not a model list', async () => {
    const closed = await WireServer.start();
    const closedUrl = closed.url;
    await closed.close();
    const refused = await listServerModels({ provider: 'ollama', baseURL: closedUrl, sources, policy });
    assert.deepEqual(refused, { models: [], note: `Nothing is listening at ${closedUrl}/api/tags (is the server running?).` });

    server.on('GET', '/v1/models', { json: { error: 'boom' }, status: 500 });
    assert.deepEqual(await listServerModels({ provider: 'openai-compatible', baseURL: `${server.url}/v1`, sources, policy }), {
      models: [],
      note: `${server.url}/v1/models answered 500.`,
    });

    server.on('GET', '/api/tags', { json: { tags: ['not', 'a', 'list'] } });
    assert.deepEqual(await listServerModels({ provider: 'ollama', baseURL: server.url, sources, policy }), {
      models: [],
      note: `${server.url}/api/tags did not send a model list.`,
    });
  });

  it('asks for a baseURL for an OpenAI-compatible server, and shows a URL without its credentials', async () => {
    assert.deepEqual(await listServerModels({ provider: 'openai-compatible', sources, policy }), {
      models: [],
      note: 'Set baseURL to list the server’s models.',
    });
    const withCredentials = server.url.replace('http://', 'http://user:hunter2@');
    const list = await listServerModels({ provider: 'openai-compatible', baseURL: `${withCredentials}/v1`, sources, policy });
    assert.deepEqual(list.models, []);
    assert.ok(list.note?.includes(`${server.url}/v1/models`), list.note);
    assert.ok(!list.note?.includes('hunter2'), list.note);
  });
});
