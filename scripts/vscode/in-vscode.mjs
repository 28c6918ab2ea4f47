// Runs mocha test files inside a REAL VS Code extension host. code-server (a VS Code build from the
// npm registry) serves the workbench on a random loopback port; Debian's chromium, driven by
// playwright-core, opens it, which starts the extension host with FlowStudio and a small
// test-runner extension (test/extension/runner) loaded. The runner writes its results to a file
// this module waits for. Used by the extension tests and the extension benchmark.
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, watch, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { chromium } from 'playwright-core';
import { cacheDir, ensureVsCode } from './install.mjs';
import { launchCodeServer } from './launch.mjs';

export const root = fileURLToPath(new URL('../..', import.meta.url));
const require = createRequire(import.meta.url);
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const outDir = path.join(root, 'out', 'in-vscode');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const bundleOptions = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'es2022',
  sourcemap: 'inline',
  external: ['vscode', 'mocha'],
  logLevel: 'warning',
  mainFields: ['module', 'main'],
};

/** Installs VS Code if needed, checks the build, bundles the runner extension; returns a session to run suites in. */
export async function startVsCodeSession() {
  ensureVsCode();
  if (!existsSync(path.join(root, 'dist', 'extension.js'))) throw new Error('dist/extension.js is missing: run `npm run build` first');
  rmSync(outDir, { recursive: true, force: true });
  const runnerDir = path.join(outDir, 'runner');
  mkdirSync(runnerDir, { recursive: true });
  await esbuild.build({
    ...bundleOptions,
    entryPoints: [path.join(root, 'test/extension/runner/index.ts')],
    outfile: path.join(runnerDir, 'main.js'),
  });
  cpSync(path.join(root, 'test/extension/runner/package.json'), path.join(runnerDir, 'package.json'));
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    /**
     * @param {object} suite
     * @param {string} suite.name
     * @param {string} suite.testsDir   folder (relative to the repo) whose *.test.ts files run
     * @param {boolean} suite.trust     true: workspace trust on and the folder untrusted
     * @param {Record<string,string>} [suite.env]  extra environment for the extension host
     * @param {string} [suite.artifactsDir]  where screenshots and logs go
     */
    run: (suite) => runSuite(suite, runnerDir, browser),
    close: () => browser.close(),
  };
}

async function runSuite(suite, runnerDir, browser) {
  // Inside the runner extension's folder, so `require('vscode')` in a test gets the runner's API
  // (contributions such as its test language model vendor count as the caller's own).
  const testsOut = path.join(runnerDir, 'suites', suite.name);
  const dir = path.join(root, suite.testsDir);
  // FLOWSTUDIO_TEST_FILES=a.test.ts,b.test.ts runs only those files of the suite.
  const chosen = process.env.FLOWSTUDIO_TEST_FILES?.split(',').filter(Boolean);
  const entries = readdirSync(dir).filter((f) => f.endsWith('.test.ts') && (!chosen || chosen.includes(f)));
  await esbuild.build({ ...bundleOptions, entryPoints: entries.map((f) => path.join(dir, f)), outdir: testsOut });

  const stateDir = path.join(cacheDir, `run-${suite.name}`);
  const workspace = path.join(stateDir, 'workspace');
  rmSync(stateDir, { recursive: true, force: true });
  // The workspace is a fresh copy of examples/, so tests may write into it.
  cpSync(path.join(root, 'examples'), workspace, { recursive: true });
  const resultsFile = path.join(stateDir, 'results', 'results.json');
  mkdirSync(path.dirname(resultsFile), { recursive: true });
  const artifactsDir = suite.artifactsDir ?? path.join(root, 'test-results', 'extension');
  const server = await launchCodeServer({
    stateDir: path.join(stateDir, 'code'),
    workspace,
    port: 0,
    password: undefined,
    trustWorkspaces: suite.trust,
    chat: true,
    extensions: {
      [`${pkg.publisher}.${pkg.name}-${pkg.version}`]: root,
      'flowstudio.test-runner-0.0.1': runnerDir,
    },
    env: {
      ...suite.env,
      FLOWSTUDIO_TEST_RESULTS: resultsFile,
      FLOWSTUDIO_TESTS_DIR: testsOut,
      FLOWSTUDIO_MOCHA_PATH: require.resolve('mocha'),
    },
  });
  const started = Date.now();
  // vscode.env.clipboard in code-server is the browser's clipboard, which waits for these permissions.
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 }, permissions: ['clipboard-read', 'clipboard-write'] });
  const consoleLines = [];
  page.on('console', (message) => consoleLines.push(`[${message.type()}] ${message.text()}`));
  mkdirSync(artifactsDir, { recursive: true });
  try {
    // A busy machine can take longer than Playwright's 30 s default for the workbench's first load.
    await page.goto(server.workspaceUrl, { timeout: 120_000 });
    await waitForFile(resultsFile, Number(process.env.FLOWSTUDIO_SUITE_TIMEOUT_MS ?? 600_000));
    const results = JSON.parse(readFileSync(resultsFile, 'utf8'));
    await page.screenshot({ path: path.join(artifactsDir, `${suite.name}.png`) });
    return { ...results, seconds: (Date.now() - started) / 1000 };
  } catch (error) {
    await page.screenshot({ path: path.join(artifactsDir, `${suite.name}-failure.png`) }).catch(() => {});
    writeFileSync(path.join(artifactsDir, `${suite.name}-console.log`), consoleLines.join('\n'));
    writeFileSync(path.join(artifactsDir, `${suite.name}-server.log`), server.output());
    return { fatal: `${error.message}\n(browser console and server log in ${artifactsDir})`, outcomes: [] };
  } finally {
    await page.close();
    await server.stop();
  }
}

/** Resolves when `file` exists: the runner writes it once, when every test has finished. */
function waitForFile(file, timeoutMs) {
  return new Promise((resolve, reject) => {
    const watcher = watch(path.dirname(file), () => {
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
