// `flowstudio run` of the chat example in a terminal: the reply streams token by token and is not
// printed a second time at the end.
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseFlow, serializeFlow } from '../../src/engine';
import { buildCli, repoRoot } from '../helpers/build-cli';
import { WireServer } from '../engine/llm/helpers/wire-server';
import { runAsync } from './helpers/run-async';

describe('flowstudio run: the chat example in a terminal', function () {
  let dir: string;
  let cli: string;
  let server: WireServer;

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'flowstudio-chat-cli-'));
    cli = await buildCli(dir);
    server = await WireServer.start();
    server.on('POST', '/v1/responses', { fixture: 'openai-responses.text.sse' });
    const flow = parseFlow(readFileSync(path.join(repoRoot, 'examples/chat.flow.json'), 'utf8'));
    flow.nodes.find((n) => n.id === 'model')!.params!.baseURL = `${server.url}/v1`;
    writeFileSync(path.join(dir, 'chat.flow.json'), serializeFlow(flow));
  });
  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('streams the reply once', async () => {
    const command = [
      'env',
      'OPENAI_API_KEY=sk-local-test',
      process.execPath,
      cli,
      'run',
      'chat.flow.json',
      '--input',
      'message=Hi',
      '--allow-secret',
      `OPENAI_API_KEY=${server.url}`,
    ]
      .map((a) => `'${a}'`)
      .join(' ');
    // `script` gives the CLI a real pty, so it streams as it does for a user.
    const r = await runAsync('script', ['-qfec', command, '/dev/null'], { cwd: dir });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.equal(r.stdout.split('Hello from the local server.').length - 1, 1, r.stdout);
    assert.match(r.stdout, /· model \(llm\.chat\) openai\/gpt-4o-mini: 12 tokens in, 5 out, \d+ ms/);
  });
});
