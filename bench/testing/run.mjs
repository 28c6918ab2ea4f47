// Test runner benchmark (`npm run bench:testing`): the overhead `runTestSuites` adds per case over a bare
// `runFlow` of the same flow with the same inputs, both from dist/engine.js in the same run, rounds
// alternating. Cases are greet runs checked with an equals and a contains assertion; one case at a time,
// so the difference is the runner's own work (case setup, usage tracking, assertions, results), not
// concurrency. `--write` replaces the results table in bench/README.md.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

const require = createRequire(import.meta.url);
const engine = require('../../dist/engine.js');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);
const CASES = Number(process.env.BENCH_CASES ?? 2000);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const greet = path.resolve(import.meta.dirname, '../../examples/greet.flow.json');
const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-testing-'));
const people = Array.from({ length: CASES }, (_, i) => `Person ${i}`);
writeFileSync(
  path.join(dir, 'greet.flowtest.json'),
  JSON.stringify({
    version: 1,
    flow: greet,
    cases: people.map((person, i) => ({ name: `case ${i}`, inputs: { person }, expect: { greeting: `Hello, ${person}!` } })),
  }),
);
const suite = await engine.loadTestSuite(path.join(dir, 'greet.flowtest.json'));
rmSync(dir, { recursive: true, force: true });
const flow = suite.flow;
const registry = engine.coreRegistry();

async function bare() {
  const started = performance.now();
  for (const person of people) {
    const result = await engine.runFlow(flow, { inputs: { person }, registry, file: suite.flowFile, recordEvents: false }).result;
    if (result.outputs.greeting !== `Hello, ${person}!`) throw new Error('bare run gave a wrong greeting');
  }
  return performance.now() - started;
}

async function runner(concurrency) {
  const started = performance.now();
  const report = await engine.runTestSuites([suite], { concurrency, registry });
  if (report.summary.passed !== CASES) throw new Error(`the runner passed ${report.summary.passed} of ${CASES} cases`);
  return performance.now() - started;
}

for (let i = 0; i < 2; i++) {
  await bare();
  await runner(1);
}
const times = { bare: [], runner: [], runner8: [] };
for (let round = 0; round < ROUNDS; round++) {
  times.bare.push(await bare());
  times.runner.push(await runner(1));
  times.runner8.push(await runner(8));
}
const perCase = (ms) => (ms * 1000) / CASES;
const bareUs = perCase(median(times.bare));
const runnerUs = perCase(median(times.runner));
const runner8Us = perCase(median(times.runner8));
const overheadUs = runnerUs - bareUs;

const load = os.loadavg()[0].toFixed(1);
const lines = [
  `Measured ${new Date().toISOString().slice(0, 10)} on ${os.cpus()[0]?.model.split(' ').slice(0, 2).join(' ') ?? 'unknown CPU'}, ${os.cpus().length} cores, Node ${process.version}; median of ${ROUNDS} rounds of ${CASES.toLocaleString('en-US')} cases after 2 warm-ups; 1-minute load average ${load}.`,
  '',
  '| case | per case | detail | target |',
  '|---|---|---|---|',
  `| bare \`runFlow\` of greet, awaited one after another (reference) | ${bareUs.toFixed(1)} µs | ${median(times.bare).toFixed(0)} ms for ${CASES.toLocaleString('en-US')} | — |`,
  `| \`runTestSuites\`, concurrency 1, one equals assertion per case | ${runnerUs.toFixed(1)} µs | overhead over bare: ${overheadUs.toFixed(1)} µs (${(overheadUs / 1000).toFixed(4)} ms) per case | overhead ≤ 1 ms per case |`,
  `| \`runTestSuites\`, concurrency 8 | ${runner8Us.toFixed(1)} µs | ${median(times.runner8).toFixed(0)} ms for ${CASES.toLocaleString('en-US')} | — |`,
];
const table = lines.join('\n');
console.log(table);
if (overheadUs > 1000) {
  console.error(`the runner's overhead, ${overheadUs.toFixed(1)} µs per case, is over the 1 ms target`);
  process.exitCode = 1;
}
if (process.argv.includes('--write')) {
  const readme = new URL('../README.md', import.meta.url);
  const current = readFileSync(readme, 'utf8');
  const start = '<!-- testing-results:start -->';
  const end = '<!-- testing-results:end -->';
  const from = current.indexOf(start);
  const to = current.indexOf(end);
  if (from < 0 || to < 0) throw new Error('bench/README.md lacks the testing-results markers');
  writeFileSync(readme, `${current.slice(0, from + start.length)}\n${table}\n${current.slice(to)}`);
  console.log('\nwrote bench/README.md');
}
