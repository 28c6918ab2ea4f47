// `flowstudio test [PATH...]`: runs every *.flowtest.json under the paths, prints a report, saves the
// results under .flowstudio/test-results/ and, with --compare, which cases changed between pass and fail.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import {
  compareResults,
  loadTestSuite,
  parseSavedResults,
  LATEST_RESULTS,
  Redactor,
  RESULTS_FOLDER,
  runTestSuites,
  saveTestResults,
  TestFileError,
  toSavedResults,
  type SavedResults,
  type TestSuite,
} from '../../engine';
import { findWorkspaceFolder, LazyMcpPool } from '../mcp-setup';
import { allowSecretOption, secretPolicyFromFlags } from '../secret-options';
import { changesReport, jsonReport, junitReport, REPORTERS, specReport, summaryLine, type ReporterName } from '../test-reporters';
import { EXIT_OK, EXIT_RUN_FAILED, UsageError } from '../usage';

/** Folders never searched for test files. */
const SKIPPED_FOLDERS = new Set(['node_modules', '.git', '.flowstudio', 'dist', 'out']);
const MAX_TEST_FILES = 10_000;

export async function testCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCliArgs(args);
  const reporter = (values.reporter ?? 'spec') as ReporterName;
  if (!REPORTERS.includes(reporter)) throw new UsageError(`--reporter must be one of ${REPORTERS.join(', ')}, got '${reporter}'`);
  const concurrency = values.concurrency === undefined ? undefined : Number(values.concurrency);
  if (concurrency !== undefined && !(Number.isInteger(concurrency) && concurrency >= 1 && concurrency <= 256))
    throw new UsageError(`--concurrency must be a whole number from 1 to 256, got '${values.concurrency}'`);
  const secretPolicy = secretPolicyFromFlags(values['allow-secret']);
  const baseDir = findWorkspaceFolder(process.cwd());
  // Read before this run saves its own results: `--compare .flowstudio/test-results/latest.json` means the previous run.
  const compareWith = values.compare === undefined ? undefined : readComparison(values.compare, baseDir);

  const files = findTestFiles(positionals.length > 0 ? positionals : ['.']);
  const suites = await loadSuites(files);

  const redactor = new Redactor();
  const mcpPool = new LazyMcpPool({ configFile: values['mcp-config'], allowSecret: values['allow-secret'] });
  const isTerminal = process.stderr.isTTY === true;
  let done = 0;
  const total = suites.reduce((n, s) => n + s.cases.length, 0);
  let failed = 0;
  try {
    const report = await runTestSuites(suites, {
      concurrency,
      mcp: (flowFile) => mcpPool.get(path.dirname(flowFile)),
      secretPolicy,
      redactor,
      onCaseEnd: (_, result) => {
        done++;
        if (result.status === 'failed') failed++;
        // Progress on a terminal only: in CI logs a line per case would bury the report.
        if (isTerminal && reporter === 'spec') process.stderr.write(`\r\x1b[K${done}/${total} cases, ${failed} failed`);
      },
    });
    if (isTerminal && reporter === 'spec') process.stderr.write('\r\x1b[K');
    const saved = toSavedResults(report, baseDir);
    const text =
      reporter === 'spec' ? specReport(report, baseDir) : reporter === 'junit' ? junitReport(report, baseDir) : jsonReport(saved);
    if (values.out) {
      writeFileSync(values.out, text);
      process.stdout.write(`${summaryLine(report.summary)}\n${reporter} report written to ${values.out}\n`);
    } else process.stdout.write(text);
    try {
      saveTestResults(saved, baseDir);
    } catch (error) {
      process.stderr.write(
        `flowstudio: the results were not saved in ${path.join(baseDir, RESULTS_FOLDER)}: ${(error as Error).message}\n`,
      );
    }
    if (compareWith) process.stdout.write(changesReport(compareResults(compareWith.results, saved), compareWith.ref));
    return report.summary.failed === 0 ? EXIT_OK : EXIT_RUN_FAILED;
  } finally {
    await mcpPool.close();
  }
}

function parseCliArgs(args: string[]) {
  try {
    return parseArgs({
      args,
      allowPositionals: true,
      options: {
        reporter: { type: 'string', short: 'r' },
        out: { type: 'string', short: 'o' },
        concurrency: { type: 'string', short: 'j' },
        'mcp-config': { type: 'string' },
        compare: { type: 'string' },
        ...allowSecretOption,
      },
    });
  } catch (error) {
    throw new UsageError(`test: ${(error as Error).message}`);
  }
}

/** The *.flowtest.json files a path names: the file itself, or every one in a folder tree, sorted. */
export function findTestFiles(paths: readonly string[]): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.isDirectory() && !SKIPPED_FOLDERS.has(entry.name)) walk(path.join(dir, entry.name));
      else if (entry.isFile() && entry.name.endsWith('.flowtest.json')) {
        if (found.length >= MAX_TEST_FILES) throw new UsageError(`more than ${MAX_TEST_FILES} test files found; name fewer paths`);
        found.push(path.join(dir, entry.name));
      }
    }
  };
  for (const given of paths) {
    let isFolder: boolean;
    try {
      isFolder = statSync(given).isDirectory();
    } catch {
      throw new UsageError(`${given}: no such file or folder`);
    }
    if (isFolder) walk(given);
    else found.push(given);
  }
  if (found.length === 0) throw new UsageError(`no *.flowtest.json files under ${paths.join(', ')}`);
  return [...new Set(found)];
}

/** Loads every file first: any invalid one stops the command before a single case runs (exit 2). */
async function loadSuites(files: string[]): Promise<TestSuite[]> {
  const suites: TestSuite[] = [];
  const problems: string[] = [];
  for (const file of files) {
    try {
      suites.push(await loadTestSuite(file));
    } catch (error) {
      if (!(error instanceof TestFileError)) throw error;
      problems.push(error.message.replaceAll(path.resolve(file), file));
    }
  }
  if (problems.length > 0) {
    const count = problems.length;
    throw new UsageError(`${problems.join('\n')}\n${count} test file${count === 1 ? ' is' : 's are'} invalid; no case was run`);
  }
  return suites;
}

/**
 * The results to compare with: a results file, or a git ref whose committed
 * .flowstudio/test-results/latest.json is read (results are not committed unless someone chose to).
 */
function readComparison(ref: string, baseDir: string): { ref: string; results: SavedResults } {
  if (existsSync(ref) && statSync(ref).isFile()) return { ref, results: parseResults(readFileSync(ref, 'utf8'), ref) };
  // A ref that starts with '-' would reach git as an option.
  if (ref.startsWith('-')) throw new UsageError(`--compare ${ref}: not a results file or a git ref`);
  const inRepo = path.join(RESULTS_FOLDER, LATEST_RESULTS).split(path.sep).join('/');
  let text: string;
  try {
    text = execFileSync('git', ['show', `${ref}:${inRepo}`], {
      cwd: baseDir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 10_000,
    });
  } catch {
    throw new UsageError(
      `--compare ${ref}: not a results file, and git has no ${inRepo} at '${ref}' (give a saved results file, or a ref where results were committed)`,
    );
  }
  return { ref, results: parseResults(text, `${ref}:${inRepo}`) };
}

function parseResults(text: string, source: string): SavedResults {
  try {
    return parseSavedResults(text, source);
  } catch (error) {
    throw new UsageError(`--compare: ${(error as Error).message}`);
  }
}
