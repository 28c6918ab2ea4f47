// flow.map against running its sub-flow by hand: 1,000 items through one `flow.map` node, next to 1,000
// `runFlow` calls on the same sub-flow (one after another, and four at a time as the map's default does).
// Prints per-item times; run after `node esbuild.mjs` with `node bench/engine/flow-map.mjs`.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

const require = createRequire(import.meta.url);
const engine = require('../../dist/engine.js');
const ITEMS = 1000;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const node = (id, type, params, x) => ({ id, type, position: { x, y: 0 }, params });
const edge = (id, source, sourceHandle, target, targetHandle) => ({ id, source, sourceHandle, target, targetHandle });
const shout = {
  version: 1,
  name: 'shout',
  nodes: [
    node('in', 'input.text', { name: 'words', required: true }, 0),
    node('t', 'text.template', { template: '{{v}}!' }, 200),
    node('out', 'output.text', { name: 'loud' }, 400),
  ],
  edges: [edge('e1', 'in', 'text', 't', 'v'), edge('e2', 't', 'text', 'out', 'text')],
};
const mapper = (concurrency) => ({
  version: 1,
  name: 'mapper',
  nodes: [
    node('items', 'input.json', { name: 'items' }, 0),
    node('map', 'flow.map', { file: 'shout.flow.json', concurrency }, 200),
    node('out', 'output.json', { name: 'results' }, 400),
  ],
  edges: [edge('e1', 'items', 'value', 'map', 'items'), edge('e2', 'map', 'results', 'out', 'value')],
});

const dir = mkdtempSync(path.join(os.tmpdir(), 'flowstudio-map-bench-'));
try {
  writeFileSync(path.join(dir, 'shout.flow.json'), engine.serializeFlow(shout));
  const items = Array.from({ length: ITEMS }, (_, i) => `item ${i}`);
  const file = path.join(dir, 'mapper.flow.json');
  const loaded = new engine.FileFlowLoader().load('shout.flow.json', dir);

  const viaMap = async (concurrency) => {
    const result = await engine.runFlow(mapper(concurrency), { file, inputs: { items } }).result;
    if (result.status !== 'ok') throw new Error(result.error?.message);
  };
  const byHand = async (concurrency) => {
    let next = 0;
    const worker = async () => {
      while (next < ITEMS) {
        const words = items[next++];
        const result = await engine.runFlow(loaded.flow, { file: loaded.file, inputs: { words } }).result;
        if (result.status !== 'ok') throw new Error(result.error?.message);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
  };
  const cases = [
    ['flow.map, concurrency 1', () => viaMap(1)],
    ['by hand, one after another', () => byHand(1)],
    ['flow.map, concurrency 4', () => viaMap(4)],
    ['by hand, four at a time', () => byHand(4)],
  ];
  const times = new Map(cases.map(([name]) => [name, []]));
  // Interleaved rounds, so a busy moment on the machine falls on every case alike; one warm-up round.
  for (let round = 0; round <= ROUNDS; round++) {
    for (const [name, run] of cases) {
      const started = performance.now();
      await run();
      if (round > 0) times.get(name).push(performance.now() - started);
    }
  }
  console.log(`${ITEMS} items, median of ${ROUNDS} rounds, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`);
  for (const [name, list] of times) console.log(`${name.padEnd(28)} ${((median(list) * 1000) / ITEMS).toFixed(1)} µs per item`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
