// OAuth 2.1 with PKCE against a local authorization server and protected MCP server: the SDK's
// client auth runs for real, and the test plays the browser by following the approval redirect.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import {
  FileOAuthTokenStore,
  MemoryOAuthTokenStore,
  type McpConnectionPool,
  type OAuthAuthorizationPrompt,
  type OAuthAuthorizationRequest,
  type OAuthTokenStore,
} from '../../../src/engine';
import { fixturePool } from './support/mcp-servers';
import { startProtectedMcpServer, type ProtectedMcpServer } from './support/oauth-protected-server';

/** Plays the user's browser: opens the authorization page and returns where it redirects. */
class BrowserStandIn implements OAuthAuthorizationPrompt {
  // Registered with the authorization server; never contacted, because authorize() reads the redirect.
  readonly redirectUrl = 'http://127.0.0.1:9/oauth/callback';
  readonly requests: OAuthAuthorizationRequest[] = [];

  constructor(private readonly changeReply: (reply: URL) => URL = (reply) => reply) {}

  async authorize(request: OAuthAuthorizationRequest): Promise<URL> {
    this.requests.push(request);
    const page = await fetch(request.authorizationUrl, { redirect: 'manual' });
    const location = page.headers.get('location');
    assert.equal(page.status, 302, `the authorization page answered ${page.status}`);
    assert.ok(location);
    return this.changeReply(new URL(location));
  }
}

describe('MCP client OAuth sign-in to a protected HTTP server', function () {
  let server: ProtectedMcpServer;
  const pools: McpConnectionPool[] = [];

  const poolWith = async (oauth?: { store: OAuthTokenStore; prompt: OAuthAuthorizationPrompt }) => {
    const pool = await fixturePool({ FLOWSTUDIO_TEST_PROTECTED_URL: server.url }, { oauth });
    pools.push(pool);
    return pool;
  };

  before(async () => {
    server = await startProtectedMcpServer();
  });
  after(async () => {
    await Promise.all(pools.map((p) => p.close()));
    await server.close();
  });

  it('fails clearly without sign-in, naming the server and what to do', async () => {
    const pool = await poolWith();
    await assert.rejects(pool.callTool('protected', 'whoami', {}), (error: Error) => {
      assert.match(error.message, /cannot connect to MCP server 'protected' \(http \$\{env:FLOWSTUDIO_TEST_PROTECTED_URL\}\)/);
      assert.match(error.message, /requires authorization \(HTTP 401\)/);
      assert.match(error.message, /flowstudio mcp login protected/);
      return true;
    });
  });

  it('signs in with PKCE through the prompt, then calls a tool with the token', async () => {
    const store = new MemoryOAuthTokenStore();
    const browser = new BrowserStandIn();
    const pool = await poolWith({ store, prompt: browser });
    const result = await pool.callTool('protected', 'whoami', {});
    const [client] = [...server.provider.clientsStore.clients.values()].slice(-1);
    assert.ok(client, 'the client should have registered itself');
    assert.equal(result.text, `client ${client.client_id}`);
    assert.equal(browser.requests.length, 1);
    assert.equal(browser.requests[0]!.server, 'protected');
    const authorization = browser.requests[0]!.authorizationUrl.searchParams;
    assert.equal(authorization.get('code_challenge_method'), 'S256');
    assert.ok(authorization.get('code_challenge'));
    assert.equal(client.token_endpoint_auth_method, 'none');
    assert.deepEqual(client.redirect_uris, [browser.redirectUrl]);
  });

  it('reuses stored tokens in a new session without asking again', async () => {
    const store = new MemoryOAuthTokenStore();
    const first = new BrowserStandIn();
    await (await poolWith({ store, prompt: first })).callTool('protected', 'whoami', {});
    const asked = server.authorizations();
    const second = new BrowserStandIn();
    const result = await (await poolWith({ store, prompt: second })).callTool('protected', 'whoami', {});
    assert.match(result.text, /^client /);
    assert.equal(second.requests.length, 0);
    assert.equal(server.authorizations(), asked);
  });

  it('signs in again for a wider scope when a tool answers 403 insufficient_scope, then retries the call', async () => {
    const browser = new BrowserStandIn();
    const pool = await poolWith({ store: new MemoryOAuthTokenStore(), prompt: browser });
    await pool.callTool('protected', 'whoami', {});
    assert.equal(browser.requests.length, 1);
    const result = await pool.callTool('protected', 'read-secrets', {});
    assert.equal(browser.requests.length, 2);
    assert.equal(browser.requests[1]!.authorizationUrl.searchParams.get('scope'), 'mcp admin');
    assert.equal(result.text, 'scopes mcp admin');
  });

  it('asks again after sign-out, having deleted what it stored', async () => {
    const store = new MemoryOAuthTokenStore();
    const browser = new BrowserStandIn();
    const pool = await poolWith({ store, prompt: browser });
    await pool.callTool('protected', 'whoami', {});
    assert.ok(store.size > 0);
    assert.equal(await pool.signOut('protected'), true);
    assert.equal(store.size, 0);
    await pool.callTool('protected', 'whoami', {});
    assert.equal(browser.requests.length, 2);
  });

  it('refuses a sign-in reply whose state does not match the request', async () => {
    const forged = new BrowserStandIn((reply) => {
      reply.searchParams.set('state', 'forged');
      return reply;
    });
    const pool = await poolWith({ store: new MemoryOAuthTokenStore(), prompt: forged });
    await assert.rejects(
      pool.callTool('protected', 'whoami', {}),
      /MCP server 'protected': the sign-in reply does not belong to this sign-in \(state differs\); sign in again/,
    );
  });

  it('reports a refused sign-in with the reason the authorization server gave', async () => {
    const denied = new BrowserStandIn(
      (reply) => new URL(`${reply.origin}${reply.pathname}?error=access_denied&error_description=the+user+said+no`),
    );
    const pool = await poolWith({ store: new MemoryOAuthTokenStore(), prompt: denied });
    await assert.rejects(
      pool.callTool('protected', 'whoami', {}),
      /MCP server 'protected': sign-in was refused \(access_denied: the user said no\)/,
    );
  });

  it('keeps tokens in an owner-only file with the file store', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'flowstudio-oauth-'));
    try {
      const file = path.join(dir, 'nested', 'mcp-oauth.json');
      await (await poolWith({ store: new FileOAuthTokenStore(file), prompt: new BrowserStandIn() })).callTool('protected', 'whoami', {});
      assert.equal(statSync(file).mode & 0o777, 0o600);
      const again = new BrowserStandIn();
      const result = await (await poolWith({ store: new FileOAuthTokenStore(file), prompt: again })).callTool('protected', 'whoami', {});
      assert.match(result.text, /^client /);
      assert.equal(again.requests.length, 0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
