// The JSON Schema of test files, generated from the zod schema, shipped as schemas/flowtest.schema.json
// for `contributes.jsonValidation`: the JSON editor completes *.flowtest.json and checks each assertion's shape.
import * as z from 'zod';
import { judgeModelSchema } from './assertion';
import { STATUS_KEY, testFileSchema } from './test-file';

export const TEST_FILE_SCHEMA_ID = 'https://flowstudio.dev/schemas/flowtest.schema.json';

type JsonSchema = Record<string, unknown>;

const toJson = (schema: z.ZodType): JsonSchema => {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  return rest;
};

/** One operator of an assertion: an object with only that key, whose value has this shape. */
function operator(name: string, value: JsonSchema, description: string): JsonSchema {
  return {
    if: { type: 'object', required: [name], maxProperties: 1 },
    then: { properties: { [name]: { ...value, description } } },
  };
}

export function buildTestFileJsonSchema(): JsonSchema {
  const schema = toJson(testFileSchema);
  const judge = toJson(
    judgeModelSchema.extend({
      rubric: z.string().min(1).describe('What a good output does; the judge answers pass or fail with a reason'),
    }),
  );
  const assertion: JsonSchema = {
    description:
      'A value the output must equal, or one operator: {"equals": V}, {"contains": "s"}, ' +
      '{"matches": "regex"}, {"schema": {...}}, {"judge": {"rubric": "..."}}, {"not": ASSERTION}',
    allOf: [
      operator('contains', {}, 'Text that must occur in the output, or an element of a list output'),
      operator('matches', { type: 'string' }, 'A regular expression (RE2: no backreferences or lookaround) found in the output'),
      operator('schema', { type: 'object' }, 'A JSON Schema the output must match'),
      operator('judge', { ...judge, required: ['rubric'] }, 'An LLM grades the output against the rubric'),
      operator('not', { $ref: '#/$defs/assertion' }, 'Passes when the assertion inside fails'),
    ],
  };
  const expect: JsonSchema = {
    type: 'object',
    description: `An assertion per output name; "${STATUS_KEY}": "error" expects the run to fail`,
    properties: { [STATUS_KEY]: { enum: ['ok', 'error'], description: 'The run is expected to succeed (ok) or fail (error)' } },
    additionalProperties: { $ref: '#/$defs/assertion' },
  };
  const properties = schema.properties as Record<string, JsonSchema>;
  properties.expectEach = { ...expect, description: `${expect.description as string}; {{row.COLUMN}} stands for the row's value` };
  const caseProperties = ((properties.cases as JsonSchema).items as JsonSchema).properties as Record<string, JsonSchema>;
  caseProperties.expect = expect;
  return JSON.parse(
    JSON.stringify({
      ...schema,
      $id: TEST_FILE_SCHEMA_ID,
      title: 'FlowStudio test file',
      $defs: { assertion },
      anyOf: [{ required: ['cases'] }, { required: ['dataset'] }],
    }),
  ) as JsonSchema;
}
