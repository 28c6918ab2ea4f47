// The RAG examples through the built CLI, one process per command: the index written by one run is
// read by the next (LanceDB files in the workspace), and the native module loads as installed.
import { strict as assert } from 'node:assert';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseFlow, serializeFlow } from '../../src/engine';
import { buildCli, repoRoot } from '../helpers/build-cli';
import { serveEmbeddings } from '../engine/llm/helpers/embedding-server';
import { WireServer } from '../engine/llm/helpers/wire-server';
import { runAsync } from './helpers/run-async';

describe('flowstudio run: RAG examples across processes', function () {
  let dir: string;
  let cli: string;
  let server: WireServer;
  const env = () => ({ ...process.env, OPENAI_API_KEY: 'sk-local-test' });
  /** The examples' key may go to the local server only because the command says so. */
  const allowLocalKey = () => ['--allow-secret', `OPENAI_API_KEY=${server.url}`];

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'flowstudio-rag-cli-'));
    cli = await buildCli(dir);
    server = await WireServer.start();
    serveEmbeddings(server);
    server.on('POST', '/v1/responses', { fixture: 'openai-responses.text.sse' });
    cpSync(path.join(repoRoot, 'examples/docs'), path.join(dir, 'docs'), { recursive: true });
    // The examples as shipped, with every model pointed at the local server.
    for (const name of ['rag-index.flow.json', 'rag.flow.json']) {
      const flow = parseFlow(readFileSync(path.join(repoRoot, 'examples', name), 'utf8'));
      for (const node of flow.nodes) if (node.params && 'provider' in node.params) node.params.baseURL = `${server.url}/v1`;
      writeFileSync(path.join(dir, name), serializeFlow(flow));
    }
  });
  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('indexes in one process and answers with sources in the next', async () => {
    const indexed = await runAsync(process.execPath, [cli, 'run', 'rag-index.flow.json', '--json', ...allowLocalKey()], {
      cwd: dir,
      env: env(),
    });
    assert.equal(indexed.status, 0, indexed.stdout + indexed.stderr);
    const count = (JSON.parse(indexed.stdout) as { outputs: { indexed: number } }).outputs.indexed;
    assert.ok(count >= 3);
    assert.ok(existsSync(path.join(dir, '.flowstudio/vectors/docs.lance')));

    const answered = await runAsync(
      process.execPath,
      [
        cli,
        'run',
        'rag.flow.json',
        '--json',
        ...allowLocalKey(),
        '--input',
        'question=Which folder holds the MCP servers config, and what does mcp.tools do?',
      ],
      { cwd: dir, env: env() },
    );
    assert.equal(answered.status, 0, answered.stdout + answered.stderr);
    const result = JSON.parse(answered.stdout) as { outputs: { answer: string; sources: { source: string }[] } };
    assert.equal(result.outputs.answer, 'Hello from the local server.');
    assert.equal(result.outputs.sources[0]!.source, 'docs/mcp-tools.md');
    assert.equal(answered.stderr, '', 'nothing from LanceDB or the SDK leaks onto stderr');
  });

  it('refuses to run when the key the flow references is not set, naming it', async () => {
    const without = { ...process.env };
    delete without.OPENAI_API_KEY;
    const requestsBefore = server.requests.length;
    const r = await runAsync(process.execPath, [cli, 'run', 'rag.flow.json', '--input', 'question=hi'], { cwd: dir, env: without });
    assert.equal(r.status, 2);
    assert.match(
      r.stderr,
      /rag\.flow\.json:\d+:\d+: error: node 'embed' \(rag\.embed\): params\.apiKey uses \{\{secret:OPENAI_API_KEY\}\}, but secret 'OPENAI_API_KEY' is not set/,
    );
    assert.equal(server.requests.length, requestsBefore, 'nothing was sent to a provider for the refused run');
  });
});
