// The CLI with a server whose config names a pre-registered OAuth client: the client secret is read
// from the environment (as every CLI secret) only when --allow-secret binds it to that server.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { buildCli } from '../helpers/build-cli';
import { startProtectedMcpServer, type ProtectedMcpServer } from '../engine/mcp/support/oauth-protected-server';

describe('flowstudio mcp with a pre-registered OAuth client', function () {
  this.timeout(60_000);
  let dir: string;
  let cli: string;
  let server: ProtectedMcpServer;
  let config: string;

  /** Runs the CLI without a terminal (so it never opens a browser); asynchronous, the server runs in this process. */
  async function cliRun(...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
    const child = spawn(process.execPath, [cli, ...args], {
      cwd: dir,
      env: { ...process.env, FLOWSTUDIO_OAUTH_FILE: path.join(dir, 'oauth.json'), PROTECTED_CLIENT_SECRET: 'from-the-environment' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const [status] = (await once(child, 'close')) as [number | null];
    return { status, stdout, stderr };
  }

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'flowstudio-cli-preregistered-'));
    cli = await buildCli(dir);
    server = await startProtectedMcpServer();
    config = path.join(dir, 'mcp.json');
    writeFileSync(
      config,
      JSON.stringify({
        servers: {
          protected: {
            type: 'http',
            url: server.url,
            oauth: { clientId: 'ci-client', clientSecret: '{{secret:PROTECTED_CLIENT_SECRET}}' },
          },
        },
      }),
    );
  });
  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses the secret without --allow-secret NAME=mcp:SERVER, saying how to allow it (exit 1, no stack trace)', async () => {
    const r = await cliRun('mcp', 'tools', 'protected', '--mcp-config', config);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /its oauth\.clientSecret \{\{secret:PROTECTED_CLIENT_SECRET\}\} is refused/);
    assert.match(r.stderr, /pass --allow-secret PROTECTED_CLIENT_SECRET=mcp:protected/);
    assert.doesNotMatch(r.stderr, /from-the-environment|\n\s+at /);
  });

  it('with the binding, reads the secret and goes on to sign-in, which a script leaves to `mcp login`', async () => {
    const r = await cliRun('mcp', 'tools', 'protected', '--mcp-config', config, '--allow-secret', 'PROTECTED_CLIENT_SECRET=mcp:protected');
    assert.equal(r.status, 1, r.stderr);
    assert.doesNotMatch(r.stderr, /is refused/);
    assert.match(r.stderr, /not signed in to MCP server 'protected'; run `flowstudio mcp login protected`/);
    assert.doesNotMatch(r.stderr, /from-the-environment/);
  });

  it('refuses a config with a literal client secret and names the file', async () => {
    const literal = path.join(dir, 'literal.json');
    writeFileSync(
      literal,
      JSON.stringify({ servers: { leaky: { url: server.url, oauth: { clientId: 'x', clientSecret: 'plain-text' } } } }),
    );
    const r = await cliRun('mcp', 'tools', 'leaky', '--mcp-config', literal);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /literal\.json: server 'leaky': oauth\.clientSecret must be a \{\{secret:NAME\}\} reference/);
    assert.match(r.stderr, /MCP server 'leaky' is not configured/);
    assert.doesNotMatch(r.stderr, /plain-text/);
  });
});
