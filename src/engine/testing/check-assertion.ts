// Checks one output value against an assertion. Every outcome says what was expected and what came,
// so a report (or VS Code's diff view) can show both; a judge's reason is kept whether it passed or not.
import { isDeepStrictEqual } from 'node:util';
import { compileLinearRegex } from '../components/core/linear-regex';
import type { Assertion, JudgeSpec } from './assertion';

export interface Verdict {
  pass: boolean;
  reason: string;
}

/** Grades `actual` by a judge's rubric (see judge.ts); supplied by the runner. */
export type Grade = (judge: JudgeSpec, actual: unknown) => Promise<Verdict>;

export interface AssertionOutcome {
  pass: boolean;
  /** One line for a report: what was checked and, on failure, why it failed. */
  message: string;
  /** What the assertion wanted, for a diff; absent where there is nothing to diff (a judge, a schema). */
  expected?: unknown;
  actual: unknown;
  /** A judge's reason. */
  reason?: string;
}

export async function checkAssertion(assertion: Assertion, actual: unknown, grade: Grade): Promise<AssertionOutcome> {
  switch (assertion.kind) {
    case 'equals': {
      const pass = isDeepStrictEqual(actual, assertion.value);
      return {
        pass,
        // A passing case's message is seen by few, and rendering values was most of a case's cost.
        message: pass ? 'equals' : `expected ${preview(assertion.value)}, got ${preview(actual)}`,
        expected: assertion.value,
        actual,
      };
    }
    case 'contains': {
      const pass = containsValue(actual, assertion.value);
      return {
        pass,
        message: pass ? 'contains' : `does not contain ${preview(assertion.value)}`,
        expected: assertion.value,
        actual,
      };
    }
    case 'matches': {
      const pass = compileLinearRegex(assertion.pattern).matcher(textFor(actual)).find();
      return { pass, message: `${pass ? 'matches' : 'does not match'} /${assertion.pattern}/`, expected: `/${assertion.pattern}/`, actual };
    }
    case 'schema': {
      const pass = assertion.validate(actual) === true;
      const errors = (assertion.validate.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message ?? 'is invalid'}`);
      return { pass, message: pass ? 'matches the schema' : `does not match the schema: ${errors.slice(0, 3).join('; ')}`, actual };
    }
    case 'judge': {
      const verdict = await grade(assertion.judge, actual);
      return {
        pass: verdict.pass,
        message: `judge ${verdict.pass ? 'passed' : 'failed'}: ${verdict.reason}`,
        expected: assertion.judge.rubric,
        actual,
        reason: verdict.reason,
      };
    }
    case 'not': {
      const inner = await checkAssertion(assertion.assertion, actual, grade);
      return {
        pass: !inner.pass,
        // Failing means the inner assertion held: its passing message is terse, so say in full what held.
        message: `not (${inner.pass ? describeAssertion(assertion.assertion) : inner.message})`,
        ...(inner.expected !== undefined ? { expected: { not: inner.expected } } : {}),
        actual,
        ...(inner.reason !== undefined ? { reason: inner.reason } : {}),
      };
    }
  }
}

function describeAssertion(assertion: Assertion): string {
  switch (assertion.kind) {
    case 'equals':
    case 'contains':
      return `${assertion.kind} ${preview(assertion.value)}`;
    case 'matches':
      return `matches /${assertion.pattern}/`;
    case 'schema':
      return 'matches the schema';
    case 'judge':
      return `judge: ${preview(assertion.judge.rubric)}`;
    case 'not':
      return `not (${describeAssertion(assertion.assertion)})`;
  }
}

/** Text contains a substring, a list contains an element; anything else is searched as its JSON text. */
function containsValue(actual: unknown, wanted: unknown): boolean {
  if (typeof actual === 'string') return typeof wanted === 'string' ? actual.includes(wanted) : actual.includes(JSON.stringify(wanted));
  if (Array.isArray(actual)) return actual.some((item) => isDeepStrictEqual(item, wanted));
  if (actual === undefined) return false;
  return textFor(actual).includes(typeof wanted === 'string' ? wanted : JSON.stringify(wanted));
}

function textFor(value: unknown): string {
  if (typeof value === 'string') return value;
  return value === undefined ? '' : JSON.stringify(value);
}

/** A short rendering for one-line messages; the full values go to `expected`/`actual`. */
export function preview(value: unknown, max = 80): string {
  const text = value === undefined ? '(no value)' : JSON.stringify(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
