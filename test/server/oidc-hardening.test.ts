// What an OIDC-protected flow server refuses beyond a bad signature: tokens that never expire, ID
// tokens posing as access tokens, tokens for another audience when none was configured (the server's
// own URL is the default), and issuers or key sets reached over plain http on another machine.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { importJWK, SignJWT, type JWK } from 'jose';
import { createCoreRegistry } from '../../src/engine';
import { FlowToolCatalog, RunLimiter, serveFlowsOverHttp, type RunningHttpServer } from '../../src/server';
import { repoRoot } from '../helpers/build-cli';
import { initializeWith } from '../engine/mcp/support/raw-initialize';
import { CLIENT, FLOWS_AUDIENCE, signingKeys, startOidcIssuer, type RunningIssuer } from '../engine/mcp/support/oidc-issuer';

describe('OIDC access tokens the flow server refuses', function () {
  const registry = createCoreRegistry();
  let keys: JWK[];
  let issuer: RunningIssuer;
  let catalog: FlowToolCatalog;
  let server: RunningHttpServer;

  /** A JWT signed with the issuer's own key, so only the claims or header decide. */
  const signed = async (claims: Record<string, unknown>, header: { typ?: string } = { typ: 'at+jwt' }, expires = true) => {
    const key = keys[0]!;
    let jwt = new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: key.kid, ...header })
      .setIssuer(issuer.issuer)
      .setIssuedAt();
    if (expires) jwt = jwt.setExpirationTime('5m');
    return jwt.sign(await importJWK(key, 'RS256'));
  };

  before(async () => {
    keys = await signingKeys();
    issuer = await startOidcIssuer(keys);
    catalog = new FlowToolCatalog(path.join(repoRoot, 'examples'), registry);
    await catalog.load();
    // No audience given: tokens must be made for this server's own URL.
    server = await serveFlowsOverHttp({
      catalog,
      registry,
      limiter: new RunLimiter(2),
      version: 'test',
      host: '127.0.0.1',
      port: 0,
      oidc: { issuer: issuer.issuer },
    });
  });
  after(async () => {
    await server?.close();
    await issuer?.close();
  });

  it('accepts a token for its own URL when no audience is configured, and refuses one for another service', async () => {
    assert.equal((await initializeWith(server.url, await signed({ aud: server.url, sub: 'caller' }))).status, 200);
    const elsewhere = await initializeWith(server.url, await issuer.accessToken(CLIENT, FLOWS_AUDIENCE));
    assert.equal(elsewhere.status, 401);
    assert.match(elsewhere.body, /the token's aud claim is not accepted here/);
  });

  it('refuses a token without exp, which would never expire', async () => {
    const refused = await initializeWith(server.url, await signed({ aud: server.url, sub: 'caller' }, { typ: 'at+jwt' }, false));
    assert.equal(refused.status, 401);
    assert.match(refused.body, /the token has no exp claim, which is required/);
  });

  it('refuses a token whose typ says it is not an access token (an ID token)', async () => {
    const refused = await initializeWith(server.url, await signed({ aud: server.url, sub: 'caller', nonce: 'n' }, { typ: 'JWT' }));
    assert.equal(refused.status, 401);
    assert.match(refused.body, /the token is not an access token \(its typ is 'JWT', not 'at\+jwt'\)/);
    // RFC 9068's long form of the type is an access token too.
    assert.equal(
      (await initializeWith(server.url, await signed({ aud: server.url, sub: 'caller' }, { typ: 'application/at+jwt' }))).status,
      200,
    );
  });

  it('refuses to start with a plain-http issuer on another machine, before contacting it', async () => {
    await assert.rejects(
      serveFlowsOverHttp({
        catalog,
        registry,
        limiter: new RunLimiter(1),
        version: 'test',
        host: '127.0.0.1',
        port: 0,
        oidc: { issuer: 'http://id.example.com' },
      }),
      /--oidc-issuer must be an https URL \(http only for 127\.0\.0\.1, ::1 or localhost\), got 'http:\/\/id\.example\.com'/,
    );
  });

  it('refuses to start when the issuer publishes its keys over plain http on another machine', async () => {
    let http: Server | undefined;
    try {
      http = createServer((_req, res) => {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(
          JSON.stringify({
            issuer: `http://127.0.0.1:${(http!.address() as AddressInfo).port}`,
            jwks_uri: 'http://keys.example.com/jwks.json',
          }),
        );
      });
      await new Promise<void>((resolve) => http!.listen(0, '127.0.0.1', resolve));
      const local = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
      await assert.rejects(
        serveFlowsOverHttp({
          catalog,
          registry,
          limiter: new RunLimiter(1),
          version: 'test',
          host: '127.0.0.1',
          port: 0,
          oidc: { issuer: local },
        }),
        new RegExp(
          /names a jwks_uri the keys cannot be trusted from: it must be an https URL \(http only for 127\.0\.0\.1, ::1 or localhost\), /
            .source + /got 'http:\/\/keys\.example\.com\/jwks\.json'/.source,
        ),
      );
    } finally {
      http?.closeAllConnections();
      http?.close();
    }
  });
});
