// A throw-away extension that runs the extension tests with mocha inside the real extension host
// and writes the results to the file the harness (scripts/vscode/run-extension-tests.mjs) waits for.
import { existsSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type Mocha from 'mocha';

export interface TestOutcome {
  title: string;
  state: 'passed' | 'failed';
  durationMs: number;
  error?: string;
}

export interface TestResults {
  vscodeVersion: string;
  outcomes: TestOutcome[];
  /** Set when the run itself broke (no tests found, a file failed to load). */
  fatal?: string;
}

export async function activate(): Promise<void> {
  const resultsFile = process.env.FLOWSTUDIO_TEST_RESULTS;
  const testsDir = process.env.FLOWSTUDIO_TESTS_DIR;
  const mochaPath = process.env.FLOWSTUDIO_MOCHA_PATH;
  if (!resultsFile || !testsDir || !mochaPath || existsSync(resultsFile)) return;
  const vscode = await import('vscode');
  const results: TestResults = { vscodeVersion: vscode.version, outcomes: [] };
  try {
    // The path of mocha is known only at run time, and the extension host loads CommonJS.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const MochaClass = require(mochaPath) as typeof Mocha;
    const mocha = new MochaClass({
      ui: 'bdd',
      timeout: 60_000,
      color: false,
      reporter: class {} as unknown as Mocha.ReporterConstructor,
      forbidOnly: true,
      forbidPending: true,
    });
    const files = readdirSync(testsDir)
      .filter((f) => f.endsWith('.test.js'))
      .sort();
    if (files.length === 0) throw new Error(`no test files in ${testsDir}`);
    for (const file of files) mocha.addFile(path.join(testsDir, file));
    await new Promise<void>((resolve) => {
      const runner = mocha.run(() => resolve());
      runner.on('pass', (test: Mocha.Test) =>
        results.outcomes.push({ title: test.fullTitle(), state: 'passed', durationMs: test.duration ?? 0 }),
      );
      runner.on('fail', (test: Mocha.Test, error: Error) =>
        results.outcomes.push({
          title: test.fullTitle(),
          state: 'failed',
          durationMs: test.duration ?? 0,
          error: error.stack ?? error.message,
        }),
      );
    });
  } catch (error) {
    results.fatal = (error as Error).stack ?? String(error);
  }
  // Written whole and then renamed: the harness reads the file as soon as it appears.
  writeFileSync(`${resultsFile}.partial`, JSON.stringify(results, null, 2));
  renameSync(`${resultsFile}.partial`, resultsFile);
}
