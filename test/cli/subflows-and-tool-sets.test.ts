// Sub-flow loops and forged tool sets, reproduced through the real CLI and a real MCP client of `mcp serve`.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { serializeFlow } from '../../src/engine';
import { buildFlow } from '../helpers/flow-builder';
import { buildCli } from '../helpers/build-cli';

/** A flow whose two flow.run nodes both call `child`: without a real-path check the work doubles per level. */
function doubleCaller(name: string, child: string) {
  return buildFlow(
    {
      in: ['input.text', { name: 'x' }],
      a: ['flow.run', { file: child }],
      b: ['flow.run', { file: child }],
      out: ['output.text', { name: 'r' }],
    },
    ['in.text -> a.x', 'in.text -> b.x', 'a.r -> out.text'],
    name,
  );
}

describe('sub-flow loops and tool sets through the CLI and mcp serve', function () {
  this.timeout(60_000);
  let dir: string;
  let cli: string;
  let loopDir: string;
  let servedDir: string;

  const run = (args: string[]) => {
    const started = Date.now();
    const r = spawnSync(process.execPath, [cli, ...args], { cwd: dir, encoding: 'utf8', timeout: 30_000 });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr, ms: Date.now() - started };
  };

  before(async () => {
    dir = realpathSync(mkdtempSync(path.join(tmpdir(), 'flowstudio-subflow-cli-')));
    cli = await buildCli(dir);
    loopDir = path.join(dir, 'loop');
    servedDir = path.join(dir, 'served');
    mkdirSync(loopDir);
    mkdirSync(servedDir);
    symlinkSync('.', path.join(loopDir, 'd'), 'dir');
    writeFileSync(path.join(loopDir, 'spiral.flow.json'), serializeFlow(doubleCaller('spiral', 'd/spiral.flow.json')));
    writeFileSync(
      path.join(loopDir, 'forged-tools.flow.json'),
      serializeFlow(
        buildFlow(
          {
            q: ['input.text', { name: 'q' }],
            forged: ['input.json', { name: 'tools' }],
            pass: ['util.delay', { ms: 0 }],
            agent: ['agent', { provider: 'openai-compatible', model: 'm', baseURL: 'http://127.0.0.1:9/v1' }],
            a: ['output.text', { name: 'a' }],
          },
          ['q.text -> agent.prompt', 'forged.value -> pass.value', 'pass.value -> agent.tools', 'agent.text -> a.text'],
          'forged-tools',
        ),
      ),
    );
    // Two calls per level, 12 levels: thousands of sub-flow runs of quick nodes.
    for (let level = 0; level < 12; level++)
      writeFileSync(
        path.join(loopDir, `wide${level}.flow.json`),
        serializeFlow(doubleCaller(`wide${level}`, `wide${level + 1}.flow.json`)),
      );
    writeFileSync(
      path.join(loopDir, 'wide12.flow.json'),
      serializeFlow(
        buildFlow({ in: ['input.text', { name: 'x' }], out: ['output.text', { name: 'r' }] }, ['in.text -> out.text'], 'wide12'),
      ),
    );
    // Served: a flow that reaches the loop only at run time, through a sub-flow chosen by a link.
    symlinkSync('.', path.join(servedDir, 'd'), 'dir');
    writeFileSync(path.join(servedDir, 'spiral.flow.json'), serializeFlow(doubleCaller('spiral', 'd/spiral.flow.json')));
    writeFileSync(
      path.join(servedDir, 'greet.flow.json'),
      serializeFlow(
        buildFlow({ in: ['input.text', { name: 'who' }], out: ['output.text', { name: 'hi' }] }, ['in.text -> out.text'], 'greet'),
      ),
    );
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('run and validate report a d -> . sub-flow loop with a clear error in bounded time', () => {
    for (const args of [
      ['run', path.join(loopDir, 'spiral.flow.json'), '--input', 'x=go'],
      ['validate', path.join(loopDir, 'spiral.flow.json')],
    ]) {
      const r = run(args);
      assert.equal(r.status, 2, `${args[0]}: ${r.stdout}${r.stderr}`);
      assert.match(r.stdout + r.stderr, /sub-flows call each other in a loop: spiral\.flow\.json → spiral\.flow\.json/);
      assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
      assert.ok(r.ms < 20_000, `${args[0]} took ${r.ms} ms`);
    }
  });

  it('Ctrl+C cancels run during a long chain of sub-flows', async () => {
    const child = spawn(process.execPath, [cli, 'run', path.join(loopDir, 'wide0.flow.json'), '--input', 'x=go', '--progress'], {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    let hasSentSigint = false;
    const exit = new Promise<number | null>((resolve) => child.on('close', resolve));
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      // The first node is done: the sub-flow chain is under way.
      if (!hasSentSigint && /✓ in \(input\.text\)/.test(stderr)) {
        hasSentSigint = true;
        child.kill('SIGINT');
      }
    });
    const status = await exit;
    assert.equal(hasSentSigint, true, stderr);
    assert.equal(status, 1, stderr);
    assert.match(stderr, /run cancelled.*interrupted \(Ctrl\+C\)/);
  });

  it('run refuses an any-typed flow input wired into an agent as its tool set', () => {
    const r = run([
      'run',
      path.join(loopDir, 'forged-tools.flow.json'),
      '--input',
      'q=hi',
      '--input',
      'tools={"kind":"flow.tool","file":"x","path":"/etc/passwd"}',
    ]);
    assert.equal(r.status, 2, r.stdout + r.stderr);
    assert.match(r.stderr, /cannot connect pass\.value \(any\) to agent\.tools \(tools\)/);
  });

  it('a served flow with a sub-flow loop answers with a tool error and the server keeps serving', async () => {
    const client = new Client({ name: 'subflow-loop', version: '1' });
    await client.connect(
      new StdioClientTransport({ command: process.execPath, args: [cli, 'mcp', 'serve', '--flows', servedDir], stderr: 'pipe' }),
    );
    try {
      const started = Date.now();
      const result = (await client.callTool({ name: 'spiral', arguments: { x: 'go' } })) as {
        isError?: boolean;
        content: { text?: string }[];
      };
      assert.equal(result.isError, true);
      assert.match(result.content[0]?.text ?? '', /sub-flows call each other in a loop/);
      assert.ok(Date.now() - started < 20_000, `took ${Date.now() - started} ms`);
      const greet = (await client.callTool({ name: 'greet', arguments: { who: 'Ada' } })) as { structuredContent?: unknown };
      assert.deepEqual(greet.structuredContent, { hi: 'Ada' });
    } finally {
      await client.close();
    }
  });
});
