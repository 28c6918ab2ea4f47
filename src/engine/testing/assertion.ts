// The assertions a test file may put on a flow output: what each JSON shape in `expect` means, checked
// when the file is read so a bad pattern or schema is reported at its line rather than when a case runs.
import { Ajv, type ValidateFunction } from 'ajv';
import * as z from 'zod';
import { compileLinearRegex } from '../components/core/linear-regex';
import type { JsonPath } from '../flow/source';
import { PROVIDER_NAMES } from '../llm/providers';
import { hasReferences } from '../secrets/references';

/** Which model grades a judge assertion; the test file's `judge` and the host fill in what an assertion leaves out. */
export const judgeModelSchema = z.strictObject({
  provider: z.enum(PROVIDER_NAMES).optional(),
  model: z.string().min(1).optional(),
  baseURL: z.string().min(1).optional(),
  apiKey: z.string().optional(),
});
export type JudgeModel = z.infer<typeof judgeModelSchema>;

const judgeSchema = judgeModelSchema.extend({
  rubric: z
    .string({ error: 'a judge needs a rubric: say what a good output does' })
    .min(1, 'the rubric is empty: say what a good output does'),
});
export type JudgeSpec = z.infer<typeof judgeSchema>;

export type Assertion =
  | { kind: 'equals'; value: unknown }
  | { kind: 'contains'; value: unknown }
  | { kind: 'matches'; pattern: string }
  | { kind: 'schema'; schema: Record<string, unknown>; validate: ValidateFunction }
  | { kind: 'judge'; judge: JudgeSpec }
  | { kind: 'not'; assertion: Assertion };

export const ASSERTION_OPERATORS = ['equals', 'contains', 'matches', 'schema', 'judge', 'not'] as const;
type Operator = (typeof ASSERTION_OPERATORS)[number];

/** A problem in an assertion, at a path below the assertion itself. */
export interface AssertionProblem {
  message: string;
  path: JsonPath;
}

export class AssertionSyntaxError extends Error {
  constructor(readonly problem: AssertionProblem) {
    super(problem.message);
  }
}

// Compiled on first use: most test files have no schema assertion.
let ajv: Ajv | undefined;

/**
 * Reads an ASSERTION: an object with exactly one key that names an operator is that operator;
 * any other value is compared for equality (`{"equals": V}` compares to an object that looks like one).
 * Throws AssertionSyntaxError with the path of the part that is wrong.
 */
export function parseAssertion(value: unknown, path: JsonPath = []): Assertion {
  const operator = operatorOf(value);
  if (!operator) return { kind: 'equals', value };
  const operand = (value as Record<string, unknown>)[operator];
  const at = [...path, operator];
  switch (operator) {
    case 'equals':
      return { kind: 'equals', value: operand };
    case 'contains':
      return { kind: 'contains', value: operand };
    case 'matches': {
      if (typeof operand !== 'string')
        throw new AssertionSyntaxError({ message: 'matches needs a regular expression as a string', path: at });
      try {
        compileLinearRegex(operand);
      } catch (error) {
        throw new AssertionSyntaxError({ message: `matches: ${(error as Error).message}`, path: at });
      }
      return { kind: 'matches', pattern: operand };
    }
    case 'schema': {
      if (typeof operand !== 'object' || operand === null || Array.isArray(operand))
        throw new AssertionSyntaxError({ message: 'schema needs a JSON Schema object', path: at });
      let validate: ValidateFunction;
      try {
        validate = (ajv ??= new Ajv({ strict: false, allErrors: true })).compile(operand);
      } catch (error) {
        throw new AssertionSyntaxError({ message: `schema is not a valid JSON Schema: ${(error as Error).message}`, path: at });
      }
      return { kind: 'schema', schema: operand as Record<string, unknown>, validate };
    }
    case 'judge':
      return { kind: 'judge', judge: parseJudge(operand, at) };
    case 'not':
      return { kind: 'not', assertion: parseAssertion(operand, at) };
  }
}

export function parseJudge(value: unknown, path: JsonPath): JudgeSpec {
  const parsed = judgeSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const issuePath = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    const where = issuePath.length ? `${issuePath.join('.')}: ` : '';
    throw new AssertionSyntaxError({ message: `judge: ${where}${issue.message}`, path: [...path, ...issuePath] });
  }
  checkJudgeKey(parsed.data, path);
  return parsed.data;
}

/** A judge's key, like a flow's, is a reference: a test file is committed and shared. */
export function checkJudgeKey(model: JudgeModel, path: JsonPath): void {
  if (model.apiKey !== undefined && model.apiKey !== '' && !hasReferences(model.apiKey)) {
    throw new AssertionSyntaxError({
      message: 'judge apiKey holds a literal key; keys must not be stored in test files: use {{secret:NAME}} or {{env:NAME}}',
      path: [...path, 'apiKey'],
    });
  }
}

function operatorOf(value: unknown): Operator | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const keys = Object.keys(value);
  if (keys.length !== 1) return undefined;
  return (ASSERTION_OPERATORS as readonly string[]).includes(keys[0]!) ? (keys[0] as Operator) : undefined;
}

/** Every judge inside an assertion (a `not` may wrap one). */
export function judgesIn(assertion: Assertion): JudgeSpec[] {
  if (assertion.kind === 'judge') return [assertion.judge];
  if (assertion.kind === 'not') return judgesIn(assertion.assertion);
  return [];
}
