// `npm run bench:first-open`: runs the first-open e2e (test/e2e/first-open.test.ts) in a fresh real
// workbench per round and prints where the first and the second open of a canvas spent their time,
// in ms from pressing Enter in Quick Open. BENCH_ROUNDS=N (default 3).
// `node bench/e2e/first-open.mjs OTHER_CHECKOUT` takes turns with another checkout's build (its own
// dist/ and test, built beforehand), so both see the same machine load; the medians are printed side by side.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('../..', import.meta.url));
const other = process.argv[2] ? path.resolve(process.argv[2]) : undefined;
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const checkouts = other ? [here, other] : [here];
const results = new Map(checkouts.map((c) => [c, []]));
const loads = [os.loadavg()[0]];

for (let round = 0; round < rounds; round++) {
  for (const checkout of checkouts) {
    const out = path.join(mkdtempSync(path.join(os.tmpdir(), 'flowstudio-first-open-')), 'times.json');
    const mocha = spawnSync(
      process.execPath,
      [
        path.join(here, 'node_modules/mocha/bin/mocha.js'),
        '--no-config',
        '--node-option',
        'import=tsx',
        '--timeout',
        '240000',
        'test/e2e/first-open.test.ts',
      ],
      { cwd: checkout, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, FLOWSTUDIO_FIRST_OPEN_TIMES: out } },
    );
    if (mocha.status !== 0) {
      const partial = existsSync(out) ? readFileSync(out, 'utf8') : '{}';
      console.error(`round ${round + 1} (${checkout}): the first-open e2e failed (exit ${mocha.status}); times it reached:\n${partial}`);
      process.exit(1);
    }
    results.get(checkout).push(JSON.parse(readFileSync(out, 'utf8')));
    loads.push(os.loadavg()[0]);
  }
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const keys = [...new Set(checkouts.flatMap((c) => results.get(c).flatMap((t) => Object.keys(t))))];
console.log(
  `\nFirst open of a canvas, median of ${rounds} round(s), ms from Enter in Quick Open; ` +
    `1-minute load average ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)} during the runs`,
);
console.log(`  ${'step'.padEnd(64)} ${checkouts.map((c) => path.basename(c).slice(0, 12).padStart(12)).join(' ')}`);
for (const key of keys) {
  const cells = checkouts.map((c) => {
    const values = results.get(c).flatMap((t) => (typeof t[key] === 'number' ? [t[key]] : []));
    return (values.length ? String(median(values)) : '—').padStart(12);
  });
  console.log(`  ${key.padEnd(64)} ${cells.join(' ')}`);
}
