// `flowstudio mcp serve --http --oidc-issuer URL --oidc-audience A` against a real local OIDC provider.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { buildCli, repoRoot } from '../helpers/build-cli';
import { CLIENT, FLOWS_AUDIENCE, signingKeys, startOidcIssuer, type RunningIssuer } from '../engine/mcp/support/oidc-issuer';
import { initializeWith } from '../engine/mcp/support/raw-initialize';

describe('flowstudio mcp serve --oidc-issuer', function () {
  let dir: string;
  let cli: string;
  let issuer: RunningIssuer;
  let serve: ChildProcess | undefined;

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'flowstudio-serve-oidc-'));
    cli = await buildCli(dir);
    issuer = await startOidcIssuer(await signingKeys());
  });
  after(async () => {
    if (serve && serve.exitCode === null) {
      serve.kill('SIGTERM');
      await once(serve, 'exit');
    }
    await issuer.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('accepts JWTs for its audience from the issuer, refuses others, and prints no token', async () => {
    serve = spawn(
      process.execPath,
      [
        cli,
        'mcp',
        'serve',
        '--flows',
        path.join(repoRoot, 'examples'),
        '--http',
        '--port',
        '0',
        '--oidc-issuer',
        issuer.issuer,
        '--oidc-audience',
        FLOWS_AUDIENCE,
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    const url = await new Promise<string>((resolve, reject) => {
      serve!.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
      serve!.stderr!.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        // The client config line is the last one serve prints at start; by then the others are in.
        const found = /MCP endpoint (\S+)\n/.exec(stderr)?.[1];
        if (found && /client config:.*\n/.test(stderr)) resolve(found);
      });
    });
    assert.doesNotMatch(stderr, /bearer token /);
    assert.match(stderr, new RegExp(`accepting JWT access tokens from ${issuer.issuer} for audience ${FLOWS_AUDIENCE}`));

    const client = new Client({ name: 'test', version: '1' });
    const token = await issuer.accessToken(CLIENT);
    await client.connect(
      new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: { Authorization: `Bearer ${token}` } } }),
    );
    try {
      const result = await client.callTool({ name: 'greet', arguments: { person: 'Grace' } });
      assert.deepEqual(result.structuredContent, { greeting: 'Hello, Grace!' });
    } finally {
      await client.close();
    }
    const wrongAudience = await initializeWith(url, await issuer.accessToken(CLIENT, 'urn:some:other-service'));
    assert.equal(wrongAudience.status, 401);
    assert.doesNotMatch(stderr, new RegExp(token.slice(0, 20)));
  });

  it('exits 2 naming the issuer when its discovery document cannot be read', async () => {
    const child = spawn(
      process.execPath,
      [cli, 'mcp', 'serve', '--flows', path.join(repoRoot, 'examples'), '--http', '--port', '0', '--oidc-issuer', 'http://127.0.0.1:9'],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
    const [code] = (await once(child, 'exit')) as [number | null];
    assert.equal(code, 2, stderr);
    assert.match(stderr, /mcp serve: cannot read the OIDC discovery document http:\/\/127\.0\.0\.1:9\/\.well-known\/openid-configuration/);
  });
});
