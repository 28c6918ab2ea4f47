// In-process micro-benchmark of what `flowstudio mcp serve` adds per tool call, without pipes or
// sockets: the SDK client calls our flow server and the bare server over in-memory transports, in
// alternating rounds, and runFlow is timed alone on the greet flow. Used to find and check the
// server's fixed per-call cost (`node esbuild.mjs` first; `--prof` leaves a .cpuprofile per case
// with --cpu-prof). Not part of the committed tables: the end-to-end numbers are run.mjs's.
import { setMaxListeners } from 'node:events';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { CallToolRequestSchema, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';

setMaxListeners(0);
const require = createRequire(import.meta.url);
const root = fileURLToPath(new URL('../..', import.meta.url));
// FLOWSTUDIO_ENGINE: another build of dist/engine.js, e.g. of the previous commit, to compare.
const engine = require(process.env.FLOWSTUDIO_ENGINE ?? `${root}dist/engine.js`);
const CALLS = Number(process.env.BENCH_CALLS ?? 20000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const only = process.argv[2];

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function bareServer() {
  const server = new Server({ name: 'bare', version: '1' }, { capabilities: { tools: {} } });
  server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: [] }));
  server.setRequestHandler(CallToolRequestSchema, async (request) => {
    const greeting = 'Hello, {{name}}!'.replace('{{name}}', String(request.params.arguments?.person));
    return { content: [{ type: 'text', text: greeting }], structuredContent: { greeting } };
  });
  return server;
}

async function connected(server) {
  const [a, b] = InMemoryTransport.createLinkedPair();
  await server.connect(b);
  const client = new Client({ name: 'bench', version: '1' });
  await client.connect(a);
  return client;
}

/** Mean µs per sequential call (in-process there is no tail to speak of; the mean shows fixed cost). */
async function perCall(fn) {
  for (let i = 0; i < 2000; i++) await fn();
  const start = performance.now();
  for (let i = 0; i < CALLS; i++) await fn();
  return ((performance.now() - start) / CALLS) * 1000;
}

const registry = engine.createCoreRegistry();
const catalog = new engine.FlowToolCatalog(`${root}examples`, registry);
await catalog.load();
// As the CLI does: an MCP pool is always passed, even when no flow uses MCP.
const mcp = await engine.McpConnectionPool.fromWorkspace({ workspaceFolder: `${root}bench/mcp` }, { resolveInput: async () => undefined });
const options = { catalog, registry, mcp, secrets: new engine.EnvSecretStore(), limiter: new engine.RunLimiter(16), version: '0' };
const ours = await connected(engine.createFlowServer(options));
const bare = await connected(bareServer());
// The same bundled SDK server class as ours, with the bare handler swapped in: what is left between
// this and ours is our handler alone, not a difference between two copies of the SDK.
const bundledBareServer = engine.createFlowServer(options);
bundledBareServer.setRequestHandler(CallToolRequestSchema, async (request) => {
  const greeting = 'Hello, {{name}}!'.replace('{{name}}', String(request.params.arguments?.person));
  return { content: [{ type: 'text', text: greeting }], structuredContent: { greeting } };
});
const bundledBare = await connected(bundledBareServer);
const greet = catalog.get('greet').flow;
const file = catalog.get('greet').file;

const cases = {
  'runFlow (greet, as the server calls it)': () =>
    engine.runFlow(greet, { inputs: { person: 'Ada' }, file, registry, mcp, secrets: options.secrets, recordEvents: false }).result,
  'tools/call, flow server': () => ours.callTool({ name: 'greet', arguments: { person: 'Ada' } }),
  'tools/call, bare server': () => bare.callTool({ name: 'greet', arguments: { person: 'Ada' } }),
  'tools/call, bundled SDK, bare handler': () => bundledBare.callTool({ name: 'greet', arguments: { person: 'Ada' } }),
};
const names = Object.keys(cases).filter((n) => !only || n.includes(only));
const samples = Object.fromEntries(names.map((n) => [n, []]));
for (let round = 0; round < ROUNDS; round++) {
  for (const name of names) samples[name].push(await perCall(cases[name]));
}
for (const name of names) console.log(`${name.padEnd(44)} ${median(samples[name]).toFixed(2)} µs/call (median of ${ROUNDS} rounds of ${CALLS})`);
if (samples['tools/call, flow server'] && samples['tools/call, bare server']) {
  const a = median(samples['tools/call, flow server']);
  const b = median(samples['tools/call, bare server']);
  console.log(`flow server - bare server: ${(a - b).toFixed(2)} µs/call, ratio ${(a / b).toFixed(2)}×`);
}
if (samples['tools/call, flow server'] && samples['tools/call, bundled SDK, bare handler']) {
  const a = median(samples['tools/call, flow server']);
  const b = median(samples['tools/call, bundled SDK, bare handler']);
  console.log(`our handler alone: ${(a - b).toFixed(2)} µs/call`);
}
await ours.close();
await bare.close();
await bundledBare.close();
await mcp.close();
