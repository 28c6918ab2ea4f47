// `npm run bench:extension`: activation cost, bundle sizes and the host side of canvas edits on a
// 1,000-node flow, measured in a real VS Code (code-server) extension host opened by chromium, one
// fresh VS Code per round.
// `--write` replaces the results table in bench/README.md. BENCH_ROUNDS=N (default 3).
import { existsSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { root, startVsCodeSession } from '../../scripts/vscode/in-vscode.mjs';

const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
// Another build's dist/extension.js, loaded in turn with ours in each round, as the reference.
const reference = process.env.BENCH_REFERENCE_BUNDLE ? path.resolve(process.env.BENCH_REFERENCE_BUNDLE) : undefined;
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const kb = (bytes) => `${(bytes / 1024).toFixed(0)} KB`;

const loadBefore = os.loadavg()[0];
const session = await startVsCodeSession();
const samples = [];
try {
  for (let round = 0; round < rounds; round++) {
    const out = path.join(mkdtempSync(path.join(os.tmpdir(), 'flowstudio-bench-')), 'probe.json');
    const results = await session.run({
      name: `bench-${round}`,
      testsDir: 'bench/extension/probe',
      trust: false,
      env: { FLOWSTUDIO_BENCH_OUT: out, ...(reference ? { BENCH_REFERENCE_BUNDLE: reference } : {}) },
      artifactsDir: path.join(root, 'test-results', 'bench'),
    });
    const failed = results.fatal ?? results.outcomes.find((o) => o.state === 'failed')?.error;
    if (failed || !existsSync(out)) throw new Error(`the probe failed: ${failed ?? 'no output'}`);
    samples.push(JSON.parse(readFileSync(out, 'utf8')));
    process.stderr.write(`[bench] round ${round + 1}/${rounds} done\n`);
  }
} finally {
  await session.close();
}

const dist = path.join(root, 'dist');
const size = (file) => statSync(path.join(dist, file)).size;
const vsix = readdirSync(root).find((f) => f.endsWith('.vsix'));
const rows = [
  ['bundle load (parse + evaluate dist/extension.js)', `${median(samples.map((s) => s.loadMs)).toFixed(1)} ms`],
  ['activate() (services, custom editor, views, commands)', `${median(samples.map((s) => s.activateMs)).toFixed(1)} ms`],
  ['**bundle load + activate()** (target ≤ 50 ms)', `**${median(samples.map((s) => s.loadMs + s.activateMs)).toFixed(1)} ms**`],
  ...(reference
    ? [
        [
          `bundle load of the reference build (${path.relative(root, reference)}), in turn with ours (median of 3 loads each per round)`,
          `${median(samples.flatMap((s) => s.referenceLoads)).toFixed(1)} ms, ours ${median(samples.flatMap((s) => s.loads)).toFixed(1)} ms: ${(median(samples.flatMap((s) => s.loads)) / median(samples.flatMap((s) => s.referenceLoads))).toFixed(2)}×`,
        ],
      ]
    : []),
  [
    'lazy bundles loaded once activated, before the probe opens a flow (any round)',
    [...new Set(samples.flatMap((s) => s.lazyBundlesLoaded))].sort().join(', ') || 'none',
  ],
  [
    "the host's own work in a drop on that flow (edit, parse of the new version, check of the message to the canvas)",
    `${median(samples.flatMap((s) => s.hostWorkMs)).toFixed(1)} ms`,
  ],
  [
    `**host round trip of a drop** on the 1,000-node / 1,500-edge flow: edit message in → document posted to the canvas (median of ${samples[0].dropMs.length} drops per round; target ≤ 50 ms)`,
    `**${median(samples.flatMap((s) => s.dropMs)).toFixed(1)} ms**`,
  ],
  ['the same for an auto-layout (all 1,000 nodes moved in one edit)', `${median(samples.flatMap((s) => s.layoutMs)).toFixed(1)} ms`],
  [
    'open a flow in the canvas until its webview says ready (median of 5 opens per round)',
    `${median(samples.flatMap((s) => s.openMs)).toFixed(0)} ms`,
  ],
  ['dist/extension.js (minified)', kb(size('extension.js'))],
  [
    'dist/lazy/engine.js, ai-sdk.js, mcp-sdk.js, re2.js (loaded on first use)',
    ['engine', 'ai-sdk', 'mcp-sdk', 're2'].map((name) => kb(size(`lazy/${name}.js`))).join(', '),
  ],
  ['dist/webview.js (minified)', kb(size('webview.js'))],
  ['.vsix package', vsix ? `${kb(statSync(path.join(root, vsix)).size)} (${vsix})` : 'not built (run `npm run package`)'],
];
const cpu = os.cpus()[0]?.model.trim() ?? 'unknown CPU';
const table = [
  `Measured ${new Date().toISOString().slice(0, 10)} on ${cpu}, ${os.cpus().length} cores, VS Code ${samples[0].vscodeVersion} (code-server) on Node 24; median of ${rounds} fresh VS Code starts; 1-minute load average ${loadBefore.toFixed(1)} before and ${os.loadavg()[0].toFixed(1)} after (other work on the machine slows the absolute numbers).`,
  '',
  '| measure | result |',
  '|---|---|',
  ...rows.map(([name, value]) => `| ${name} | ${value} |`),
].join('\n');
console.log(table);
if (process.argv.includes('--write')) {
  const readme = path.join(root, 'bench', 'README.md');
  const text = readFileSync(readme, 'utf8');
  const start = '<!-- extension-results:start -->';
  const end = '<!-- extension-results:end -->';
  if (!text.includes(start)) throw new Error(`bench/README.md has no ${start} marker`);
  writeFileSync(readme, text.replace(new RegExp(`${start}[\\s\\S]*${end}`), `${start}\n${table}\n${end}`));
}
