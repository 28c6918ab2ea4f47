// The MCP client FlowStudio uses (McpConnectionPool from dist/engine.js), as a command the
// conformance suite's client mode can drive: it receives the scenario's server URL as its last
// argument, MCP_CONFORMANCE_SCENARIO naming the scenario and, for some, MCP_CONFORMANCE_CONTEXT (a
// pre-registered client's id and secret). OAuth sign-in approves by following the authorization
// server's redirect itself, as the engine's OAuth test does; a question the server asks (elicitation)
// is answered as a person accepting the form as offered, with its defaults.
import { addConfigText, boundClientSecrets, commandLinePolicy, McpConnectionPool, MemoryOAuthTokenStore } from '../../dist/engine.js';

const url = process.argv.at(-1);
const scenario = process.env.MCP_CONFORMANCE_SCENARIO ?? '';
const context = JSON.parse(process.env.MCP_CONFORMANCE_CONTEXT ?? '{}');

// A pre-registered client goes in the server's config as a user writes it: the secret by reference,
// its value in the secret store, bound to this server.
const secrets = new Map();
const server = { type: 'http', url };
if (typeof context.client_id === 'string') {
  server.oauth = { clientId: context.client_id };
  if (typeof context.client_secret === 'string') {
    secrets.set('CONFORMANCE_CLIENT_SECRET', context.client_secret);
    server.oauth.clientSecret = '{{secret:CONFORMANCE_CLIENT_SECRET}}';
  }
  if (/client-credentials/.test(scenario)) server.oauth.grant = 'client_credentials';
}
const config = { servers: new Map(), inputs: new Map(), problems: [] };
addConfigText(config, JSON.stringify({ servers: { target: server } }), '/conformance/.vscode/mcp.json');
if (config.problems.length) {
  console.error(config.problems.join('\n'));
  process.exit(1);
}

const browser = {
  redirectUrl: 'http://127.0.0.1:9/oauth/callback',
  async authorize({ authorizationUrl }) {
    const page = await fetch(authorizationUrl, { redirect: 'manual' });
    const location = page.headers.get('location');
    if (!location) throw new Error(`the authorization page answered ${page.status} without a redirect`);
    return new URL(location, authorizationUrl);
  },
};

const clientSecrets = boundClientSecrets(
  { get: async (name) => secrets.get(name) },
  commandLinePolicy([{ name: 'CONFORMANCE_CLIENT_SECRET', destination: 'mcp:target' }]),
);

/** Accepts a form as shown: each field keeps the default the server proposed. */
const person = {
  async ask(request) {
    if (request.mode !== 'form') return { action: 'decline' };
    const content = {};
    for (const [name, property] of Object.entries(request.requestedSchema.properties ?? {}))
      if (property.default !== undefined) content[name] = property.default;
    return { action: 'accept', content };
  },
};
const responder = { nodeId: 'conformance', humanInput: person };

const pool = new McpConnectionPool(config, { oauth: { store: new MemoryOAuthTokenStore(), prompt: browser, clientSecrets } });
try {
  const tools = await pool.listTools('target');
  if (scenario === 'tools_call') {
    const result = await pool.callTool('target', 'add_numbers', { a: 2, b: 3 }, { responder });
    console.log(result.text);
  } else if (tools.length > 0) {
    // Auth scenarios check that an authorized call gets through; any tool of theirs will do.
    const result = await pool.callTool('target', tools[0].name, {}, { responder });
    console.log(result.text);
  }
} catch (error) {
  console.error(error.message);
  process.exitCode = 1;
} finally {
  await pool.close();
}
