// A pre-registered machine client (`"grant": "client_credentials"`): the client signs in as itself at
// the token endpoint, with its secret in HTTP Basic, and no browser is involved. Against a protected
// SDK MCP server and a small authorization server on 127.0.0.1 that offers only that grant.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { requireBearerAuth } from '@modelcontextprotocol/sdk/server/auth/middleware/bearerAuth.js';
import { getOAuthProtectedResourceMetadataUrl } from '@modelcontextprotocol/sdk/server/auth/router.js';
import { InvalidTokenError } from '@modelcontextprotocol/sdk/server/auth/errors.js';
import {
  addConfigText,
  boundClientSecrets,
  commandLinePolicy,
  McpConnectionPool,
  MemoryOAuthTokenStore,
  type McpConfig,
  type OAuthAuthorizationPrompt,
} from '../../../src/engine';

const CLIENT_ID = 'nightly-job';
const CLIENT_SECRET = 'machine-secret-value';

async function startMachineOnlyServer() {
  const app = express();
  const http: Server = createServer(app);
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', () => resolve()));
  const base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const mcpUrl = new URL('/mcp', base);
  const tokens = new Set<string>();
  const grants: string[] = [];
  app.get('/.well-known/oauth-protected-resource/mcp', (_req, res) => {
    res.json({ resource: mcpUrl.href, authorization_servers: [base] });
  });
  app.get('/.well-known/oauth-authorization-server', (_req, res) => {
    res.json({
      issuer: base,
      authorization_endpoint: `${base}/authorize`,
      token_endpoint: `${base}/token`,
      response_types_supported: ['code'],
      grant_types_supported: ['client_credentials'],
      token_endpoint_auth_methods_supported: ['client_secret_basic'],
    });
  });
  app.post('/token', express.urlencoded({ extended: false }), (req, res) => {
    const body = req.body as Record<string, string>;
    grants.push(body.grant_type ?? '');
    const basic = Buffer.from((req.headers.authorization ?? '').replace(/^Basic /, ''), 'base64').toString();
    const [id, secret] = basic.split(':').map(decodeURIComponent);
    if (body.grant_type !== 'client_credentials') return void res.status(400).json({ error: 'unsupported_grant_type' });
    if (id !== CLIENT_ID || secret !== CLIENT_SECRET) return void res.status(401).json({ error: 'invalid_client' });
    const token = randomBytes(16).toString('hex');
    tokens.add(token);
    res.json({ access_token: token, token_type: 'Bearer', expires_in: 3600 });
  });
  const verifier = {
    async verifyAccessToken(token: string) {
      if (!tokens.has(token)) throw new InvalidTokenError('unknown token');
      return { token, clientId: CLIENT_ID, scopes: [], expiresAt: Math.floor(Date.now() / 1000) + 3600 };
    },
  };
  app.all('/mcp', requireBearerAuth({ verifier, resourceMetadataUrl: getOAuthProtectedResourceMetadataUrl(mcpUrl) }), async (req, res) => {
    const server = new McpServer({ name: 'machine', version: '1.0.0' });
    server.registerTool('whoami', { description: 'Names the calling client' }, async (extra) => ({
      content: [{ type: 'text', text: `client ${extra.authInfo?.clientId}` }],
    }));
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    res.on('close', () => void transport.close());
    await server.connect(transport);
    await transport.handleRequest(req, res);
  });
  return {
    url: mcpUrl.href,
    grants,
    close: () =>
      new Promise<void>((resolve) => {
        http.close(() => resolve());
        http.closeAllConnections();
      }),
  };
}

describe('a pre-registered client with the client credentials grant', function () {
  this.timeout(30_000);

  it('gets a token at the token endpoint as the client itself, with no browser', async () => {
    const server = await startMachineOnlyServer();
    const opened: URL[] = [];
    const browser: OAuthAuthorizationPrompt = {
      redirectUrl: 'http://127.0.0.1:9/oauth/callback',
      authorize: async ({ authorizationUrl }) => (opened.push(authorizationUrl), authorizationUrl),
    };
    const config: McpConfig = { servers: new Map(), inputs: new Map(), problems: [] };
    const entry = {
      type: 'http',
      url: server.url,
      oauth: { clientId: CLIENT_ID, clientSecret: '{{secret:JOB_SECRET}}', grant: 'client_credentials' },
    };
    addConfigText(config, JSON.stringify({ servers: { machine: entry } }), '/workspace/.vscode/mcp.json');
    const secrets = boundClientSecrets(
      { get: async (name) => (name === 'JOB_SECRET' ? CLIENT_SECRET : undefined) },
      commandLinePolicy([{ name: 'JOB_SECRET', destination: 'mcp:machine' }]),
    );
    const pool = new McpConnectionPool(config, { oauth: { store: new MemoryOAuthTokenStore(), prompt: browser, clientSecrets: secrets } });
    try {
      const result = await pool.callTool('machine', 'whoami', {});
      assert.equal(result.text, `client ${CLIENT_ID}`);
      assert.deepEqual(server.grants, ['client_credentials']);
      assert.equal(opened.length, 0, 'no page was opened');
    } finally {
      await pool.close();
      await server.close();
    }
  });
});
