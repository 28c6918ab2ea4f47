// `npm run bench:first-flow`: runs the first-flow e2e (test/e2e/first-flow.test.ts) in the real
// workbench and prints how long each step took from "New Flow…" on, and where the first open of the
// canvas went. The test asserts behaviour; the times are only reported here. BENCH_ROUNDS=N (default 1).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const rounds = Number(process.env.BENCH_ROUNDS ?? 1);
const all = [];
for (let round = 0; round < rounds; round++) {
  const out = path.join(mkdtempSync(path.join(os.tmpdir(), 'flowstudio-first-flow-')), 'times.json');
  const mocha = spawnSync(
    process.execPath,
    [
      path.join(root, 'node_modules/mocha/bin/mocha.js'),
      '--no-config',
      '--node-option',
      'import=tsx',
      '--timeout',
      '240000',
      'test/e2e/first-flow.test.ts',
    ],
    { cwd: root, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, FLOWSTUDIO_FIRST_FLOW_TIMES: out } },
  );
  if (mocha.status !== 0) {
    // The steps reached before the failure still say where the time went.
    const partial = existsSync(out) ? readFileSync(out, 'utf8') : '{}';
    console.error(`round ${round + 1}: the first-flow e2e failed (exit ${mocha.status}); times of the steps it reached:\n${partial}`);
    process.exit(1);
  }
  all.push(JSON.parse(readFileSync(out, 'utf8')));
}
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
console.log(`\nFirst flow, median of ${rounds} round(s), ms from running "New Flow…" (load average ${os.loadavg()[0].toFixed(1)}):`);
for (const key of Object.keys(all[0])) console.log(`  ${key.padEnd(48)} ${String(median(all.map((t) => t[key]))).padStart(7)} ms`);
