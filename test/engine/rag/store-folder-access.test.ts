// rag.store and rag.retrieve keep their vector data inside the run's allowed roots: a `folder` param
// that climbs out with `..`, or goes through a link placed in the workspace, fails naming the rule,
// and nothing is written outside. A folder under --allow-root (files.roots) is accepted.
import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { commandLinePolicy, runFlow, type SecretBindingPolicy } from '../../../src/engine';
import { buildFlow, collect } from '../../helpers/flow-builder';
import { serveEmbeddings } from '../llm/helpers/embedding-server';
import { WireServer } from '../llm/helpers/wire-server';

describe('rag.store and rag.retrieve folders under the file access policy', function () {
  this.timeout(60_000);
  let dir: string;
  let flowDir: string;
  let outside: string;
  let server: WireServer;
  let secretPolicy: SecretBindingPolicy;

  const embedder = (): [string, Record<string, unknown>] => [
    'rag.embed',
    { provider: 'openai', model: 'text-embedding-3-small', apiKey: '{{secret:KEY}}', baseURL: `${server.url}/v1` },
  ];
  const storeFlow = (folder: string) =>
    buildFlow(
      {
        load: ['rag.load', { folder: 'docs' }],
        embed: embedder(),
        store: ['rag.store', { store: 'notes', folder }],
        out: ['output.json', { name: 'count' }],
      },
      ['load.documents -> embed.documents', 'embed.documents -> store.documents', 'store.count -> out.value'],
    );
  const retrieveFlow = (folder: string) =>
    buildFlow(
      {
        q: ['input.text', { name: 'q' }],
        embed: embedder(),
        find: ['rag.retrieve', { store: 'notes', folder }],
        out: ['output.json', { name: 'matches' }],
      },
      ['q.text -> embed.text', 'embed.embedding -> find.query', 'find.matches -> out.value'],
    );
  const run = (flow: ReturnType<typeof buildFlow>, inputs: Record<string, unknown>, roots: string[] = []) =>
    collect(
      runFlow(flow, { inputs, env: { KEY: 'sk-local-test' }, secretPolicy, file: path.join(flowDir, 'x.flow.json'), files: { roots } }),
    );

  before(async () => {
    server = await WireServer.start();
    secretPolicy = commandLinePolicy([{ name: 'KEY', destination: server.url }]);
  });
  after(() => server.close());

  beforeEach(() => {
    dir = realpathSync(mkdtempSync(path.join(tmpdir(), 'flowstudio-rag-folder-')));
    flowDir = path.join(dir, 'project');
    outside = path.join(dir, 'elsewhere');
    mkdirSync(flowDir);
    mkdirSync(outside);
    symlinkSync(outside, path.join(flowDir, 'linked'));
    mkdirSync(path.join(flowDir, 'docs'));
    writeFileSync(path.join(flowDir, 'docs', 'alpha.md'), '# alpha\nthe first letter\n');
    server.reset();
    serveEmbeddings(server);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  for (const folder of ['../elsewhere/vectors', 'linked/vectors', 'linked']) {
    it(`rag.store refuses folder '${folder}', which leads out of the roots, and writes nothing there`, async () => {
      const { result } = await run(storeFlow(folder), {});
      assert.equal(result.status, 'error');
      assert.equal(result.error?.nodeId, 'store');
      assert.match(result.error?.message ?? '', new RegExp(`vector store folder '${folder}' is outside the folders this flow may use`));
      assert.deepEqual(readdirSync(outside), []);
    });
  }

  it('rag.retrieve refuses a folder reached through a link', async () => {
    const { result } = await run(retrieveFlow('linked'), { q: 'alpha' });
    assert.equal(result.status, 'error');
    assert.match(result.error?.message ?? '', /vector store folder 'linked' is outside the folders this flow may use/);
  });

  it('stores and retrieves in a folder of an allowed root, and in the default folder', async () => {
    const stored = await run(storeFlow(path.join(outside, 'vectors')), {}, [outside]);
    assert.equal(stored.result.status, 'ok', stored.result.error?.message);
    assert.equal(stored.result.outputs.count, 1);
    assert.ok(existsSync(path.join(outside, 'vectors', 'notes.lance')));
    const found = await run(retrieveFlow(path.join(outside, 'vectors')), { q: 'alpha' }, [outside]);
    assert.equal(found.result.status, 'ok', found.result.error?.message);
    assert.deepEqual(
      (found.result.outputs.matches as { id: string }[]).map((m) => m.id),
      ['docs/alpha.md'],
    );
    const local = await run(storeFlow('.flowstudio/vectors'), {});
    assert.equal(local.result.status, 'ok', local.result.error?.message);
    assert.ok(existsSync(path.join(flowDir, '.flowstudio', 'vectors', 'notes.lance')));
  });
});
