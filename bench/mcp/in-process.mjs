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
// FLOWSTUDIO_SERVER: the matching build of dist/server.js (the flow server and its catalog).
const flowServer = require(process.env.FLOWSTUDIO_SERVER ?? `${root}dist/server.js`);
// Many short alternating batches: on a shared, loaded machine the fastest batches show the fixed
// cost best, and alternating keeps drift from favouring one case.
const CALLS = Number(process.env.BENCH_CALLS ?? 2000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 40);
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
  const start = performance.now();
  for (let i = 0; i < CALLS; i++) await fn();
  return ((performance.now() - start) / CALLS) * 1000;
}

const registry = engine.createCoreRegistry();
const catalog = new flowServer.FlowToolCatalog(`${root}examples`, registry);
await catalog.load();
// As the CLI does: an MCP pool is always passed, even when no flow uses MCP.
const mcp = await engine.McpConnectionPool.fromWorkspace({ workspaceFolder: `${root}bench/mcp` }, { resolveInput: async () => undefined });
const options = { catalog, registry, mcp, secrets: new engine.EnvSecretStore(), limiter: new flowServer.RunLimiter(16), version: '0' };
const ours = await connected(flowServer.createFlowServer(options));
const bare = await connected(bareServer());
// The same bundled SDK server class as ours, with the bare handler swapped in: what is left between
// this and ours is our handler alone, not a difference between two copies of the SDK.
const bundledBareServer = flowServer.createFlowServer(options);
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
for (const name of names) for (let i = 0; i < 5000; i++) await cases[name]();
for (let round = 0; round < ROUNDS; round++) {
  for (const name of names) samples[name].push(await perCall(cases[name]));
}
const fastest = (xs) => Math.min(...xs);
for (const name of names)
  console.log(
    `${name.padEnd(44)} fastest ${fastest(samples[name]).toFixed(2)}, median ${median(samples[name]).toFixed(2)} µs/call (batches: ${ROUNDS} of ${CALLS})`,
  );
const compare = (label, a, b) => {
  if (!samples[a] || !samples[b]) return;
  const [fa, fb, ma, mb] = [fastest(samples[a]), fastest(samples[b]), median(samples[a]), median(samples[b])];
  console.log(
    `${label}: fastest ${(fa - fb).toFixed(2)} µs (${(fa / fb).toFixed(2)}×), median ${(ma - mb).toFixed(2)} µs (${(ma / mb).toFixed(2)}×)`,
  );
};
compare('flow server - bare server', 'tools/call, flow server', 'tools/call, bare server');
compare('our handler alone', 'tools/call, flow server', 'tools/call, bundled SDK, bare handler');
await ours.close();
await bare.close();
await bundledBare.close();
await mcp.close();
