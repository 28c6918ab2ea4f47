// The MCP client FlowStudio uses (McpConnectionPool from dist/engine.js), as a command the
// conformance suite's client mode can drive: it receives the scenario's server URL as its last
// argument and MCP_CONFORMANCE_SCENARIO naming the scenario. OAuth sign-in approves by following the
// authorization server's redirect itself, as the engine's OAuth test does.
import { addConfigText, McpConnectionPool, MemoryOAuthTokenStore } from '../../dist/engine.js';

const url = process.argv.at(-1);
const scenario = process.env.MCP_CONFORMANCE_SCENARIO ?? '';
const config = { servers: new Map(), inputs: new Map(), problems: [] };
addConfigText(config, JSON.stringify({ servers: { target: { type: 'http', url } } }), '/conformance/.vscode/mcp.json');

const browser = {
  redirectUrl: 'http://127.0.0.1:9/oauth/callback',
  async authorize({ authorizationUrl }) {
    const page = await fetch(authorizationUrl, { redirect: 'manual' });
    const location = page.headers.get('location');
    if (!location) throw new Error(`the authorization page answered ${page.status} without a redirect`);
    return new URL(location, authorizationUrl);
  },
};

const pool = new McpConnectionPool(config, { oauth: { store: new MemoryOAuthTokenStore(), prompt: browser } });
try {
  const tools = await pool.listTools('target');
  if (scenario === 'tools_call') {
    const result = await pool.callTool('target', 'add_numbers', { a: 2, b: 3 });
    console.log(result.text);
  } else if (tools.length > 0) {
    // Auth scenarios check that an authorized call gets through; any tool of theirs will do.
    const result = await pool.callTool('target', tools[0].name, {});
    console.log(result.text);
  }
} catch (error) {
  console.error(error.message);
  process.exitCode = 1;
} finally {
  await pool.close();
}
