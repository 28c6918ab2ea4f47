// `flowstudio mcp serve` as users start it: where the token comes from and which tokens it refuses,
// and that stopping it with a signal also stops the MCP servers its flows started (stdio and HTTP).
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { serializeFlow } from '../../src/engine';
import { buildCli, repoRoot } from '../helpers/build-cli';
import { buildFlow } from '../helpers/flow-builder';
import { initializeWith } from '../engine/mcp/support/raw-initialize';

const hostileFlows = path.join(repoRoot, 'test/fixtures/mcp-hostile');
const GOOD_TOKEN = 'a-token-from-a-file-0123456789';

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Waits (bounded) for a process to be gone; the SDK gives a child 2 s to leave, then SIGTERM, then SIGKILL. */
async function gone(pid: number, timeoutMs = 10_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isRunning(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}

describe('flowstudio mcp serve: tokens and shutdown', function () {
  this.timeout(60_000);
  let dir: string;
  let cli: string;
  const started: ChildProcess[] = [];
  const orphans: number[] = [];

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'flowstudio-serve-limits-'));
    cli = await buildCli(dir);
  });
  after(() => {
    for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    // A failed shutdown test must not leave its lingering server behind either.
    for (const pid of orphans) if (isRunning(pid)) process.kill(pid, 'SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  /** Starts `mcp serve --http` and resolves with its URL, or with its exit code and stderr if it ends first. */
  function serveHttp(
    args: string[],
    env: NodeJS.ProcessEnv = {},
  ): Promise<{ url?: string; code?: number | null; stderr: string; child: ChildProcess }> {
    const child = spawn(process.execPath, [cli, 'mcp', 'serve', '--http', '--port', '0', ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    started.push(child);
    let stderr = '';
    return new Promise((resolve) => {
      child.once('exit', (code) => resolve({ code, stderr, child }));
      child.stderr!.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        const url = /MCP endpoint (\S+)\n/.exec(stderr)?.[1];
        if (url && /client config:.*\n/.test(stderr)) resolve({ url, stderr, child });
      });
    });
  }

  it('refuses an empty, blank or short token at start with exit 2 and says why', async () => {
    const flows = path.join(repoRoot, 'examples');
    const empty = await serveHttp(['--flows', flows, '--token', '']);
    assert.equal(empty.code, 2);
    assert.match(empty.stderr, /mcp serve: --token: the bearer token is empty; pass a random token of at least 16 characters/);
    const short = await serveHttp(['--flows', flows, '--token', 'abc123']);
    assert.equal(short.code, 2);
    assert.match(short.stderr, /mcp serve: --token: the bearer token has 6 characters; it needs at least 16/);
    const blank = await serveHttp(['--flows', flows], { FLOWSTUDIO_TOKEN: '   ' });
    assert.equal(blank.code, 2);
    assert.match(blank.stderr, /mcp serve: FLOWSTUDIO_TOKEN: the bearer token is empty/);
    const emptyFile = path.join(dir, 'empty-token');
    writeFileSync(emptyFile, '\n', { mode: 0o600 });
    const fromEmptyFile = await serveHttp(['--flows', flows, '--token-file', emptyFile]);
    assert.equal(fromEmptyFile.code, 2);
    assert.match(fromEmptyFile.stderr, /--token-file .*empty-token: the bearer token is empty/);
    for (const refused of [empty, short, blank, fromEmptyFile]) assert.doesNotMatch(refused.stderr, /MCP endpoint| {4}at /);
  });

  it('takes the token from --token-file or FLOWSTUDIO_TOKEN, out of the process list, and never prints it', async () => {
    const file = path.join(dir, 'token');
    writeFileSync(file, `${GOOD_TOKEN}\n`);
    chmodSync(file, 0o600);
    for (const [args, env] of [
      [['--token-file', file], {}],
      [[], { FLOWSTUDIO_TOKEN: GOOD_TOKEN }],
    ] as const) {
      const serve = await serveHttp(['--flows', path.join(repoRoot, 'examples'), ...args], env);
      assert.ok(serve.url, serve.stderr);
      assert.equal((await initializeWith(serve.url, GOOD_TOKEN)).status, 200);
      assert.equal((await initializeWith(serve.url, `${GOOD_TOKEN}x`)).status, 401);
      assert.doesNotMatch(serve.stderr, new RegExp(GOOD_TOKEN));
      serve.child.kill('SIGTERM');
      const [code] = (await once(serve.child, 'exit')) as [number | null];
      assert.equal(code, 0);
    }
  });

  it('removes FLOWSTUDIO_TOKEN from its environment, so a served flow cannot read it with {{env:}}', async () => {
    const flows = path.join(dir, 'leaky-flows');
    mkdirSync(flows, { recursive: true });
    writeFileSync(
      path.join(flows, 'leak.flow.json'),
      serializeFlow(
        buildFlow(
          { t: ['text.template', { template: 'token: {{env:FLOWSTUDIO_TOKEN}}' }], out: ['output.text', { name: 'said' }] },
          ['t.text -> out.text'],
          'leak',
        ),
      ),
    );
    const serve = await serveHttp(['--flows', flows], { FLOWSTUDIO_TOKEN: GOOD_TOKEN });
    assert.ok(serve.url, serve.stderr);
    const client = new Client({ name: 'test', version: '1' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(serve.url), { requestInit: { headers: { Authorization: `Bearer ${GOOD_TOKEN}` } } }),
    );
    try {
      const result = await client.callTool({ name: 'leak', arguments: {} });
      assert.equal(result.isError, true);
      assert.doesNotMatch(JSON.stringify(result), new RegExp(GOOD_TOKEN));
      assert.match(JSON.stringify(result.content), /environment variable 'FLOWSTUDIO_TOKEN' is not set/);
    } finally {
      await client.close();
      serve.child.kill('SIGTERM');
      await once(serve.child, 'exit');
    }
  });

  it('caps sessions at --max-sessions against a flood of a few hundred initializations', async () => {
    const serve = await serveHttp([
      '--flows',
      path.join(repoRoot, 'examples'),
      '--token',
      GOOD_TOKEN,
      '--max-sessions',
      '3',
      '--rate',
      '100000',
    ]);
    assert.ok(serve.url, serve.stderr);
    const statuses = new Map<number, number>();
    for (let batch = 0; batch < 10; batch++) {
      const replies = await Promise.all(Array.from({ length: 25 }, () => initializeWith(serve.url!, GOOD_TOKEN)));
      for (const reply of replies) statuses.set(reply.status, (statuses.get(reply.status) ?? 0) + 1);
    }
    assert.deepEqual([...statuses].sort(), [
      [200, 3],
      [503, 247],
    ]);
    serve.child.kill('SIGTERM');
    await once(serve.child, 'exit');
  });

  it('refuses bad limits and a plain-http issuer elsewhere as usage errors (exit 2)', async () => {
    const flows = path.join(repoRoot, 'examples');
    for (const [args, message] of [
      [['--max-sessions', '0'], /--max-sessions must be 1 or more/],
      [['--session-idle', 'soon'], /--session-idle must be a whole number, got 'soon'/],
      [['--rate=-5'], /--rate must be a whole number, got '-5'/],
      [['--token', GOOD_TOKEN, '--token-file', '/nonexistent'], /pass --token or --token-file, not both/],
      [['--token-file', path.join(dir, 'missing')], /cannot read --token-file .*missing: ENOENT/],
      [['--oidc-issuer', 'http://id.example.com'], /--oidc-issuer must be an https URL \(http only for 127\.0\.0\.1, ::1 or localhost\)/],
    ] as const) {
      const refused = await serveHttp(['--flows', flows, ...args]);
      assert.equal(refused.code, 2, `${args.join(' ')}: ${refused.stderr}`);
      assert.match(refused.stderr, message);
      assert.doesNotMatch(refused.stderr, / {4}at /);
    }
  });

  it('stops the MCP servers its flows started when it gets SIGTERM over HTTP', async () => {
    const serve = await serveHttp(['--flows', hostileFlows, '--token', GOOD_TOKEN], { HOSTILE_LINGER: '1' });
    assert.ok(serve.url, serve.stderr);
    const client = new Client({ name: 'test', version: '1' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(serve.url), { requestInit: { headers: { Authorization: `Bearer ${GOOD_TOKEN}` } } }),
    );
    const result = await client.callTool({ name: 'server_pid', arguments: {} });
    const childPid = Number((result.structuredContent as { pid: string }).pid);
    orphans.push(childPid);
    assert.ok(isRunning(childPid));
    await client.close();
    serve.child.kill('SIGTERM');
    await once(serve.child, 'exit');
    assert.ok(await gone(childPid), `the flow's MCP server (pid ${childPid}) outlived mcp serve`);
  });

  it('stops the MCP servers its flows started when it gets SIGTERM over stdio', async () => {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [cli, 'mcp', 'serve', '--flows', hostileFlows],
      env: { ...process.env, HOSTILE_LINGER: '1' } as Record<string, string>,
      stderr: 'ignore',
    });
    const client = new Client({ name: 'test', version: '1' });
    await client.connect(transport);
    try {
      const servePid = transport.pid!;
      const result = await client.callTool({ name: 'server_pid', arguments: {} });
      const childPid = Number((result.structuredContent as { pid: string }).pid);
      orphans.push(childPid);
      assert.ok(isRunning(childPid));
      process.kill(servePid, 'SIGTERM');
      assert.ok(await gone(servePid), 'mcp serve did not exit on SIGTERM');
      assert.ok(await gone(childPid), `the flow's MCP server (pid ${childPid}) outlived mcp serve`);
    } finally {
      await client.close().catch(() => undefined);
    }
  });
});
