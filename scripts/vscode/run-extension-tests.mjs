// `npm run test:extension`: runs test/extension/**/*.test.ts with mocha inside a REAL VS Code
// extension host. code-server (a VS Code build from the npm registry) serves the workbench on a
// random loopback port; Debian's chromium, driven by playwright-core, opens it, which starts the
// extension host with FlowStudio and a small test-runner extension loaded. The runner writes its
// results to a file this script waits for. Exit code 0 only if every test passed.
//
// Suites: `trusted` (a copy of examples/, workspace trust off) and `untrusted` (the same copy,
// opened with workspace trust on and the folder not trusted).
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, cpSync, writeFileSync, watch } from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { chromium } from 'playwright-core';
import { ensureVsCode, cacheDir } from './install.mjs';
import { launchCodeServer } from './launch.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const require = createRequire(import.meta.url);
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const outDir = path.join(root, 'out', 'extension-tests');
const artifactsDir = path.join(root, 'test-results', 'extension');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const suiteTimeoutMs = Number(process.env.FLOWSTUDIO_SUITE_TIMEOUT_MS ?? 600_000);

const suites = [
  { name: 'trusted', testsDir: 'test/extension', trust: false },
  { name: 'untrusted', testsDir: 'test/extension/untrusted', trust: true },
];

function log(message) {
  process.stderr.write(`[extension-tests] ${message}\n`);
}

/** Bundles each suite's test files and the runner extension to CommonJS for the extension host. */
async function buildTests() {
  rmSync(outDir, { recursive: true, force: true });
  const runnerDir = path.join(outDir, 'runner');
  mkdirSync(runnerDir, { recursive: true });
  const common = { bundle: true, platform: 'node', format: 'cjs', target: 'es2022', sourcemap: 'inline', external: ['vscode', 'mocha'], logLevel: 'warning', mainFields: ['module', 'main'] };
  await esbuild.build({ ...common, entryPoints: [path.join(root, 'test/extension/runner/index.ts')], outfile: path.join(runnerDir, 'main.js') });
  cpSync(path.join(root, 'test/extension/runner/package.json'), path.join(runnerDir, 'package.json'));
  for (const suite of suites) {
    const dir = path.join(root, suite.testsDir);
    const entries = readdirSync(dir).filter((f) => f.endsWith('.test.ts'));
    await esbuild.build({ ...common, entryPoints: entries.map((f) => path.join(dir, f)), outdir: path.join(outDir, suite.name) });
  }
  return runnerDir;
}

function waitForFile(file, timeoutMs) {
  return new Promise((resolve, reject) => {
    const dir = path.dirname(file);
    const watcher = watch(dir, () => {
      if (existsSync(file)) done(resolve);
    });
    const timer = setTimeout(() => done(() => reject(new Error(`no results after ${timeoutMs / 1000} s`))), timeoutMs);
    function done(settle) {
      clearTimeout(timer);
      watcher.close();
      settle();
    }
    if (existsSync(file)) done(resolve);
  });
}

async function runSuite(suite, runnerDir, browser) {
  const stateDir = path.join(cacheDir, `test-${suite.name}`);
  const workspace = path.join(stateDir, 'workspace');
  rmSync(stateDir, { recursive: true, force: true });
  mkdirSync(stateDir, { recursive: true });
  cpSync(path.join(root, 'examples'), workspace, { recursive: true });
  const resultsFile = path.join(stateDir, 'results', 'results.json');
  mkdirSync(path.dirname(resultsFile), { recursive: true });
  const server = await launchCodeServer({
    stateDir: path.join(stateDir, 'code'),
    workspace,
    port: 0,
    password: undefined,
    trustWorkspaces: suite.trust,
    extensions: {
      [`${pkg.publisher}.${pkg.name}-${pkg.version}`]: root,
      'flowstudio.test-runner-0.0.1': runnerDir,
    },
    env: {
      FLOWSTUDIO_TEST_RESULTS: resultsFile,
      FLOWSTUDIO_TESTS_DIR: path.join(outDir, suite.name),
      FLOWSTUDIO_MOCHA_PATH: require.resolve('mocha'),
      FLOWSTUDIO_TEST_SUITE: suite.name,
    },
  });
  const started = Date.now();
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const consoleLines = [];
  page.on('console', (message) => consoleLines.push(`[${message.type()}] ${message.text()}`));
  try {
    await page.goto(server.workspaceUrl);
    await waitForFile(resultsFile, suiteTimeoutMs);
    const results = JSON.parse(readFileSync(resultsFile, 'utf8'));
    mkdirSync(artifactsDir, { recursive: true });
    await page.screenshot({ path: path.join(artifactsDir, `${suite.name}.png`) });
    return { ...results, seconds: (Date.now() - started) / 1000 };
  } catch (error) {
    mkdirSync(artifactsDir, { recursive: true });
    await page.screenshot({ path: path.join(artifactsDir, `${suite.name}-failure.png`) }).catch(() => {});
    writeFileSync(path.join(artifactsDir, `${suite.name}-console.log`), consoleLines.join('\n'));
    writeFileSync(path.join(artifactsDir, `${suite.name}-server.log`), server.output());
    return { fatal: `${error.message}\n(browser console and server log in ${artifactsDir})`, outcomes: [] };
  } finally {
    await page.close();
    await server.stop();
  }
}

function report(suite, results) {
  const passed = results.outcomes.filter((o) => o.state === 'passed');
  const failed = results.outcomes.filter((o) => o.state === 'failed');
  console.log(`\n  ${suite.name} workspace, VS Code ${results.vscodeVersion ?? '?'} extension host`);
  for (const outcome of results.outcomes) {
    const mark = outcome.state === 'passed' ? '✔' : '✖';
    console.log(`    ${mark} ${outcome.title} (${outcome.durationMs} ms)`);
  }
  for (const outcome of failed) console.log(`\n  ✖ ${outcome.title}\n${outcome.error}`);
  if (results.fatal) console.log(`\n  the ${suite.name} suite did not run: ${results.fatal}`);
  console.log(`  ${passed.length} passing, ${failed.length} failing${results.seconds ? ` (${results.seconds.toFixed(1)} s)` : ''}`);
  return failed.length === 0 && !results.fatal && passed.length > 0;
}

ensureVsCode();
if (!existsSync(path.join(root, 'dist', 'extension.js'))) throw new Error('dist/extension.js is missing: run `npm run build` first');
const runnerDir = await buildTests();
const only = process.env.FLOWSTUDIO_SUITE;
const browser = await chromium.launch({
  executablePath: chromiumPath,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
let ok = true;
try {
  for (const suite of suites) {
    if (only && only !== suite.name) continue;
    log(`running the ${suite.name} suite`);
    ok = report(suite, await runSuite(suite, runnerDir, browser)) && ok;
  }
} finally {
  await browser.close();
}
process.exit(ok ? 0 : 1);
