// MCP benchmark (`npm run bench:mcp`): latency of the greet flow called as a tool through
// `flowstudio mcp serve`, against a bare SDK server doing the same string work, over stdio and
// Streamable HTTP, measured in one run; then throughput of concurrent calls over HTTP.
// `--write` replaces the results table in bench/README.md.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { setMaxListeners } from 'node:events';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

// The SDK client adds an abort listener per request to one long-lived signal; thousands of calls
// are the point here, so silence the leak warning rather than drown the table in it.
setMaxListeners(0);

const root = fileURLToPath(new URL('../..', import.meta.url));
// FLOWSTUDIO_CLI: another build of the CLI (of an earlier commit, say) to measure instead of dist/cli.js.
const cli = process.env.FLOWSTUDIO_CLI ?? `${root}dist/cli.js`;
const bare = fileURLToPath(new URL('./bare-server.mjs', import.meta.url));
const flowsDir = `${root}examples`;
const CALLS = Number(process.env.BENCH_CALLS ?? 1000);
const WARMUP = 1000;
// More rounds when the machine is busy: in each round the servers take turns in short blocks; the table takes medians.
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const BLOCK = 100;
const TOKEN = 'bench-token-0123456789abcdef';

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * Median latency of each server over one round, in blocks of BLOCK calls taking turns (which goes
 * first alternates). Blocks, not single calls: a server woken after the other's call pays a cold
 * start that swamps the difference being measured; and short blocks, not a whole round per
 * server, because on a shared machine load changes within seconds and would land on one side.
 */
async function latencyRound(ours, bare) {
  const blockOf = async (client, times) => {
    for (let i = 0; i < BLOCK; i++) {
      const start = performance.now();
      const result = await client.callTool({ name: 'greet', arguments: { person: 'Ada' } });
      times.push(performance.now() - start);
      if (result.structuredContent?.greeting !== 'Hello, Ada!') throw new Error(`wrong result: ${JSON.stringify(result)}`);
    }
  };
  const a = [],
    b = [];
  for (let block = 0; block * BLOCK < CALLS; block++) {
    if (block % 2 === 0) {
      await blockOf(ours, a);
      await blockOf(bare, b);
    } else {
      await blockOf(bare, b);
      await blockOf(ours, a);
    }
  }
  return { ours: median(a), bare: median(b) };
}

async function warmUp(client) {
  for (let i = 0; i < WARMUP; i++) await client.callTool({ name: 'greet', arguments: { person: 'Ada' } });
}

async function latency(ours, bare) {
  await warmUp(ours);
  await warmUp(bare);
  const a = [],
    b = [];
  for (let round = 0; round < ROUNDS; round++) {
    const r = await latencyRound(ours, bare);
    a.push(r.ours);
    b.push(r.bare);
  }
  return { ours: median(a), bare: median(b) };
}

async function throughput(client, total = 2000, concurrency = 50) {
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        next++;
        const result = await client.callTool({ name: 'greet', arguments: { person: 'Bo' } });
        if (result.structuredContent?.greeting !== 'Hello, Bo!') throw new Error('wrong result');
      }
    }),
  );
  return total / ((performance.now() - start) / 1000);
}

async function stdioClient(command, args) {
  const client = new Client({ name: 'bench', version: '1' });
  await client.connect(new StdioClientTransport({ command, args, stderr: 'ignore' }));
  return client;
}

async function httpServer(args, headers = {}) {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  const url = await new Promise((resolve, reject) => {
    let text = '';
    child.on('exit', (code) => reject(new Error(`server exited ${code}: ${text}`)));
    child.stderr.on('data', (chunk) => {
      text += chunk;
      const match = /MCP endpoint (\S+)\n/.exec(text);
      if (match) resolve(match[1]);
    });
  });
  const client = new Client({ name: 'bench', version: '1' });
  await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } }));
  return { client, stop: () => child.kill('SIGTERM') };
}

const results = {};
// Other engineers' tests share this machine; the table says how busy it was.
const loadAtStart = os.loadavg()[0];
{
  const ours = await stdioClient(process.execPath, [cli, 'mcp', 'serve', '--flows', flowsDir]);
  const ref = await stdioClient(process.execPath, [bare]);
  results.stdio = await latency(ours, ref);
  await ours.close();
  await ref.close();
}
{
  // --rate: the benchmark is one caller sending tens of thousands of calls a minute, on purpose.
  const ours = await httpServer(
    [cli, 'mcp', 'serve', '--flows', flowsDir, '--http', '--port', '0', '--token', TOKEN, '--max-runs', '64', '--rate', '10000000'],
    { Authorization: `Bearer ${TOKEN}` },
  );
  const ref = await httpServer([bare, 'http']);
  results.http = await latency(ours.client, ref.client);
  results.throughput = { ours: await throughput(ours.client), bare: await throughput(ref.client) };
  await ours.client.close();
  await ref.client.close();
  ours.stop();
  ref.stop();
}

const ms = (x) => `${x.toFixed(3)} ms`;
const rows = [
  [
    'median latency, stdio',
    ms(results.stdio.ours),
    ms(results.stdio.bare),
    `${(results.stdio.ours / results.stdio.bare).toFixed(2)}×`,
    'under 1.2×',
  ],
  [
    'median latency, Streamable HTTP (token checked)',
    ms(results.http.ours),
    ms(results.http.bare),
    `${(results.http.ours / results.http.bare).toFixed(2)}×`,
    'under 1.2×',
  ],
  [
    'throughput, HTTP, 50 calls in flight',
    `${results.throughput.ours.toFixed(0)} calls/s`,
    `${results.throughput.bare.toFixed(0)} calls/s`,
    `${(results.throughput.ours / results.throughput.bare).toFixed(2)}×`,
    '—',
  ],
];
const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
const load = `1-minute load average ${loadAtStart.toFixed(1)} before and ${os.loadavg()[0].toFixed(1)} after; other work on the machine slows the absolute numbers`;
const table = [
  `Measured ${new Date().toISOString().slice(0, 10)} on ${cpu}, ${os.cpus().length} cores, Node ${process.version}; latency is the median of ${ROUNDS} rounds of ${CALLS} sequential calls per server after ${WARMUP} warm-up calls, the two servers taking turns every ${BLOCK} calls; client, servers and flows on one machine (${load}).`,
  '',
  '| case | flowstudio mcp serve (greet flow) | bare SDK server, same work | ratio | target |',
  '|---|---|---|---|---|',
  ...rows.map((r) => `| ${r.join(' | ')} |`),
].join('\n');
console.log(table);

if (process.argv.includes('--write')) {
  const readme = new URL('../README.md', import.meta.url);
  const text = readFileSync(readme, 'utf8');
  const start = '<!-- mcp-results:start -->';
  const end = '<!-- mcp-results:end -->';
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < 0) throw new Error('bench/README.md lacks the mcp-results markers');
  writeFileSync(readme, `${text.slice(0, from + start.length)}\n${table}\n${text.slice(to)}`);
  console.log('\nwrote bench/README.md');
}
