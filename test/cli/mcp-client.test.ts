// The CLI over real MCP servers: run and validate find .vscode/mcp.json next to the flow.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { buildCli } from '../helpers/build-cli';
import { mcpFixtures } from '../engine/mcp/support/mcp-servers';
import { startProtectedMcpServer, type ProtectedMcpServer } from '../engine/mcp/support/oauth-protected-server';

describe('flowstudio CLI with real MCP servers', function () {
  let dir: string;
  let cli: string;
  const cliRun = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { cwd: dir, encoding: 'utf8', timeout: 60_000 });

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'flowstudio-cli-mcp-'));
    cli = await buildCli(dir);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('runs a flow calling server-everything and prints its output', () => {
    const r = cliRun('run', path.join(mcpFixtures, 'everything-sum.flow.json'), '--input', 'a=5', '--input', 'b=6', '--json');
    assert.equal(r.status, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).outputs.answer, 'Echo: The sum of 5 and 6 is 11.');
  });

  it('validate places a bad argument and an unknown tool at file:line:col and exits 2', () => {
    const r = cliRun(
      'validate',
      '--connect',
      path.join(mcpFixtures, 'bad-arguments.flow.json'),
      path.join(mcpFixtures, 'unknown-tool.flow.json'),
    );
    assert.equal(r.status, 2, r.stdout + r.stderr);
    const output = r.stdout + r.stderr;
    assert.match(output, /bad-arguments\.flow\.json:\d+:\d+: .*argument 'a' does not fit the tool's schema/);
    assert.match(output, /unknown-tool\.flow\.json:\d+:\d+: .*has no tool 'get-summ' \(did you mean 'get-sum'\?\)/);
  });

  it('run refuses a flow with a bad argument before starting it (exit 2)', () => {
    const r = cliRun('run', path.join(mcpFixtures, 'bad-arguments.flow.json'));
    assert.equal(r.status, 2, r.stdout + r.stderr);
    assert.match(r.stderr, /argument 'a' does not fit/);
  });

  it('mcp tools and mcp call talk to a configured server', () => {
    const config = path.join(mcpFixtures, '.vscode/mcp.json');
    const listed = cliRun('mcp', 'tools', 'everything', '--mcp-config', config);
    assert.equal(listed.status, 0, listed.stderr);
    assert.match(listed.stdout, /^get-sum\tReturns the sum of two numbers$/m);
    const called = cliRun('mcp', 'call', 'everything', 'get-sum', '--args', '{"a":2,"b":2}', '--mcp-config', config);
    assert.equal(called.status, 0, called.stderr);
    assert.equal(called.stdout.trim(), 'The sum of 2 and 2 is 4.');
  });
});

describe('flowstudio mcp login against an OAuth-protected server', function () {
  let dir: string;
  let cli: string;
  let server: ProtectedMcpServer;
  const config = path.join(mcpFixtures, '.vscode/mcp.json');
  let env: NodeJS.ProcessEnv;

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'flowstudio-cli-oauth-'));
    cli = await buildCli(dir);
    server = await startProtectedMcpServer();
    // An empty PATH: no browser opener is found, so the CLI only prints the page, which the test visits.
    env = {
      FLOWSTUDIO_TEST_PROTECTED_URL: server.url,
      FLOWSTUDIO_OAUTH_FILE: path.join(dir, 'oauth.json'),
      FLOWSTUDIO_OAUTH_PORT: String(await freePort()),
      PATH: dir,
    };
  });
  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  // Asynchronous: the protected server runs in this process and must keep answering meanwhile.
  async function cliRun(...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
    const child = spawn(process.execPath, [cli, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
    const [status] = (await once(child, 'close')) as [number | null];
    return { status, stdout, stderr };
  }

  it('refuses to call before login, saying how to sign in', async () => {
    const r = await cliRun('mcp', 'call', 'protected', 'whoami', '--mcp-config', config);
    assert.equal(r.status, 1);
    assert.doesNotMatch(r.stderr, /unexpected error| {4}at /);
    assert.match(r.stderr, /not signed in to MCP server 'protected'; run `flowstudio mcp login protected`/);
  });

  it('signs in through the browser redirect to its loopback port, calls with the stored token, and signs out', async () => {
    const login = spawn(process.execPath, [cli, 'mcp', 'login', 'protected', '--mcp-config', config], {
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    const page = await new Promise<string>((resolve, reject) => {
      login.once('exit', (code) => reject(new Error(`login exited with ${code}: ${stderr}`)));
      login.stderr!.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        const url = /in your browser:\n\s+(\S+)\n/.exec(stderr)?.[1];
        if (url) resolve(url);
      });
    });
    const approval = await fetch(page, { redirect: 'manual' });
    const callback = approval.headers.get('location');
    assert.ok(callback && callback.startsWith(`http://127.0.0.1:${env.FLOWSTUDIO_OAUTH_PORT}/oauth/callback?code=`), String(callback));
    const landing = await fetch(callback);
    assert.match(await landing.text(), /sign-in received/);
    const [code] = (await once(login, 'exit')) as [number | null];
    assert.equal(code, 0, stderr);
    assert.doesNotMatch(stderr, /access_token|Bearer/);

    const call = await cliRun('mcp', 'call', 'protected', 'whoami', '--mcp-config', config);
    assert.equal(call.status, 0, call.stderr);
    assert.match(call.stdout, /^client [0-9a-f-]{36}$/m);

    const logout = await cliRun('mcp', 'logout', 'protected', '--mcp-config', config);
    assert.equal(logout.status, 0, logout.stderr);
    assert.match(logout.stderr, /signed out of 'protected'/);
    const after = await cliRun('mcp', 'call', 'protected', 'whoami', '--mcp-config', config);
    assert.equal(after.status, 1);
    assert.match(after.stderr, /not signed in to MCP server 'protected'/);
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}
