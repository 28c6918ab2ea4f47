// The RAG example flows end to end against local provider servers: index examples/docs into a
// LanceDB store inside the (temporary) workspace, then answer a question from it with sources.
import { strict as assert } from 'node:assert';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { commandLinePolicy, parseFlow, runFlow, type Flow, type RagDocument, type SecretBindingPolicy } from '../../../src/engine';
import { buildFlow, collect, eventsOf } from '../../helpers/flow-builder';
import { embedText, serveEmbeddings } from '../llm/helpers/embedding-server';
import { WireServer } from '../llm/helpers/wire-server';

const examples = path.resolve(__dirname, '../../../examples');
const env = { OPENAI_API_KEY: 'sk-local-test' };

/** An example flow from the workspace copy, with every model pointed at the local server. */
function localFlow(workspace: string, name: string, baseURL: string): Flow {
  const file = path.join(workspace, name);
  const flow = parseFlow(readFileSync(file, 'utf8'), file);
  for (const node of flow.nodes) if (node.params && 'provider' in node.params) node.params.baseURL = baseURL;
  return flow;
}

describe('RAG example flows', () => {
  let server: WireServer;
  let workspace: string;
  /** The examples' key, bound to the local server as --allow-secret would. */
  let secretPolicy: SecretBindingPolicy;
  const run = (name: string, inputs: Record<string, unknown> = {}) =>
    collect(runFlow(localFlow(workspace, name, `${server.url}/v1`), { inputs, env, secretPolicy, file: path.join(workspace, name) }));

  before(async () => {
    server = await WireServer.start();
    secretPolicy = commandLinePolicy([{ name: 'OPENAI_API_KEY', destination: server.url }]);
    workspace = mkdtempSync(path.join(tmpdir(), 'flowstudio-rag-'));
    for (const entry of ['docs', 'rag-index.flow.json', 'rag.flow.json'])
      cpSync(path.join(examples, entry), path.join(workspace, entry), { recursive: true });
  });
  after(async () => {
    await server.close();
    rmSync(workspace, { recursive: true, force: true });
  });
  beforeEach(() => {
    server.reset();
    serveEmbeddings(server);
    server.on('POST', '/v1/responses', { fixture: 'openai-responses.text.sse' });
  });

  it('indexes the Markdown folder into a store that persists inside the workspace', async () => {
    const { result, events } = await run('rag-index.flow.json');
    assert.equal(result.status, 'ok', result.error?.message);
    const chunks = eventsOf(events, 'node.output').find((e) => e.nodeId === 'split')!.outputs.documents as RagDocument[];
    assert.equal(result.outputs.indexed, chunks.length);
    assert.deepEqual([...new Set(chunks.map((c) => c.source))], ['docs/flow-files.md', 'docs/mcp-tools.md', 'docs/secrets.md']);
    assert.ok(existsSync(path.join(workspace, '.flowstudio/vectors/docs.lance')));
    const embedCall = eventsOf(events, 'node.model-call').find((e) => e.nodeId === 'embed');
    assert.ok(embedCall && (embedCall.usage.inputTokens ?? 0) > 0);
  });

  it('answers from the closest source, and sends the numbered sources to the model', async () => {
    const { result } = await run('rag.flow.json', {
      question: 'Where does an API key go: secret storage, keychain or environment variable?',
    });
    assert.equal(result.status, 'ok', result.error?.message);
    assert.equal(result.outputs.answer, 'Hello from the local server.');
    const sources = result.outputs.sources as RagDocument[];
    assert.ok(sources.length >= 1 && sources.length <= 3);
    assert.equal(sources[0]!.source, 'docs/secrets.md');
    assert.ok(
      sources.every((s, i) => i === 0 || s.score! <= sources[i - 1]!.score!),
      'matches are best first',
    );
    const modelRequest = JSON.stringify(server.requests.find((r) => r.path === '/v1/responses')!.body);
    assert.match(modelRequest, /\[1\] docs\/secrets\.md \(score 0\.\d\d\)/);
  });

  it('leaves out matches under minScore', async () => {
    const { result } = await run('rag.flow.json', { question: 'zebra quantum violin' });
    assert.equal(result.status, 'ok', result.error?.message);
    assert.deepEqual(result.outputs.sources, []);
    assert.match(JSON.stringify(server.requests.find((r) => r.path === '/v1/responses')!.body), /No matching sources were found/);
  });

  it('returns at most topK matches, scored by cosine similarity of the stored vectors', async () => {
    const question = 'MCP servers tools agent approval terminal';
    const flow = buildFlow(
      {
        q: ['input.text', { name: 'q' }],
        embed: ['rag.embed', { provider: 'openai-compatible', model: 'embedder', baseURL: `${server.url}/v1` }],
        retrieve: ['rag.retrieve', { store: 'docs', topK: 2 }],
        out: ['output.json', { name: 'm' }],
      },
      ['q.text -> embed.text', 'embed.embedding -> retrieve.query', 'retrieve.matches -> out.value'],
    );
    const { result } = await collect(runFlow(flow, { inputs: { q: question }, file: path.join(workspace, 'adhoc.flow.json') }));
    assert.equal(result.status, 'ok', result.error?.message);
    const matches = result.outputs.m as RagDocument[];
    assert.equal(matches.length, 2);
    assert.equal(matches[0]!.source, 'docs/mcp-tools.md');
    const query = embedText(question);
    for (const match of matches) {
      const cosine = embedText(match.text).reduce((sum, v, i) => sum + v * query[i]!, 0);
      assert.ok(Math.abs(match.score! - cosine) < 1e-4, `score ${match.score} vs cosine ${cosine}`);
    }
  });

  it('says which store is missing and how to fill it', async () => {
    const flow = localFlow(workspace, 'rag.flow.json', `${server.url}/v1`);
    flow.nodes.find((n) => n.id === 'retrieve')!.params!.store = 'nothing-here';
    const { result } = await collect(
      runFlow(flow, { inputs: { question: 'hi' }, env, secretPolicy, file: path.join(workspace, 'rag.flow.json') }),
    );
    assert.equal(result.status, 'error');
    assert.match(
      result.error?.message ?? '',
      /vector store 'nothing-here' does not exist in .*\.flowstudio\/vectors; index documents into it with rag\.store first/,
    );
  });
});
