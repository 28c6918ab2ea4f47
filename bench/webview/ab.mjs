// Compares the first paint of two builds of the canvas in one browser: `node bench/webview/ab.mjs
// DIR_A DIR_B [page] [rounds]`, each DIR a bench directory written by run.mjs (BENCH_OUT names it;
// BENCH_PAGES_ONLY=1 writes the pages without running them). Each round opens the page (default
// `large`) from both, in an order that alternates between rounds, and the result is the median of
// the per-round differences: this VM's speed drifts by up to 30% within minutes, which a difference
// taken seconds apart mostly cancels and two separate runs do not.
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { startPageServer } from './page-server.mjs';
import { launchUnattachedChromium } from './unattached-chromium.mjs';

const [dirA, dirB, page = 'large', roundsArg = '15'] = process.argv.slice(2);
const rounds = Number(roundsArg);
if (!dirA || !dirB || !Number.isInteger(rounds) || rounds < 1) {
  console.error('usage: node bench/webview/ab.mjs DIR_A DIR_B [page] [rounds]');
  process.exit(2);
}
const dirs = [dirA, dirB].map((d) => path.resolve(d));
for (const dir of dirs)
  if (!existsSync(path.join(dir, `page-${page}.html`)))
    throw new Error(`${dir} has no page-${page}.html: write it with BENCH_OUT=${dir} BENCH_PAGES_ONLY=1 node bench/webview/run.mjs`);

const servers = await Promise.all(dirs.map((dir) => startPageServer(dir)));
const browser = await launchUnattachedChromium(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', { width: 1400, height: 987 });
const times = [[], []];
try {
  const open = async (side) => {
    const id = await browser.open(servers[side].url(`page-${page}.html`));
    const report = await servers[side].next(30_000);
    await browser.close(id);
    return report.paintedAt;
  };
  // The first page of a fresh browser pays for starting its renderer.
  await open(0);
  for (let round = 0; round < rounds; round += 1) {
    for (const side of round % 2 === 0 ? [0, 1] : [1, 0]) times[side].push(await open(side));
    process.stderr.write('.');
  }
  process.stderr.write('\n');
} finally {
  await browser.dispose();
  await Promise.all(servers.map((s) => s.close()));
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const differences = times[1].map((t, i) => t - (times[0][i] ?? 0));
for (const [side, dir] of dirs.entries())
  console.log(
    `${side === 0 ? 'A' : 'B'} ${dir}: median ${median(times[side]).toFixed(0)} ms (${times[side].map((t) => t.toFixed(0)).join(' ')})`,
  );
console.log(
  `B − A, median of ${rounds} paired rounds: ${median(differences).toFixed(0)} ms (B faster in ${differences.filter((d) => d < 0).length} of ${rounds})`,
);
