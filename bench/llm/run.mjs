// LLM streaming benchmark (`npm run bench:llm`): how much time the engine adds between a token leaving
// a local OpenAI-format server and its `node.token` event, and how many tokens per second the
// streaming path carries. References measured in the same run: a bare fetch + SSE parse (the floor
// for any client) and the AI SDK's streamText alone (what the engine builds on).
// `--write` replaces the results table in bench/README.md.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { startTokenServer } from './token-server.mjs';

const require = createRequire(import.meta.url);
const engine = require('../../dist/engine.js');
const { streamText } = require('ai');
const { createOpenAICompatible } = require('@ai-sdk/openai-compatible');

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const TOKENS = Number(process.env.BENCH_TOKENS ?? 1000);
const WARMUP = 200;
const THROUGHPUT_TOKENS = Number(process.env.BENCH_THROUGHPUT_TOKENS ?? 20000);
const BATCH = 500;

const server = await startTokenServer();
const baseURL = `${server.url}/v1`;
const quantile = (xs, q) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * q))];

/** One way to consume a stream: starts the request and calls onToken(time) per token it sees. */
const consumers = {
  engine: (onToken) => {
    const flow = {
      version: 1,
      name: 'bench-llm',
      nodes: [
        { id: 'q', type: 'input.text', position: { x: 0, y: 0 }, params: { name: 'q' } },
        { id: 'model', type: 'llm.chat', position: { x: 1, y: 0 }, params: { provider: 'openai-compatible', model: 'bench', baseURL } },
        { id: 'a', type: 'output.text', position: { x: 2, y: 0 }, params: { name: 'a' } },
      ],
      edges: [
        { id: 'e1', source: 'q', sourceHandle: 'text', target: 'model', targetHandle: 'prompt' },
        { id: 'e2', source: 'model', sourceHandle: 'text', target: 'a', targetHandle: 'text' },
      ],
    };
    const handle = engine.runFlow(flow, {
      inputs: { q: 'go' },
      recordEvents: false,
      onEvent: (e) => e.type === 'node.token' && onToken(e.t),
    });
    return handle.result.then((r) => {
      if (r.status !== 'ok') throw new Error(r.error?.message);
    });
  },
  'AI SDK streamText alone': async (onToken) => {
    const result = streamText({ model: createOpenAICompatible({ name: 'bench', baseURL, includeUsage: true })('bench'), prompt: 'go' });
    for await (const part of result.fullStream) if (part.type === 'text-delta' && part.text) onToken(performance.now());
  },
  'bare fetch + SSE parse': async (onToken) => {
    const response = await fetch(`${baseURL}/chat/completions`, { method: 'POST', body: '{}' });
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const bytes of response.body) {
      buffer += decoder.decode(bytes, { stream: true });
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const line = buffer.slice(6, end);
        buffer = buffer.slice(end + 2);
        if (line === '[DONE]') continue;
        if (JSON.parse(line).choices[0]?.delta?.content) onToken(performance.now());
      }
    }
  },
};

/** Ping-pong: write one token, wait until the consumer has it, record the gap; repeat. */
async function latency(consume) {
  let arrived;
  const done = consume((t) => arrived?.(t));
  const stream = await server.nextStream();
  const gaps = [];
  for (let i = 0; i < WARMUP + TOKENS; i++) {
    const seen = new Promise((resolve) => (arrived = resolve));
    const sentAt = stream.sendToken(i);
    const at = await seen;
    if (i >= WARMUP) gaps.push(at - sentAt);
  }
  stream.finish(WARMUP + TOKENS);
  await done;
  return gaps;
}

/** Throughput: write tokens in batches as fast as the consumer takes them; tokens per second overall. */
async function throughput(consume) {
  let count = 0;
  let batchDone;
  const done = consume(() => {
    count++;
    if (count % BATCH === 0) batchDone?.();
  });
  const stream = await server.nextStream();
  const start = performance.now();
  for (let from = 0; from < THROUGHPUT_TOKENS; from += BATCH) {
    const seen = new Promise((resolve) => (batchDone = resolve));
    stream.sendTokens(from, BATCH);
    await seen;
  }
  const seconds = (performance.now() - start) / 1000;
  stream.finish(THROUGHPUT_TOKENS);
  await done;
  if (count !== THROUGHPUT_TOKENS) throw new Error(`saw ${count} of ${THROUGHPUT_TOKENS} tokens`);
  return THROUGHPUT_TOKENS / seconds;
}

// The paths take turns, round after round, so a busy moment on the machine hits all of them alike.
const samples = Object.fromEntries(Object.keys(consumers).map((name) => [name, { gaps: [], rates: [] }]));
for (const consume of Object.values(consumers)) await latency(consume); // warm-up: JIT, connection pool
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, consume] of Object.entries(consumers)) {
    samples[name].gaps.push(...(await latency(consume)));
    samples[name].rates.push(await throughput(consume));
  }
}
const results = {};
for (const [name, { gaps, rates }] of Object.entries(samples)) {
  results[name] = { median: quantile(gaps, 0.5), p95: quantile(gaps, 0.95), throughput: quantile(rates, 0.5) };
  process.stderr.write(
    `${name}: median ${results[name].median.toFixed(3)} ms, p95 ${results[name].p95.toFixed(3)} ms, ${Math.round(results[name].throughput)} tokens/s\n`,
  );
}
await server.close();

const bare = results['bare fetch + SSE parse'];
const sdk = results['AI SDK streamText alone'];
const mine = results.engine;
const ms = (v) => `${v.toFixed(3)} ms`;
const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
const table = [
  `Measured ${new Date().toISOString().slice(0, 10)} on ${cpu}, ${os.cpus().length} cores, Node ${process.version}; ${ROUNDS} alternating rounds per path, each ${TOKENS} tokens sent one at a time after ${WARMUP} warm-up tokens (latency: median and p95 of all tokens) and ${THROUGHPUT_TOKENS} tokens in batches of ${BATCH} (throughput: median round); server and client in one process on 127.0.0.1.`,
  '',
  '| path | token written → seen, median | p95 | throughput | target |',
  '|---|---|---|---|---|',
  `| engine: \`llm.chat\` → \`node.token\` event | ${ms(mine.median)} | ${ms(mine.p95)} | ${Math.round(mine.throughput)} tokens/s | — |`,
  `| AI SDK \`streamText\` alone (reference) | ${ms(sdk.median)} | ${ms(sdk.p95)} | ${Math.round(sdk.throughput)} tokens/s | — |`,
  `| bare \`fetch\` + SSE parse (reference floor) | ${ms(bare.median)} | ${ms(bare.p95)} | ${Math.round(bare.throughput)} tokens/s | — |`,
  `| **added by the engine over bare fetch** | **${ms(mine.median - bare.median)}** | ${ms(mine.p95 - bare.p95)} | — | under 1 ms median |`,
  `| added by the engine over the AI SDK | ${ms(mine.median - sdk.median)} | ${ms(mine.p95 - sdk.p95)} | — | — |`,
].join('\n');
process.stdout.write(`${table}\n`);

if (process.argv.includes('--write')) {
  const readme = new URL('../README.md', import.meta.url);
  const text = readFileSync(readme, 'utf8');
  const start = '<!-- llm-results:start -->';
  const end = '<!-- llm-results:end -->';
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < 0) throw new Error('bench/README.md lacks the llm-results markers');
  writeFileSync(readme, `${text.slice(0, from + start.length)}\n${table}\n${text.slice(to)}`);
}
