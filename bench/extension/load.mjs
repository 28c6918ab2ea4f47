// `node bench/extension/load.mjs [reference/extension.js]`: the cold load of dist/extension.js, each
// sample in a fresh Node process (no module or compile cache shared between samples), taking turns with
// a reference build's bundle when one is given, so the ratio holds on a busy machine. Complements
// run.mjs, which times activate() in a real VS Code but only re-loads the bundle in a warm process.
// BENCH_ROUNDS=N sets the samples per bundle (default 15).
import { execFileSync } from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const ours = path.join(here, '..', '..', 'dist', 'extension.js');
const reference = process.argv[2] ? path.resolve(process.argv[2]) : undefined;
const rounds = Number(process.env.BENCH_ROUNDS ?? 15);
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const sample = (bundle) => JSON.parse(execFileSync(process.execPath, [path.join(here, 'load-child.mjs'), bundle], { encoding: 'utf8' }));

const loadBefore = os.loadavg()[0];
const results = { ours: [], reference: [] };
const lazy = new Set();
sample(ours); // warms the file cache
for (let round = 0; round < rounds; round++) {
  const result = sample(ours);
  results.ours.push(result.loadMs);
  result.lazy.forEach((file) => lazy.add(file));
  if (reference) results.reference.push(sample(reference).loadMs);
}
const lines = [
  `Cold load of dist/extension.js in a fresh Node ${process.version} process, median of ${rounds}: ${median(results.ours).toFixed(1)} ms` +
    ` (lazy bundles loaded: ${[...lazy].join(', ') || 'none'})`,
];
if (reference) {
  const ratio = median(results.ours) / median(results.reference);
  lines.push(
    `reference ${path.relative(process.cwd(), reference)}, in turn: ${median(results.reference).toFixed(1)} ms; ours / reference = ${ratio.toFixed(2)}×`,
  );
}
lines.push(
  `${os.cpus()[0]?.model.trim()}, ${os.cpus().length} cores; 1-minute load average ${loadBefore.toFixed(1)} before, ${os.loadavg()[0].toFixed(1)} after`,
);
console.log(lines.join('\n'));
