// A protected MCP server and its authorization server on 127.0.0.1, built from the SDK's own server
// auth pieces (mcpAuthRouter, requireBearerAuth). The authorization step approves at once by
// redirecting back with a code, so a test can follow the redirect itself instead of a person.
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Response } from 'express';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { AuthorizationParams, OAuthServerProvider } from '@modelcontextprotocol/sdk/server/auth/provider.js';
import type { OAuthRegisteredClientsStore } from '@modelcontextprotocol/sdk/server/auth/clients.js';
import { getOAuthProtectedResourceMetadataUrl, mcpAuthRouter } from '@modelcontextprotocol/sdk/server/auth/router.js';
import { requireBearerAuth } from '@modelcontextprotocol/sdk/server/auth/middleware/bearerAuth.js';
import { InvalidGrantError, InvalidScopeError, InvalidTokenError } from '@modelcontextprotocol/sdk/server/auth/errors.js';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import type { OAuthClientInformationFull, OAuthTokens } from '@modelcontextprotocol/sdk/shared/auth.js';

class InMemoryClients implements OAuthRegisteredClientsStore {
  readonly clients = new Map<string, OAuthClientInformationFull>();

  getClient(clientId: string) {
    return this.clients.get(clientId);
  }

  registerClient(client: Omit<OAuthClientInformationFull, 'client_id' | 'client_id_issued_at'>) {
    const full = { ...client, client_id: randomUUID(), client_id_issued_at: Math.floor(Date.now() / 1000) };
    this.clients.set(full.client_id, full);
    return full;
  }
}

/** Approves every authorization request and remembers codes and tokens in memory. */
class AutoApprovingProvider implements OAuthServerProvider {
  readonly clientsStore = new InMemoryClients();
  private readonly codes = new Map<string, { clientId: string; params: AuthorizationParams }>();
  readonly tokens = new Map<string, AuthInfo>();
  private readonly refreshTokens = new Map<string, { clientId: string; scopes: string[]; resource?: URL }>();

  async authorize(client: OAuthClientInformationFull, params: AuthorizationParams, res: Response): Promise<void> {
    const code = randomBytes(16).toString('hex');
    this.codes.set(code, { clientId: client.client_id, params });
    const back = new URL(params.redirectUri);
    back.searchParams.set('code', code);
    if (params.state !== undefined) back.searchParams.set('state', params.state);
    res.redirect(302, back.href);
  }

  async challengeForAuthorizationCode(_client: OAuthClientInformationFull, code: string): Promise<string> {
    const entry = this.codes.get(code);
    if (!entry) throw new InvalidGrantError('unknown authorization code');
    return entry.params.codeChallenge;
  }

  async exchangeAuthorizationCode(client: OAuthClientInformationFull, code: string): Promise<OAuthTokens> {
    const entry = this.codes.get(code);
    if (!entry || entry.clientId !== client.client_id) throw new InvalidGrantError('the code was not issued to this client');
    this.codes.delete(code);
    return this.issue(client.client_id, entry.params.scopes ?? [], entry.params.resource);
  }

  // As RFC 6749 6 requires, a refresh never widens the granted scope: asking for more is refused,
  // which sends the client back to the authorization page.
  async exchangeRefreshToken(
    client: OAuthClientInformationFull,
    refreshToken: string,
    scopes?: string[],
    resource?: URL,
  ): Promise<OAuthTokens> {
    const grant = this.refreshTokens.get(refreshToken);
    if (!grant || grant.clientId !== client.client_id) throw new InvalidGrantError('unknown refresh token');
    if (scopes?.some((scope) => !grant.scopes.includes(scope))) throw new InvalidScopeError('a refresh cannot widen the granted scope');
    return this.issue(client.client_id, scopes ?? grant.scopes, resource ?? grant.resource);
  }

  async verifyAccessToken(token: string): Promise<AuthInfo> {
    const info = this.tokens.get(token);
    if (!info || (info.expiresAt ?? 0) < Date.now() / 1000) throw new InvalidTokenError('unknown or expired token');
    return info;
  }

  private issue(clientId: string, scopes: string[], resource: URL | undefined): OAuthTokens {
    const token = randomBytes(24).toString('base64url');
    const refreshToken = randomBytes(24).toString('base64url');
    this.tokens.set(token, { token, clientId, scopes, expiresAt: Math.floor(Date.now() / 1000) + 3600, resource });
    this.refreshTokens.set(refreshToken, { clientId, scopes, resource });
    return { access_token: token, token_type: 'Bearer', expires_in: 3600, refresh_token: refreshToken, scope: scopes.join(' ') };
  }
}

export interface ProtectedMcpServer {
  /** The MCP endpoint. */
  url: string;
  provider: AutoApprovingProvider;
  /** How many authorization requests (browser visits) the server has seen. */
  authorizations(): number;
  close(): Promise<void>;
}

/** The MCP side: one tool, `whoami`, answering with the OAuth client id the token belongs to. */
function createWhoAmIServer(): McpServer {
  const server = new McpServer({ name: 'protected', version: '1.0.0' });
  server.registerTool('whoami', { description: 'Says which OAuth client is calling' }, async (extra) => ({
    content: [{ type: 'text', text: `client ${extra.authInfo?.clientId ?? 'unknown'}` }],
  }));
  server.registerTool('read-secrets', { description: 'Needs the admin scope' }, async (extra) => ({
    content: [{ type: 'text', text: `scopes ${extra.authInfo?.scopes.join(' ')}` }],
  }));
  return server;
}

export async function startProtectedMcpServer(): Promise<ProtectedMcpServer> {
  const app = express();
  const http: HttpServer = createServer(app);
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(0, '127.0.0.1', () => resolve());
  });
  const base = new URL(`http://127.0.0.1:${(http.address() as AddressInfo).port}`);
  const mcpUrl = new URL('/mcp', base);
  const provider = new AutoApprovingProvider();
  let authorizations = 0;
  app.use('/authorize', (_req, _res, next) => {
    authorizations++;
    next();
  });
  app.use(mcpAuthRouter({ provider, issuerUrl: base, resourceServerUrl: mcpUrl, scopesSupported: ['mcp'] }));
  const bearer = requireBearerAuth({ verifier: provider, resourceMetadataUrl: getOAuthProtectedResourceMetadataUrl(mcpUrl) });
  // Stateless: a fresh server and transport per request keeps the test server small.
  app.all('/mcp', bearer, express.json(), async (req, res) => {
    // `read-secrets` needs the `admin` scope: asked without it, answer 403 insufficient_scope so the
    // client signs in again for the wider scope (step-up authorization).
    const body = req.body as { method?: string; params?: { name?: string } } | undefined;
    if (body?.method === 'tools/call' && body.params?.name === 'read-secrets' && !req.auth?.scopes.includes('admin')) {
      res.set(
        'WWW-Authenticate',
        `Bearer error="insufficient_scope", scope="mcp admin", resource_metadata="${getOAuthProtectedResourceMetadataUrl(mcpUrl)}"`,
      );
      res.status(403).json({ error: 'insufficient_scope' });
      return;
    }
    const server = createWhoAmIServer();
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    res.on('close', () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(req, res, req.body);
  });
  return {
    url: mcpUrl.href,
    provider,
    authorizations: () => authorizations,
    close: () =>
      new Promise<void>((resolve) => {
        http.close(() => resolve());
        http.closeAllConnections();
      }),
  };
}
