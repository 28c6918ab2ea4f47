// The `*.flowtest.json` format: the flow under test, cases with inputs and expectations per output, or
// a dataset whose rows are cases. Parsing places every problem at file:line:col, as flow files do.
import { parseTree, printParseErrorCode, type ParseError } from 'jsonc-parser';
import * as z from 'zod';
import { formatLocation, type FlowProblem } from '../flow/errors';
import { findExcessiveNesting, MAX_NESTING_DEPTH, MAX_PROBLEMS_PER_KIND } from '../flow/limits';
import { describePath } from '../flow/parse';
import { LineTable, lazySource, positionOfPath, type FlowSource, type JsonPath, type SourcePosition } from '../flow/source';
import { AssertionSyntaxError, checkJudgeKey, judgeModelSchema, parseAssertion, type Assertion, type JudgeModel } from './assertion';

export const TEST_FILE_VERSION = 1;
/** A test file is read whole; datasets hold the bulk of the data. */
export const MAX_TEST_FILE_BYTES = 5 * 1024 * 1024;
/** The key of an expectation on the run itself rather than on an output. */
export const STATUS_KEY = '$status';

const expectSchema = z.record(z.string(), z.unknown());

export const testCaseSchema = z.strictObject({
  name: z.string().min(1, 'a case needs a name'),
  description: z.string().optional(),
  inputs: z.record(z.string(), z.unknown()).optional(),
  expect: expectSchema.optional(),
});

/** Dollars per million tokens, by model id, so a run's cost can be summed from the usage models report. */
const priceSchema = z.strictObject({ input: z.number().nonnegative(), output: z.number().nonnegative() });

export const testFileSchema = z
  .strictObject({
    $schema: z.string().optional(),
    version: z.literal(TEST_FILE_VERSION),
    flow: z.string().min(1).describe('The flow under test, relative to this file'),
    description: z.string().optional(),
    cases: z.array(testCaseSchema).optional(),
    dataset: z
      .string()
      .regex(/\.(jsonl|ndjson|csv)$/i, 'a dataset is a .jsonl or .csv file')
      .optional()
      .describe('Rows as cases: a JSON Lines or CSV file relative to this file'),
    expectEach: expectSchema.optional().describe('Expectations for every dataset row; {{row.COLUMN}} is replaced by the row value'),
    judge: judgeModelSchema.optional().describe('The model judge assertions use unless they name one'),
    pricing: z.record(z.string(), priceSchema).optional().describe('Dollars per million input and output tokens, by model id'),
  })
  .refine((t) => (t.cases?.length ?? 0) > 0 || t.dataset !== undefined, { message: 'a test file needs cases or a dataset', path: [] })
  .refine((t) => t.expectEach === undefined || t.dataset !== undefined, {
    message: 'expectEach applies to dataset rows: add a dataset',
    path: ['expectEach'],
  });

export type TestFile = z.infer<typeof testFileSchema>;
export type TestCaseSpec = z.infer<typeof testCaseSchema>;

/** What a case expects: the run's status and an assertion per output, each with its place in the file. */
export interface Expectations {
  status: 'ok' | 'error';
  outputs: { output: string; assertion: Assertion; path: JsonPath }[];
}

export interface ParsedTestFile {
  file?: string;
  test: TestFile;
  source: FlowSource;
  /** Expectations of each entry of `cases`, in order. */
  caseExpectations: Expectations[];
}

export class TestFileError extends Error {
  override readonly name = 'TestFileError';

  constructor(
    readonly file: string | undefined,
    readonly problems: FlowProblem[],
  ) {
    super(problems.map((p) => `${formatLocation(file, p.position)}: ${p.message}`).join('\n'));
  }
}

export function parseTestFile(text: string, file?: string): ParsedTestFile {
  const { parsed, problems } = readTestFile(text, file);
  if (problems.length > 0) throw new TestFileError(file, problems);
  return parsed;
}

/**
 * Parses a test file, throwing for what stops reading it (syntax, shape) and returning the problems of
 * its parts (assertions, names), so a caller can add its own checks and report everything at once.
 */
export function readTestFile(text: string, file?: string): { parsed: ParsedTestFile; problems: FlowProblem[] } {
  const lines = new LineTable(text);
  if (text.length > MAX_TEST_FILE_BYTES)
    throw new TestFileError(file, [
      { message: `the test file is larger than ${MAX_TEST_FILE_BYTES / (1024 * 1024)} MB; put rows in a dataset`, path: [] },
    ]);
  const tooDeep = findExcessiveNesting(text);
  if (tooDeep !== undefined)
    throw new TestFileError(file, [
      {
        message: `objects and arrays nest more than ${MAX_NESTING_DEPTH} levels deep here`,
        path: [],
        position: lines.positionAt(tooDeep, 1),
      },
    ]);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new TestFileError(file, syntaxProblems(text, lines, error as Error));
  }
  const source = lazySource(text, file);
  const at = (path: JsonPath): SourcePosition => positionOfPath(source, path);
  const parsed = testFileSchema.safeParse(value);
  if (!parsed.success) {
    const problems = parsed.error.issues.slice(0, MAX_PROBLEMS_PER_KIND).map((issue) => {
      const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
      return { message: `${describePath(path).replace(/^flow$/, 'test file')}: ${issue.message}`, path, position: at(path) };
    });
    throw new TestFileError(file, problems);
  }
  const test = parsed.data;
  const problems: FlowProblem[] = [];
  const caseExpectations = (test.cases ?? []).map((c, i) => readExpectations(c.expect ?? {}, ['cases', i, 'expect'], problems));
  if (test.expectEach) readExpectations(withPlaceholdersFilled(test.expectEach), ['expectEach'], problems);
  if (test.judge) collect(problems, () => checkJudgeKey(test.judge as JudgeModel, ['judge']));
  const names = new Map<string, number>();
  (test.cases ?? []).forEach((c, i) => {
    if (names.has(c.name))
      problems.push({ message: `cases[${i}].name: another case is named '${c.name}'; case names must differ`, path: ['cases', i, 'name'] });
    names.set(c.name, i);
  });
  return {
    parsed: { file, test, source, caseExpectations },
    problems: problems.slice(0, MAX_PROBLEMS_PER_KIND).map((p) => ({ ...p, position: at(p.path) })),
  };
}

/** Reads an `expect` object; problems go to `problems` with their paths. */
export function readExpectations(expect: Record<string, unknown>, path: JsonPath, problems: FlowProblem[]): Expectations {
  const expectations: Expectations = { status: 'ok', outputs: [] };
  for (const [output, value] of Object.entries(expect)) {
    const at = [...path, output];
    if (output === STATUS_KEY) {
      if (value === 'ok' || value === 'error') expectations.status = value;
      else problems.push({ message: `${STATUS_KEY} is "ok" or "error" (the run is expected to fail)`, path: at });
      continue;
    }
    collect(problems, () => expectations.outputs.push({ output, assertion: parseAssertion(value, at), path: at }));
  }
  return expectations;
}

function collect(problems: FlowProblem[], read: () => void): void {
  try {
    read();
  } catch (error) {
    if (!(error instanceof AssertionSyntaxError)) throw error;
    problems.push({ message: error.problem.message, path: error.problem.path });
  }
}

const ROW_PLACEHOLDER = /\{\{\s*row\.([^}\s]+)\s*\}\}/g;

/** Checks expectEach before any row is known: each placeholder stands for a plain word. */
function withPlaceholdersFilled(expect: Record<string, unknown>): Record<string, unknown> {
  return substituteRow(expect, () => 'x') as Record<string, unknown>;
}

/**
 * Replaces `{{row.COLUMN}}` in every string of `value`. A string that is only a placeholder becomes the
 * row's value itself (a number stays a number); elsewhere the value's text is put in.
 */
export function substituteRow(value: unknown, lookup: (column: string) => unknown): unknown {
  if (typeof value === 'string') {
    const whole = /^\{\{\s*row\.([^}\s]+)\s*\}\}$/.exec(value);
    if (whole) return lookup(whole[1]!);
    return value.replace(ROW_PLACEHOLDER, (_, column: string) => {
      const found = lookup(column);
      return typeof found === 'string' ? found : JSON.stringify(found);
    });
  }
  if (Array.isArray(value)) return value.map((item) => substituteRow(item, lookup));
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = substituteRow(item, lookup);
    return out;
  }
  return value;
}

function syntaxProblems(text: string, lines: LineTable, jsonError: Error): FlowProblem[] {
  const errors: ParseError[] = [];
  parseTree(text, errors, { allowTrailingComma: false, disallowComments: true });
  const problems: FlowProblem[] = errors.slice(0, MAX_PROBLEMS_PER_KIND).map((e) => ({
    message: `invalid JSON: ${printParseErrorCode(e.error)
      .replace(/([a-z])([A-Z])/g, '$1 $2')
      .toLowerCase()}`,
    path: [],
    position: lines.positionAt(e.offset, e.length),
  }));
  if (problems.length === 0) {
    const offset = Number(/position (\d+)/.exec(jsonError.message)?.[1] ?? 0);
    problems.push({
      message: text.trim() === '' ? 'the file is empty' : `invalid JSON: ${jsonError.message}`,
      path: [],
      position: lines.positionAt(offset),
    });
  }
  return problems;
}
