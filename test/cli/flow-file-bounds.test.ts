// A flow file that is a pipe, a device or far too large ends `validate`, `run` and `mcp serve --flows`
// within seconds with a message naming the file: it is refused from fstat, before any read that would
// block on a writer or fill memory.
import { strict as assert } from 'node:assert';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { serializeFlow } from '../../src/engine';
import { buildCli } from '../helpers/build-cli';
import { buildFlow } from '../helpers/flow-builder';

/** Far beyond the 10 MB parse limit; sparse, so it costs no disk. */
const HUGE_BYTES = 5 * 1024 * 1024 * 1024;

describe('flow files that are pipes, devices or too large', function () {
  let dir: string;
  let cli: string;
  const files = () => ({
    fifo: path.join(dir, 'bad', 'pipe.flow.json'),
    device: path.join(dir, 'bad', 'zero.flow.json'),
    huge: path.join(dir, 'bad', 'huge.flow.json'),
  });
  /** The CLI, killed after 15 s: the old code blocked on the pipe and read /dev/zero until memory ran out. */
  const cliRun = (args: string[]) => {
    const started = Date.now();
    const r = spawnSync(process.execPath, [cli, ...args], { cwd: dir, encoding: 'utf8', timeout: 15_000, input: '' });
    return { status: r.status, stderr: r.stderr, stdout: r.stdout, ms: Date.now() - started, signal: r.signal };
  };

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'flowstudio-flow-bounds-'));
    cli = await buildCli(dir);
    mkdirSync(path.join(dir, 'bad'));
    const { fifo, device, huge } = files();
    execFileSync('mkfifo', [fifo]);
    symlinkSync('/dev/zero', device);
    writeFileSync(huge, '');
    truncateSync(huge, HUGE_BYTES);
    writeFileSync(
      path.join(dir, 'bad', 'good.flow.json'),
      serializeFlow(buildFlow({ in: ['input.text', { name: 'x' }], out: ['output.text', { name: 'y' }] }, ['in.text -> out.text'], 'good')),
    );
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const [kind, expected] of [
    ['fifo', /pipe\.flow\.json: is not a regular file \(pipes, sockets and devices are refused\)/],
    ['device', /zero\.flow\.json: is not a regular file \(pipes, sockets and devices are refused\)/],
    ['huge', /huge\.flow\.json: the flow file is larger than the limit of 10 MB/],
  ] as const) {
    for (const command of ['validate', 'run'] as const) {
      it(`${command} refuses the ${kind} at once with exit 2 and the file's name`, () => {
        const r = cliRun([command, files()[kind]]);
        assert.equal(r.signal, null, `killed after ${r.ms} ms: it blocked or read without bound`);
        assert.equal(r.status, 2, r.stderr);
        // validate lists problems on stdout, run on stderr.
        const printed = r.stdout + r.stderr;
        assert.match(printed, expected);
        assert.doesNotMatch(printed, /\n\s+at /, 'no stack trace');
      });
    }
  }

  it('mcp serve --flows skips them without blocking, naming each, and serves the rest', async () => {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [cli, 'mcp', 'serve', '--flows', path.join(dir, 'bad')],
      stderr: 'pipe',
      cwd: dir,
    });
    let stderr = '';
    transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const client = new Client({ name: 'bounds-test', version: '1' });
    await client.connect(transport);
    try {
      const { tools } = await client.listTools();
      assert.deepEqual(
        tools.map((t) => t.name),
        ['good'],
      );
      assert.match(stderr, /skipping .*pipe\.flow\.json: is not a regular file/);
      assert.match(stderr, /skipping .*zero\.flow\.json: is not a regular file/);
      assert.match(stderr, /skipping .*huge\.flow\.json: the flow file is larger than the limit of 10 MB/);
    } finally {
      await client.close();
    }
  });
});
