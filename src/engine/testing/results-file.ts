// A test run as JSON: what the json reporter prints and what is saved under .flowstudio/test-results/
// to compare later runs with. Paths are relative to the folder the run started in, so results from
// another checkout or commit compare case by case.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as z from 'zod';
import type { CaseResult, TestReport, TestSummary } from './run-tests';

export const RESULTS_VERSION = 1;
/** Where runs are kept for comparisons, relative to the workspace folder. */
export const RESULTS_FOLDER = path.join('.flowstudio', 'test-results');
export const LATEST_RESULTS = 'latest.json';

export interface SavedCase extends Omit<CaseResult, 'position' | 'row' | 'index'> {
  /** Line of the case in its test file, or of its row in the dataset. */
  line?: number;
  dataset?: string;
}

export interface SavedResults {
  version: typeof RESULTS_VERSION;
  startedAt: string;
  summary: TestSummary;
  files: { file: string; flow: string; cases: SavedCase[] }[];
}

export function toSavedResults(report: TestReport, baseDir: string): SavedResults {
  const relative = (file: string) => path.relative(baseDir, file).split(path.sep).join('/');
  return {
    version: RESULTS_VERSION,
    startedAt: report.startedAt,
    summary: report.summary,
    files: report.suites.map((suite) => ({
      file: relative(suite.file),
      flow: relative(suite.flowFile),
      cases: suite.cases.map(({ position, row, index: _index, ...rest }) => ({
        ...rest,
        ...(row ? { dataset: relative(row.file), line: row.line } : position ? { line: position.line } : {}),
      })),
    })),
  };
}

const savedCaseSchema = z.looseObject({
  name: z.string(),
  status: z.enum(['passed', 'failed']),
  durationMs: z.number().optional(),
  outputs: z.record(z.string(), z.unknown()).optional(),
  usage: z.looseObject({ inputTokens: z.number(), outputTokens: z.number() }).optional(),
});
const savedResultsSchema = z.looseObject({
  version: z.literal(RESULTS_VERSION),
  files: z.array(z.looseObject({ file: z.string(), cases: z.array(savedCaseSchema) })),
});

/** Reads saved results; the error names the source and what is wrong with it. */
export function parseSavedResults(text: string, source: string): SavedResults {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`${source}: not a test results file (invalid JSON: ${(error as Error).message})`);
  }
  const parsed = savedResultsSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${source}: not a test results file (${issue.path.join('.') || 'top level'}: ${issue.message})`);
  }
  return parsed.data as unknown as SavedResults;
}

export type CaseStatus = 'passed' | 'failed' | 'absent';

export interface CaseChange {
  file: string;
  name: string;
  before: CaseStatus;
  after: CaseStatus;
}

/** Cases whose status differs between two runs (new and removed cases included), in the later run's order. */
export function compareResults(before: SavedResults, after: SavedResults): CaseChange[] {
  const key = (file: string, name: string) => `${file}\u0000${name}`;
  const earlier = new Map<string, CaseStatus>();
  for (const f of before.files) for (const c of f.cases) earlier.set(key(f.file, c.name), c.status);
  const changes: CaseChange[] = [];
  const seen = new Set<string>();
  for (const f of after.files) {
    for (const c of f.cases) {
      const k = key(f.file, c.name);
      seen.add(k);
      const was = earlier.get(k) ?? 'absent';
      if (was !== c.status) changes.push({ file: f.file, name: c.name, before: was, after: c.status });
    }
  }
  for (const f of before.files) {
    for (const c of f.cases)
      if (!seen.has(key(f.file, c.name))) changes.push({ file: f.file, name: c.name, before: c.status, after: 'absent' });
  }
  return changes;
}

/** Keeps a run as latest.json and under its start time; the folder ignores itself in git. Returns the timestamped file. */
export function saveTestResults(saved: SavedResults, baseDir: string): string {
  const folder = path.join(baseDir, RESULTS_FOLDER);
  mkdirSync(folder, { recursive: true });
  const ignore = path.join(folder, '.gitignore');
  if (!existsSync(ignore)) writeFileSync(ignore, '# Test results of flow test runs, kept for comparisons; not committed.\n*\n');
  const text = `${JSON.stringify(saved, null, 2)}\n`;
  const file = path.join(folder, `${saved.startedAt.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, text);
  writeFileSync(path.join(folder, LATEST_RESULTS), text);
  return file;
}
