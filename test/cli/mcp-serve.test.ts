import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { buildCli, repoRoot } from '../helpers/build-cli';

// The independent client. Its v1 build resolves its own package.json against the working
// directory, so it must run from inside its build folder.
const inspectorDir = path.join(repoRoot, 'node_modules/@modelcontextprotocol/inspector-cli/build');
const examples = path.join(repoRoot, 'examples');

function inspector(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['index.js', ...args], { cwd: inspectorDir, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Starts `flowstudio mcp serve --http` and resolves with its URL and token once it listens. */
function startHttpServe(cli: string): Promise<{ child: ChildProcess; url: string; token: string }> {
  const child = spawn(process.execPath, [cli, 'mcp', 'serve', '--flows', examples, '--http', '--port', '0'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const url = /MCP endpoint (\S+)\n/.exec(stderr)?.[1];
      const token = /bearer token (\S+)\n/.exec(stderr)?.[1];
      if (url && token) resolve({ child, url, token });
    });
  });
}

describe('flowstudio mcp serve, checked by independent clients', function () {
  let dir: string;
  let cli: string;

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'flowstudio-serve-cli-'));
    cli = await buildCli(dir);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('serves the example flows over stdio to the SDK client', async () => {
    const client = new Client({ name: 'test', version: '1' });
    await client.connect(
      new StdioClientTransport({ command: process.execPath, args: [cli, 'mcp', 'serve', '--flows', examples], stderr: 'pipe' }),
    );
    try {
      const { tools } = await client.listTools();
      // examples/conformance/ adds the conformance suite's fixtures (test_*), served alongside.
      const names = tools.map((t) => t.name).filter((name) => !name.startsWith('test_'));
      assert.deepEqual(names.sort(), ['chat', 'greet', 'mcp-sum', 'rag', 'rag-index', 'three-sides', 'triage']);
      const result = await client.callTool({ name: 'mcp-sum', arguments: { a: 20, b: 22 } });
      assert.match(JSON.stringify(result.structuredContent), /sum of 20 and 22 is 42/);
    } finally {
      await client.close();
    }
  });

  // Each inspector-cli call is a fresh npx-style process start (several seconds on a busy machine).
  it('lists and calls flow tools over stdio with @modelcontextprotocol/inspector-cli', function () {
    this.timeout(60_000);
    const listed = inspector([process.execPath, cli, 'mcp', 'serve', '--flows', examples, '--method', 'tools/list']);
    assert.equal(listed.status, 0, listed.stderr);
    const names = (JSON.parse(listed.stdout) as { tools: { name: string }[] }).tools.map((t) => t.name);
    assert.ok(names.includes('greet') && names.includes('triage'), names.join(', '));

    const called = inspector([
      process.execPath,
      cli,
      'mcp',
      'serve',
      '--flows',
      examples,
      '--method',
      'tools/call',
      '--tool-name',
      'greet',
      '--tool-arg',
      'person=Ada',
    ]);
    assert.equal(called.status, 0, called.stderr);
    assert.deepEqual((JSON.parse(called.stdout) as { structuredContent: unknown }).structuredContent, { greeting: 'Hello, Ada!' });
  });

  it('lists and calls flow tools over HTTP with @modelcontextprotocol/inspector-cli, token required', async function () {
    this.timeout(60_000);
    const { child, url, token } = await startHttpServe(cli);
    try {
      const auth = ['--header', `Authorization: Bearer ${token}`];
      const listed = inspector([url, '--transport', 'http', ...auth, '--method', 'tools/list']);
      assert.equal(listed.status, 0, listed.stderr);
      assert.ok((JSON.parse(listed.stdout) as { tools: { name: string }[] }).tools.some((t) => t.name === 'three-sides'));

      const called = inspector([
        url,
        '--transport',
        'http',
        ...auth,
        '--method',
        'tools/call',
        '--tool-name',
        'triage',
        '--tool-arg',
        'request=urgent: prod down',
      ]);
      assert.equal(called.status, 0, called.stderr);
      assert.deepEqual((JSON.parse(called.stdout) as { structuredContent: unknown }).structuredContent, {
        reply: 'Escalated to on-call: urgent: prod down',
      });

      const refused = inspector([url, '--transport', 'http', '--method', 'tools/list']);
      assert.notEqual(refused.status, 0);
    } finally {
      child.kill('SIGTERM');
    }
  });
});
