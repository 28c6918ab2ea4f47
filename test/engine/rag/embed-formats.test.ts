// rag.embed over each provider's embeddings wire format.
import { strict as assert } from 'node:assert';
import { runFlow } from '../../../src/engine';
import { buildFlow, collect, eventsOf } from '../../helpers/flow-builder';
import { embedText, serveEmbeddings } from '../llm/helpers/embedding-server';
import { WireServer } from '../llm/helpers/wire-server';

const formats = [
  { name: 'OpenAI', provider: 'openai', model: 'text-embedding-3-small', base: '/v1', path: '/v1/embeddings' },
  { name: 'Ollama', provider: 'ollama', model: 'nomic-embed-text', base: '/api', path: '/api/embed' },
  { name: 'Gemini', provider: 'google', model: 'text-embedding-004', base: '/v1beta', path: /^\/v1beta\/models\/text-embedding-004:/ },
] as const;

describe('rag.embed over provider wire formats', () => {
  let server: WireServer;
  before(async () => {
    server = await WireServer.start();
  });
  after(() => server.close());
  beforeEach(() => {
    server.reset();
    serveEmbeddings(server);
  });

  for (const format of formats) {
    it(`${format.name}: embeds documents and a query text in one call`, async () => {
      const flow = buildFlow(
        {
          t: ['input.text', { name: 't' }],
          split: ['rag.split', { size: 60, overlap: 0 }],
          embed: [
            'rag.embed',
            {
              provider: format.provider,
              model: format.model,
              baseURL: `${server.url}${format.base}`,
              ...(format.provider === 'ollama' ? {} : { apiKey: '{{env:K}}' }),
            },
          ],
          docs: ['output.json', { name: 'docs' }],
          query: ['output.json', { name: 'query' }],
        },
        [
          't.text -> split.text',
          't.text -> embed.text',
          'split.documents -> embed.documents',
          'embed.documents -> docs.value',
          'embed.embedding -> query.value',
        ],
      );
      const text = 'Vector stores keep embeddings. Retrieval finds the nearest ones for a question.';
      const { result, events } = await collect(runFlow(flow, { inputs: { t: text }, env: { K: 'sk-local-test' } }));
      assert.equal(result.status, 'ok', result.error?.message);
      const docs = result.outputs.docs as { text: string; vector: number[] }[];
      assert.ok(docs.length >= 2);
      for (const doc of docs) assert.deepEqual(doc.vector.map(round), embedText(doc.text).map(round));
      assert.deepEqual((result.outputs.query as number[]).map(round), embedText(text).map(round));
      assert.ok(server.requests.some((r) => (typeof format.path === 'string' ? r.path === format.path : format.path.test(r.path))));
      assert.ok(eventsOf(events, 'node.model-call').length >= 1);
    });
  }

  it('fails with the provider reason when the embeddings endpoint refuses the key', async () => {
    server.reset();
    server.on('POST', '/v1/embeddings', { fixture: 'openai.error-401.json', status: 401 });
    const flow = buildFlow(
      {
        t: ['input.text', { name: 't' }],
        embed: ['rag.embed', { provider: 'openai', model: 'text-embedding-3-small', baseURL: `${server.url}/v1`, apiKey: '{{env:K}}' }],
        q: ['output.json', { name: 'q' }],
      },
      ['t.text -> embed.text', 'embed.embedding -> q.value'],
    );
    const { result } = await collect(runFlow(flow, { inputs: { t: 'hi' }, env: { K: 'sk-wrong' } }));
    assert.equal(result.status, 'error');
    assert.match(
      result.error?.message ?? '',
      /openai model 'text-embedding-3-small' refused the API key \(HTTP 401\): Incorrect API key provided/,
    );
  });

  it('says anthropic has no embedding models', async () => {
    const flow = buildFlow(
      {
        t: ['input.text', { name: 't' }],
        embed: ['rag.embed', { provider: 'anthropic', model: 'x', apiKey: '{{env:K}}' }],
        q: ['output.json', { name: 'q' }],
      },
      ['t.text -> embed.text', 'embed.embedding -> q.value'],
    );
    const { result } = await collect(runFlow(flow, { inputs: { t: 'hi' }, env: { K: 'k' } }));
    assert.match(result.error?.message ?? '', /provider 'anthropic' offers no embedding models/);
  });
});

const round = (v: number) => Math.round(v * 1e5) / 1e5;
