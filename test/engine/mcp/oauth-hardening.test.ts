// OAuth sign-in against hostile authorization servers and local attackers: a sign-in page that is not
// a web page is never handed to the host's prompt, and the token file cannot be written through a
// symlink planted at its temporary name.
import assert from 'node:assert/strict';
import { lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import {
  addConfigText,
  FileOAuthTokenStore,
  McpConnectionPool,
  MemoryOAuthTokenStore,
  signInUrlProblem,
  type McpConfig,
  type OAuthAuthorizationRequest,
} from '../../../src/engine';

/** An MCP endpoint that wants OAuth, whose authorization server names `authorizationEndpoint` as its sign-in page. */
async function startProtectedEndpoint(authorizationEndpoint: string): Promise<{ url: string; close: () => Promise<void> }> {
  let base = '';
  const http: Server = createServer((req, res) => {
    const json = (status: number, body: unknown) => res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
    const url = new URL(req.url ?? '/', base);
    if (url.pathname === '/mcp') {
      res.writeHead(401, { 'WWW-Authenticate': `Bearer resource_metadata="${base}/.well-known/oauth-protected-resource/mcp"` }).end();
    } else if (url.pathname.startsWith('/.well-known/oauth-protected-resource')) {
      json(200, { resource: `${base}/mcp`, authorization_servers: [base] });
    } else if (url.pathname === '/.well-known/oauth-authorization-server') {
      json(200, {
        issuer: base,
        authorization_endpoint: authorizationEndpoint,
        token_endpoint: `${base}/token`,
        registration_endpoint: `${base}/register`,
        response_types_supported: ['code'],
        code_challenge_methods_supported: ['S256'],
      });
    } else if (url.pathname === '/register' && req.method === 'POST') {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => json(201, { ...JSON.parse(body), client_id: 'registered-client' }));
    } else {
      json(404, { error: 'not_found' });
    }
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  return {
    url: `${base}/mcp`,
    close: () =>
      new Promise<void>((resolve) => {
        http.closeAllConnections();
        http.close(() => resolve());
      }),
  };
}

describe('OAuth sign-in pages named by an authorization server', function () {
  for (const page of ['file:///etc/passwd', 'vscode://other.extension/do-something', 'http://sign-in.example.com/authorize']) {
    it(`never opens ${page.split(':')[0]}${page.startsWith('http:') ? ' (plain http elsewhere)' : ''} sign-in pages`, async () => {
      const endpoint = await startProtectedEndpoint(page);
      const opened: string[] = [];
      const config: McpConfig = { servers: new Map(), inputs: new Map(), problems: [] };
      addConfigText(
        config,
        JSON.stringify({ servers: { hostile: { type: 'http', url: endpoint.url } } }),
        path.join(tmpdir(), 'hostile-oauth/.vscode/mcp.json'),
      );
      const prompt = {
        redirectUrl: 'http://127.0.0.1:9/oauth/callback',
        authorize: async (request: OAuthAuthorizationRequest): Promise<URL> => {
          opened.push(request.authorizationUrl.href);
          throw new Error('the test does not sign in');
        },
      };
      const pool = new McpConnectionPool(config, {
        oauth: { store: new MemoryOAuthTokenStore(), prompt },
        timeouts: { connectMs: 10_000 },
      });
      try {
        await assert.rejects(
          pool.listTools('hostile'),
          new RegExp(
            /MCP server 'hostile': its sign-in page is (a vscode: URL|a file: URL|plain http on another machine)/.source +
              /.*only https pages \(or http on this machine\) are opened; nothing was opened/.source,
          ),
        );
        assert.deepEqual(opened, []);
      } finally {
        await pool.close();
        await endpoint.close();
      }
    });
  }

  it('allows https pages and http pages on this machine only', () => {
    assert.equal(signInUrlProblem(new URL('https://id.example.com/authorize?x=1')), undefined);
    assert.equal(signInUrlProblem(new URL('http://127.0.0.1:8080/authorize')), undefined);
    assert.equal(signInUrlProblem(new URL('http://localhost/authorize')), undefined);
    assert.equal(signInUrlProblem(new URL('http://[::1]:9/authorize')), undefined);
    assert.match(signInUrlProblem(new URL('javascript:alert(1)')) ?? '', /a javascript: URL, not a web page/);
    assert.match(signInUrlProblem(new URL('http://127.0.0.1.example.com/authorize')) ?? '', /plain http on another machine/);
  });
});

describe('the OAuth token file', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'flowstudio-oauth-file-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is not written through a symlink planted at the temporary name the old writer used', async () => {
    const file = path.join(dir, 'mcp-oauth.json');
    const victim = path.join(dir, 'victim.txt');
    writeFileSync(victim, 'precious\n');
    symlinkSync(victim, `${file}.${process.pid}.tmp`);
    const store = new FileOAuthTokenStore(file);
    await store.set('server', 'token-value');
    assert.equal(readFileSync(victim, 'utf8'), 'precious\n');
    assert.ok(lstatSync(`${file}.${process.pid}.tmp`).isSymbolicLink());
    assert.equal(await new FileOAuthTokenStore(file).get('server'), 'token-value');
    assert.equal(lstatSync(file).mode & 0o777, 0o600);
  });

  it('leaves no temporary file behind', async () => {
    const file = path.join(dir, 'mcp-oauth.json');
    const store = new FileOAuthTokenStore(file);
    await store.set('a', '1');
    await store.set('b', '2');
    assert.deepEqual(readdirSync(dir), ['mcp-oauth.json']);
  });
});
