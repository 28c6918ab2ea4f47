// The shipped JSON Schema of test files: current with the zod schema, contributed for *.flowtest.json,
// and strict enough that the JSON editor flags a misshapen assertion.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Ajv } from 'ajv';
import { buildTestFileJsonSchema } from '../../../src/engine/testing/json-schema';

const root = path.resolve(__dirname, '../../..');

describe('shipped test file JSON Schema', () => {
  const shipped = JSON.parse(readFileSync(path.join(root, 'schemas/flowtest.schema.json'), 'utf8')) as Record<string, unknown>;
  const validate = new Ajv({ strict: false }).compile(shipped);

  it('matches the zod schema (run `npm run schema` after changing it)', () => {
    assert.deepEqual(shipped, buildTestFileJsonSchema());
  });

  it('is the file package.json contributes for *.flowtest.json', () => {
    const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
      contributes: { jsonValidation: { fileMatch: string; url: string }[] };
    };
    const entry = manifest.contributes.jsonValidation.find((v) => v.fileMatch === '*.flowtest.json');
    assert.ok(entry);
    assert.equal(path.resolve(root, entry.url), path.join(root, 'schemas/flowtest.schema.json'));
  });

  it('accepts the test files of the repository', () => {
    const dir = path.join(root, 'test/fixtures/testing');
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.flowtest.json'))) {
      assert.ok(validate(JSON.parse(readFileSync(path.join(dir, file), 'utf8'))), `${file}: ${JSON.stringify(validate.errors)}`);
    }
  });

  it('flags misshapen assertions, a bad $status and a file without cases or dataset', () => {
    const file = (expect: unknown) => ({ version: 1, flow: 'f.flow.json', cases: [{ name: 'a', expect }] });
    assert.equal(validate(file({ out: { matches: 5 } })), false);
    assert.equal(validate(file({ out: { judge: { model: 'm' } } })), false);
    assert.equal(validate(file({ out: { not: { schema: 'x' } } })), false);
    assert.equal(validate(file({ $status: 'failed' })), false);
    assert.equal(validate({ version: 1, flow: 'f.flow.json' }), false);
    assert.equal(validate(file({ out: { contains: 'x' }, other: { any: 'value', works: true }, $status: 'error' })), true);
  });
});
