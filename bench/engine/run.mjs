// Engine benchmark (`npm run bench`): per-node overhead of the executor on the shapes named in the
// foundation issue, each next to a bare promise scheduler doing the same string work, in one run.
// `--write` replaces the results table in bench/README.md.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { fanOutFanIn, parallelDelays, templateChain } from './flows.mjs';

const require = createRequire(import.meta.url);
const engine = require('../../dist/engine.js');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Median executor time (RunResult.durationMs) and median wall time of the whole runFlow call, plan compile included. */
async function runMedian(flow, options, rounds = ROUNDS) {
  const times = [];
  const walls = [];
  for (let i = 0; i < rounds + 2; i++) {
    // A fresh copy each round: runFlow caches compiled plans per Flow object, and the wall time
    // should include compiling.
    const fresh = structuredClone(flow);
    const start = performance.now();
    const result = await engine.runFlow(fresh, { inputs: { x: 'hello' }, ...options }).result;
    const wall = performance.now() - start;
    if (result.status !== 'ok') throw new Error(`${flow.name}: ${result.error?.message}`);
    if (i >= 2) {
      times.push(result.durationMs); // after two warm-up rounds
      walls.push(wall);
    }
  }
  return { ms: median(times), wallMs: median(walls) };
}

/** The least a scheduler can do: one awaited promise per node around the same template replace. */
async function bareChain(length) {
  const times = [];
  for (let r = 0; r < ROUNDS + 2; r++) {
    const start = performance.now();
    let value = 'hello';
    for (let i = 0; i < length; i++)
      value = await Promise.resolve('{{v}}'.replace(/\{\{\s*([A-Za-z_][A-Za-z0-9_-]*)\s*\}\}/g, () => value));
    if (value !== 'hello') throw new Error('bare chain broke');
    if (r >= 2) times.push(performance.now() - start);
  }
  return median(times);
}

function childRss(args) {
  const out = execFileSync(process.execPath, [new URL('./rss-child.mjs', import.meta.url).pathname, ...args], { encoding: 'utf8' });
  return JSON.parse(out).maxRssKb / 1024;
}

const chain = templateChain(10_000);
const fan = fanOutFanIn(1_000);
const chainNodes = chain.nodes.length;
const fanNodes = fan.nodes.length;

const chainRun = await runMedian(chain, {});
const chainQuiet = await runMedian(chain, { recordEvents: false });
const bareMs = await bareChain(10_000);
const fanRun = await runMedian(fan, {});
const delayMs = (await runMedian(parallelDelays(8, 50), {}, 9)).ms;
const chainMs = chainRun.ms;
const rssMb = childRss([]);
const baselineRssMb = childRss(['--baseline']);

const us = (ms, nodes) => ((ms * 1000) / nodes).toFixed(2);
const rows = [
  [
    '10,000-node `text.template` chain, events recorded',
    `${us(chainMs, chainNodes)} µs/node`,
    `${chainMs.toFixed(1)} ms run; ${us(chainRun.wallMs, chainNodes)} µs/node with plan compile`,
    'under 5 µs/node',
  ],
  [
    'same chain, nobody listening (`recordEvents: false`, no `onEvent`: node events are not built)',
    `${us(chainQuiet.ms, chainNodes)} µs/node`,
    `${chainQuiet.ms.toFixed(1)} ms run; ${us(chainQuiet.wallMs, chainNodes)} µs/node with plan compile`,
    'under 5 µs/node',
  ],
  [
    'bare promise chain, same template work (reference)',
    `${us(bareMs, 10_000)} µs/node`,
    `executor / bare = ${(chainMs / bareMs).toFixed(1)}×`,
    '—',
  ],
  [
    '1 → 1,000 → 1 fan-out/fan-in',
    `${us(fanRun.ms, fanNodes)} µs/node`,
    `${fanRun.ms.toFixed(1)} ms run; ${us(fanRun.wallMs, fanNodes)} µs/node with plan compile`,
    'under 5 µs/node',
  ],
  [
    '8 parallel `util.delay` 50 ms',
    `${delayMs.toFixed(1)} ms`,
    `${((delayMs / 50 - 1) * 100).toFixed(1)} % over 50 ms`,
    'within 10 % of 50 ms',
  ],
  [
    'peak RSS, 10,000-node chain (own process)',
    `${rssMb.toFixed(0)} MB`,
    `engine loaded, no run: ${baselineRssMb.toFixed(0)} MB`,
    'under 150 MB',
  ],
];

const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
const header = `Measured ${new Date().toISOString().slice(0, 10)} on ${cpu}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}; median of ${ROUNDS} runs after 2 warm-ups.`;
const table = [header, '', '| case | result | detail | target |', '|---|---|---|---|', ...rows.map((r) => `| ${r.join(' | ')} |`)].join(
  '\n',
);
console.log(table);

if (process.argv.includes('--write')) {
  const readme = new URL('../README.md', import.meta.url);
  const text = readFileSync(readme, 'utf8');
  const start = '<!-- engine-results:start -->';
  const end = '<!-- engine-results:end -->';
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < 0) throw new Error('bench/README.md lacks the engine-results markers');
  writeFileSync(readme, `${text.slice(0, from + start.length)}\n${table}\n${text.slice(to)}`);
  console.log('\nwrote bench/README.md');
}
