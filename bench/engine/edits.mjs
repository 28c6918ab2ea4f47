// Canvas edit benchmark (`npm run bench:edits`): applyFlowEdits from dist/engine.js on the 1,000-node /
// 1,500-edge flow, each case next to JSON.parse of the same text, measured in the same run (the
// ratios hold on a busy machine when the milliseconds do not). Also checks that moving one node
// changes exactly its two position lines. `--write` replaces the results table in bench/README.md.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { performance } from 'node:perf_hooks';

const require = createRequire(import.meta.url);
const engine = require('../../dist/engine.js');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 25);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** The flow of the webview and extension benchmarks: a grid of text.template nodes, every input fed by an earlier node. */
function largeFlow(nodeCount, edgeCount) {
  const nodes = Array.from({ length: nodeCount }, (_, i) => ({
    id: `n${i}`,
    type: 'text.template',
    position: { x: (i % 40) * 280, y: Math.floor(i / 40) * 160 },
    params: { template: '{{a}} and {{b}}' },
  }));
  const edges = Array.from({ length: edgeCount }, (_, k) => {
    const target = 1 + (k % (nodeCount - 1));
    return {
      id: `e${k}`,
      source: `n${(target * 7919 + k) % target}`,
      sourceHandle: 'text',
      target: `n${target}`,
      targetHandle: k < nodeCount - 1 ? 'a' : 'b',
    };
  });
  return { version: 1, name: 'bench', nodes, edges };
}

const text = engine.serializeFlow(largeFlow(1000, 1500));
const moveOne = [{ type: 'moveNodes', nodes: [{ id: 'n500', x: 12345, y: -678 }] }];
const moveAll = [{ type: 'moveNodes', nodes: Array.from({ length: 1000 }, (_, i) => ({ id: `n${i}`, x: i * 7 + 1, y: -i - 1 })) }];
const setParam = [{ type: 'setParam', nodeId: 'n999', name: 'template', value: 'Hello {{a}}' }];

const changedLines = (after) => {
  const before = text.split('\n');
  return after.split('\n').filter((line, i) => before[i] !== line).length;
};
if (changedLines(engine.applyFlowEdits(text, moveOne).text) !== 2) throw new Error('moving one node did not change exactly two lines');
if (changedLines(engine.applyFlowEdits(text, moveAll).text) !== 2000)
  throw new Error('moving every node did not change exactly 2,000 lines');

// A drop after a drop: the editor applies each edit to the text the one before produced (an equal
// string, not the same object, as getText() returns), and the engine keeps that text's index.
let current = Buffer.from(text).toString();
let step = 0;
const dropAfterDrop = () => {
  step += 1;
  current = Buffer.from(
    engine.applyFlowEdits(current, [{ type: 'moveNodes', nodes: [{ id: `n${step % 1000}`, x: step, y: -step }] }]).text,
  ).toString();
};

const cases = [
  { name: 'JSON.parse of the file (reference)', run: () => JSON.parse(text) },
  { name: 'one node moved (`moveNodes`, 1 node)', run: () => engine.applyFlowEdits(text, moveOne), target: 10 },
  {
    name: 'all 1,000 nodes moved (`moveNodes`, one batch, as after auto-layout)',
    run: () => engine.applyFlowEdits(text, moveAll),
    target: 150,
  },
  { name: 'a param edit (`setParam`)', run: () => engine.applyFlowEdits(text, setParam), target: 10 },
  {
    name: "one node moved on the text the previous move produced (the editor's case)",
    before: dropAfterDrop,
    run: dropAfterDrop,
    target: 10,
  },
];
// The first four cases start from a text the engine has not seen (each case's result replaces the
// engine's last text before the same case comes round again).
// Rounds take the cases in turn, so load from other work on the machine falls on all of them alike.
const samples = cases.map(() => []);
for (let round = 0; round < ROUNDS + 3; round++) {
  cases.forEach((c, i) => {
    c.before?.();
    const start = performance.now();
    c.run();
    if (round >= 3) samples[i].push(performance.now() - start);
  });
}
const medians = samples.map(median);
const rows = cases.map((c, i) => {
  const ms = medians[i];
  const verdict = c.target === undefined ? '—' : `${ms <= c.target ? 'met' : 'missed'}: ≤ ${c.target} ms`;
  return `| ${c.name} | ${ms.toFixed(2)} ms | ${(ms / medians[0]).toFixed(2)}× | ${verdict} |`;
});
const table = [
  `Measured ${new Date().toISOString().slice(0, 10)} on ${os.cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${os.cpus().length} cores, Node ${process.version}; ` +
    `median of ${ROUNDS} rounds after 3 warm-ups, the cases taking turns; a ${(text.length / 1024).toFixed(0)} KB file; 1-minute load average ${os.loadavg()[0].toFixed(1)}.`,
  '',
  '| case | median | × JSON.parse | target |',
  '|---|---|---|---|',
  ...rows,
].join('\n');
console.log(table);

if (process.argv.includes('--write')) {
  const readme = new URL('../README.md', import.meta.url);
  const current = readFileSync(readme, 'utf8');
  const start = '<!-- edits-results:start -->';
  const end = '<!-- edits-results:end -->';
  const from = current.indexOf(start);
  const to = current.indexOf(end);
  if (from < 0 || to < 0) throw new Error('bench/README.md lacks the edits-results markers');
  writeFileSync(readme, `${current.slice(0, from + start.length)}\n${table}\n${current.slice(to)}`);
  console.log('\nwrote bench/README.md');
}
