// A client registered beforehand with a server's authorization server, set in the server's config
// (`oauth: { clientId, clientSecret: "{{secret:NAME}}" }`): used instead of dynamic registration,
// the secret read from the secret store only for a server it is bound to, and never written to the
// config or the token store.
import assert from 'node:assert/strict';
import {
  addConfigText,
  boundClientSecrets,
  commandLinePolicy,
  McpConnectionPool,
  MemoryOAuthTokenStore,
  type McpConfig,
  type OAuthAuthorizationPrompt,
} from '../../../src/engine';
import { startProtectedMcpServer, type ProtectedMcpServer } from './support/oauth-protected-server';

const browser: OAuthAuthorizationPrompt = {
  redirectUrl: 'http://127.0.0.1:9/oauth/callback',
  async authorize({ authorizationUrl }) {
    const page = await fetch(authorizationUrl, { redirect: 'manual' });
    return new URL(page.headers.get('location') ?? 'http://127.0.0.1:9/oauth/callback?error=no_redirect');
  },
};

function configOf(servers: Record<string, unknown>): McpConfig {
  const config: McpConfig = { servers: new Map(), inputs: new Map(), problems: [] };
  addConfigText(config, JSON.stringify({ servers }), '/workspace/.vscode/mcp.json');
  return config;
}

describe("a pre-registered OAuth client in a server's config", function () {
  this.timeout(30_000);

  describe('the setting', () => {
    it('refuses a literal client secret, so a committed config never holds one, and drops the server', () => {
      const config = configOf({
        api: { type: 'http', url: 'https://mcp.example.com/mcp', oauth: { clientId: 'id', clientSecret: 's3cr3t-value' } },
      });
      assert.equal(config.servers.has('api'), false);
      assert.equal(config.problems.length, 1);
      assert.match(
        config.problems[0]!,
        /^\/workspace\/\.vscode\/mcp\.json: server 'api': oauth\.clientSecret must be a \{\{secret:NAME\}\} reference/,
      );
      assert.doesNotMatch(config.problems[0]!, /s3cr3t-value/);
    });

    it('keeps the secret by name only, and says where a malformed setting is wrong', () => {
      const config = configOf({
        api: {
          type: 'http',
          url: 'https://mcp.example.com/mcp',
          oauth: { clientId: 'flowstudio-ci', clientSecret: '{{secret:API_CLIENT_SECRET}}' },
        },
        machine: { url: 'https://m.example.com/mcp', oauth: { clientId: 'm', grant: 'client_credentials' } },
        typo: { url: 'https://t.example.com/mcp', oauth: { clientID: 'x' } },
      });
      assert.deepEqual(config.servers.get('api'), {
        name: 'api',
        transport: 'http',
        url: 'https://mcp.example.com/mcp',
        headers: {},
        oauth: { clientId: 'flowstudio-ci', clientSecretName: 'API_CLIENT_SECRET', grant: 'authorization_code' },
        source: '/workspace/.vscode/mcp.json',
      });
      assert.deepEqual(config.problems, [
        `/workspace/.vscode/mcp.json: server 'machine': oauth.grant "client_credentials" needs oauth.clientSecret, a {{secret:NAME}} reference`,
        `/workspace/.vscode/mcp.json: server 'typo': oauth.clientId: Invalid input: expected string, received undefined ` +
          `(expected { "clientId": "...", "clientSecret"?: "{{secret:NAME}}" })`,
      ]);
    });
  });

  describe('signing in', () => {
    let server: ProtectedMcpServer;
    const pools: McpConnectionPool[] = [];
    const secrets = new Map([
      ['PROTECTED_CLIENT_SECRET', 'pre-registered-secret-value'],
      ['OPENAI_API_KEY', 'sk-not-for-this-server'],
    ]);
    const store = { get: async (name: string) => secrets.get(name) };

    before(async () => {
      server = await startProtectedMcpServer();
      server.provider.clientsStore.clients.set('flowstudio-pre', {
        client_id: 'flowstudio-pre',
        client_secret: 'pre-registered-secret-value',
        redirect_uris: [browser.redirectUrl],
        token_endpoint_auth_method: 'client_secret_post',
      });
    });
    after(async () => {
      await Promise.all(pools.map((p) => p.close()));
      await server.close();
    });

    function poolFor(secretName: string, bindings: { name: string; destination: string }[]) {
      const tokens = new MemoryOAuthTokenStore();
      const config = configOf({
        protected: { type: 'http', url: server.url, oauth: { clientId: 'flowstudio-pre', clientSecret: `{{secret:${secretName}}}` } },
      });
      const pool = new McpConnectionPool(config, {
        oauth: { store: tokens, prompt: browser, clientSecrets: boundClientSecrets(store, commandLinePolicy(bindings)) },
      });
      pools.push(pool);
      return { pool, tokens };
    }

    it('signs in as the configured client, registering none, and stores no secret', async () => {
      const registered = server.provider.clientsStore.clients.size;
      const { pool, tokens } = poolFor('PROTECTED_CLIENT_SECRET', [{ name: 'PROTECTED_CLIENT_SECRET', destination: 'mcp:protected' }]);
      const result = await pool.callTool('protected', 'whoami', {});
      assert.equal(result.text, 'client flowstudio-pre');
      assert.equal(server.provider.clientsStore.clients.size, registered, 'no dynamic registration happened');
      assert.ok(tokens.size > 0, 'the tokens were stored');
      for (const key of ['tokens', 'client', 'discovery'])
        assert.doesNotMatch((await tokens.get(`mcp-oauth:${server.url}:${key}`)) ?? '', /pre-registered-secret-value/);
    });

    it('refuses to send a stored secret the config names but that is not bound to this server', async () => {
      // A cloned repository's config naming the user's model key as "its" client secret.
      const authorizations = server.authorizations();
      const { pool } = poolFor('OPENAI_API_KEY', []);
      await assert.rejects(pool.callTool('protected', 'whoami', {}), (error: Error) => {
        assert.match(error.message, /MCP server 'protected': its oauth\.clientSecret \{\{secret:OPENAI_API_KEY\}\} is refused/);
        assert.match(error.message, /--allow-secret OPENAI_API_KEY=mcp:protected/);
        assert.doesNotMatch(error.message, /sk-not-for-this-server/);
        return true;
      });
      assert.equal(server.authorizations(), authorizations, 'the browser was never sent to sign in');
    });
  });
});
