import { strict as assert } from 'node:assert';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { buildCli, repoRoot } from '../helpers/build-cli';

describe('flowstudio mcp serve over stdio', () => {
  let dir: string;
  let cli: string;
  let child: ChildProcess | undefined;
  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'flowstudio-serve-exit-'));
    cli = await buildCli(dir);
  });
  // A server that never exits must not keep the test run alive.
  afterEach(() => child?.kill());
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('exits 0 when its client closes stdin, although it watches the flows folder', async () => {
    const server = spawn(process.execPath, [cli, 'mcp', 'serve', '--flows', path.join(repoRoot, 'examples')], {
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    child = server;
    let stderr = '';
    server.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // Serving has begun once it names the flows it serves.
    await new Promise<void>((resolve, reject) => {
      server.stderr.on('data', () => stderr.includes('flowstudio: serving') && resolve());
      server.once('exit', (code) => reject(new Error(`exited early with ${code}: ${stderr}`)));
    });
    const exited = new Promise<number | null>((resolve) => server.once('exit', (code) => resolve(code)));
    server.stdin.end();
    assert.equal(await exited, 0, stderr);
  });
});
