// The HTTP flow server accepting JWT access tokens from a real local OIDC provider (oidc-provider):
// a valid client-credentials token gets in; expired, wrong-audience and wrong-issuer tokens do not.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { decodeJwt } from 'jose';
import { createCoreRegistry } from '../../src/engine';
import { FlowToolCatalog, RunLimiter, serveFlowsOverHttp, type RunningHttpServer } from '../../src/server';
import { repoRoot } from '../helpers/build-cli';
import { initializeWith } from '../engine/mcp/support/raw-initialize';
import {
  CLIENT,
  FLOWS_AUDIENCE,
  SHORT_LIVED_CLIENT,
  signingKeys,
  startOidcIssuer,
  type RunningIssuer,
} from '../engine/mcp/support/oidc-issuer';

/** Resolves once the clock has passed the token's own `exp` claim (JWT times are whole seconds). */
function untilExpired(token: string): Promise<void> {
  const expiresAtMs = (decodeJwt(token).exp ?? 0) * 1000;
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, expiresAtMs - Date.now() + 5)));
}

describe('flows served over HTTP with OIDC JWT access tokens', function () {
  let issuer: RunningIssuer;
  let otherIssuer: RunningIssuer;
  let server: RunningHttpServer;
  let catalog: FlowToolCatalog;

  before(async () => {
    const keys = await signingKeys();
    issuer = await startOidcIssuer(keys);
    // Same signing keys, different issuer URL: only the `iss` claim tells its tokens apart.
    otherIssuer = await startOidcIssuer(keys);
    const registry = createCoreRegistry();
    catalog = new FlowToolCatalog(path.join(repoRoot, 'examples'), registry);
    await catalog.load();
    server = await serveFlowsOverHttp({
      catalog,
      registry,
      limiter: new RunLimiter(4),
      version: 'test',
      host: '127.0.0.1',
      port: 0,
      oidc: { issuer: issuer.issuer, audience: FLOWS_AUDIENCE },
    });
  });
  after(async () => {
    await server?.close();
    catalog?.close();
    await issuer?.close();
    await otherIssuer?.close();
  });

  it('accepts a client-credentials JWT from the issuer and runs a flow', async () => {
    const token = await issuer.accessToken(CLIENT);
    const client = new Client({ name: 'test', version: '1' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(server.url), { requestInit: { headers: { Authorization: `Bearer ${token}` } } }),
    );
    try {
      const result = await client.callTool({ name: 'greet', arguments: { person: 'Ada' } });
      assert.deepEqual(result.structuredContent, { greeting: 'Hello, Ada!' });
    } finally {
      await client.close();
    }
  });

  it('refuses a token made for another audience', async () => {
    const refused = await initializeWith(server.url, await issuer.accessToken(CLIENT, 'urn:some:other-service'));
    assert.equal(refused.status, 401);
    assert.match(refused.body, /bearer token refused: the token's aud claim is not accepted here/);
    assert.match(refused.challenge ?? '', /error="invalid_token"/);
  });

  it('refuses a token from another issuer, even one signed with the same keys', async () => {
    const refused = await initializeWith(server.url, await otherIssuer.accessToken(CLIENT));
    assert.equal(refused.status, 401);
    assert.match(refused.body, /the token's iss claim is not accepted here/);
  });

  it('refuses an expired token', async () => {
    const token = await issuer.accessToken(SHORT_LIVED_CLIENT);
    assert.equal((await initializeWith(server.url, token)).status, 200, 'fresh, the token is accepted');
    await untilExpired(token);
    const refused = await initializeWith(server.url, token);
    assert.equal(refused.status, 401);
    assert.match(refused.body, /the token has expired/);
  });

  it('refuses a token that is not a JWT, and no token at all', async () => {
    const garbage = await initializeWith(server.url, 'not-a-jwt');
    assert.equal(garbage.status, 401);
    assert.match(garbage.body, /not a valid JWT/);
    assert.doesNotMatch(garbage.body, /not-a-jwt/);
    const missing = await initializeWith(server.url, undefined);
    assert.equal(missing.status, 401);
    assert.match(missing.body, /missing bearer token/);
    assert.match(missing.challenge ?? '', /resource_metadata="http:\/\/127\.0\.0\.1:\d+\/\.well-known\/oauth-protected-resource\/mcp"/);
  });

  it('points OAuth clients at the issuer through protected resource metadata', async () => {
    const metadata = (await (await fetch(new URL('/.well-known/oauth-protected-resource/mcp', server.url))).json()) as {
      resource: string;
      authorization_servers: string[];
    };
    assert.equal(metadata.resource, server.url);
    assert.deepEqual(metadata.authorization_servers, [issuer.issuer]);
  });

  it('fails to start, naming the URL, when the issuer cannot be reached', async () => {
    const registry = createCoreRegistry();
    await assert.rejects(
      serveFlowsOverHttp({
        catalog,
        registry,
        limiter: new RunLimiter(1),
        version: 'test',
        host: '127.0.0.1',
        port: 0,
        oidc: { issuer: 'http://127.0.0.1:9/nowhere' },
      }),
      /cannot read the OIDC discovery document http:\/\/127\.0\.0\.1:9\/nowhere\/\.well-known\/openid-configuration: .*check --oidc-issuer/,
    );
  });
});
