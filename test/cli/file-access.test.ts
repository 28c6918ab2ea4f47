// Attacks on files through flows, reproduced through the real CLI and a real MCP client of `mcp serve`.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { serializeFlow } from '../../src/engine';
import { buildFlow } from '../helpers/flow-builder';
import { buildCli } from '../helpers/build-cli';

const SECRET_ENV = 'FLOWSTUDIO_FILE_TEST_SECRET';
const SECRET_VALUE = 'env-secret-7c1f9a';

interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

describe('file access through the CLI and mcp serve', function () {
  this.timeout(60_000);
  let dir: string;
  let cli: string;
  let flows: string;
  let outside: string;

  const write = (file: string, flow: ReturnType<typeof buildFlow>) => writeFileSync(path.join(flows, file), serializeFlow(flow));

  function run(args: string[]): CliResult {
    const started = Date.now();
    const r = spawnSync(process.execPath, [cli, ...args], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 30_000,
      env: { ...process.env, [SECRET_ENV]: SECRET_VALUE },
    });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr, ms: Date.now() - started };
  }

  function readRun(docPath: string, extra: string[] = []): CliResult & { error: string } {
    const r = run(['run', path.join(flows, 'read.flow.json'), '--input', `doc=${docPath}`, '--json', ...extra]);
    const parsed = JSON.parse(r.stdout) as { status: string; error?: { message: string } };
    return { ...r, error: parsed.error?.message ?? '' };
  }

  before(async () => {
    dir = realpathSync(mkdtempSync(path.join(tmpdir(), 'flowstudio-file-cli-')));
    cli = await buildCli(dir);
    flows = path.join(dir, 'flows');
    outside = path.join(dir, 'outside');
    mkdirSync(path.join(flows, 'docs'), { recursive: true });
    mkdirSync(outside);
    writeFileSync(path.join(flows, 'docs', 'notes.md'), 'the notes');
    writeFileSync(path.join(outside, 'private.txt'), 'outside-private-content');
    writeFileSync(path.join(flows, 'big.txt'), Buffer.alloc(11 * 1024 * 1024, 'a'));
    symlinkSync(outside, path.join(flows, 'escape'), 'dir');
    execFileSync('mkfifo', [path.join(flows, 'pipe.txt')]);
    write(
      'read.flow.json',
      buildFlow({ in: ['input.file', { name: 'doc' }], out: ['output.text', { name: 'text' }] }, ['in.text -> out.text'], 'read'),
    );
    write(
      'read-md.flow.json',
      buildFlow(
        { in: ['input.file', { name: 'doc', accept: '.md' }], out: ['output.text', { name: 'text' }] },
        ['in.text -> out.text'],
        'read-md',
      ),
    );
    const writer = (name: string, target: string) =>
      write(
        `${name}.flow.json`,
        buildFlow(
          { in: ['input.text', { name: 'content' }], out: ['output.file', { name: 'saved', path: target }] },
          ['in.text -> out.text'],
          name,
        ),
      );
    writer('write-self', 'write-self.flow.json');
    writer('write-escape', 'escape/planted.txt');
    writer('write-link', 'link.txt');
    writer('write-ok', 'results/ok.txt');
    symlinkSync(path.join(outside, 'private.txt'), path.join(flows, 'link.txt'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('reads a file in the flow folder', () => {
    const r = readRun('docs/notes.md');
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual((JSON.parse(r.stdout) as { outputs: unknown }).outputs, { text: 'the notes' });
  });

  it('refuses ../ traversal and absolute /etc/passwd with the rule, never the content', () => {
    for (const attack of ['../../../../../../../../etc/passwd', '/etc/passwd']) {
      const r = readRun(attack);
      assert.equal(r.status, 1, r.stderr);
      assert.match(r.error, /outside the folders this flow may use/);
      assert.doesNotMatch(r.stdout + r.stderr, /root:/);
    }
  });

  it('refuses /proc/self/environ, so the process environment does not come back', () => {
    const r = readRun('/proc/self/environ', ['--allow-root', '/']);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.error, /system file/);
    assert.ok(!(r.stdout + r.stderr).includes(SECRET_VALUE));
  });

  it('refuses a file reached through a symlinked folder that points out', () => {
    const r = readRun('escape/private.txt');
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.error, /outside the folders/);
    assert.ok(!r.stdout.includes('outside-private-content'));
  });

  it('reads that file once its folder is allowed with --allow-root', () => {
    const r = readRun('escape/private.txt', ['--allow-root', outside]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /outside-private-content/);
  });

  it('refuses a FIFO without blocking, and /dev/zero fast', () => {
    const fifo = readRun('pipe.txt');
    assert.equal(fifo.status, 1, fifo.stderr);
    assert.match(fifo.error, /not a regular file/);
    assert.ok(fifo.ms < 20_000, `took ${fifo.ms} ms`);
    const zero = readRun('/dev/zero', ['--allow-root', '/']);
    assert.equal(zero.status, 1, zero.stderr);
    assert.match(zero.error, /system file/);
    assert.ok(zero.ms < 20_000, `took ${zero.ms} ms`);
  });

  it('refuses a file over the 10 MB cap', () => {
    const r = readRun('big.txt');
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.error, /larger than the limit of 10 MB/);
  });

  it('checks accept on the real file, not a suffix of the path given', () => {
    const r = run(['run', path.join(flows, 'read-md.flow.json'), '--input', 'doc=docs/notes.md/..', '--json']);
    assert.equal(r.status, 1, r.stdout);
    assert.match(r.stdout, /is not one of \.md/);
  });

  it('output.file never overwrites a flow file, never writes through a linked folder or a link', () => {
    const before = readFileSync(path.join(flows, 'write-self.flow.json'), 'utf8');
    const self = run(['run', path.join(flows, 'write-self.flow.json'), '--input', 'content=pwned', '--json']);
    assert.equal(self.status, 1, self.stdout);
    assert.match(self.stdout, /flow or flow-test file/);
    assert.equal(readFileSync(path.join(flows, 'write-self.flow.json'), 'utf8'), before);

    const escape = run(['run', path.join(flows, 'write-escape.flow.json'), '--input', 'content=pwned', '--json']);
    assert.equal(escape.status, 1, escape.stdout);
    assert.match(escape.stdout, /outside the folders/);
    assert.equal(existsSync(path.join(outside, 'planted.txt')), false);

    const link = run(['run', path.join(flows, 'write-link.flow.json'), '--input', 'content=pwned', '--json']);
    assert.equal(link.status, 1, link.stdout);
    assert.match(link.stdout, /symbolic link/);
    assert.equal(readFileSync(path.join(outside, 'private.txt'), 'utf8'), 'outside-private-content');

    const ok = run(['run', path.join(flows, 'write-ok.flow.json'), '--input', 'content=fine', '--json']);
    assert.equal(ok.status, 0, ok.stdout + ok.stderr);
    assert.equal(readFileSync(path.join(flows, 'results', 'ok.txt'), 'utf8'), 'fine');
  });

  describe('served with mcp serve to an MCP client', () => {
    let client: Client;

    before(async () => {
      client = new Client({ name: 'file-attacks', version: '1' });
      await client.connect(
        new StdioClientTransport({
          command: process.execPath,
          args: [cli, 'mcp', 'serve', '--flows', flows],
          env: { ...(process.env as Record<string, string>), [SECRET_ENV]: SECRET_VALUE },
          stderr: 'pipe',
        }),
      );
    });
    after(() => client.close());

    async function call(doc: string): Promise<{ isError: boolean; text: string }> {
      const result = (await client.callTool({ name: 'read', arguments: { doc } })) as {
        isError?: boolean;
        content: { type: string; text?: string }[];
      };
      return { isError: result.isError === true, text: result.content.map((c) => c.text ?? '').join('\n') };
    }

    it('answers every traversal with a tool error naming the rule, and no file content', async () => {
      for (const attack of ['../../../../../../../../etc/passwd', '/etc/passwd', 'escape/private.txt', '/proc/self/environ']) {
        const result = await call(attack);
        assert.equal(result.isError, true, `${attack}: ${result.text}`);
        assert.match(result.text, /outside the folders this flow may use|system file/);
        assert.doesNotMatch(result.text, /root:|outside-private-content/);
        assert.ok(!result.text.includes(SECRET_VALUE));
      }
    });

    it('refuses a FIFO, /dev/zero and a too-big file promptly, and later reads still work', async () => {
      const started = Date.now();
      const fifo = await call('pipe.txt');
      assert.equal(fifo.isError, true);
      assert.match(fifo.text, /not a regular file/);
      const zero = await call('/dev/zero');
      assert.equal(zero.isError, true);
      assert.ok(Date.now() - started < 10_000, `took ${Date.now() - started} ms`);
      const big = await call('big.txt');
      assert.equal(big.isError, true);
      assert.match(big.text, /larger than the limit of 10 MB/);
      const fine = await call('docs/notes.md');
      assert.equal(fine.isError, false, fine.text);
      assert.equal(fine.text, 'the notes');
    });

    it('does not let a served flow overwrite its own flow file', async () => {
      const before = readFileSync(path.join(flows, 'write-self.flow.json'), 'utf8');
      const result = (await client.callTool({ name: 'write-self', arguments: { content: '{"version":1}' } })) as { isError?: boolean };
      assert.equal(result.isError, true);
      assert.equal(readFileSync(path.join(flows, 'write-self.flow.json'), 'utf8'), before);
    });
  });
});
