import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { coreComponents } from '../../src/engine';
import { buildFlowJsonSchema } from '../../src/engine/flow/json-schema';

const root = path.resolve(__dirname, '../..');

describe('shipped flow JSON Schema', () => {
  const shipped = JSON.parse(readFileSync(path.join(root, 'schemas/flow.schema.json'), 'utf8')) as Record<string, unknown>;

  it('matches the zod schemas (run `npm run schema` after changing them)', () => {
    assert.deepEqual(shipped, buildFlowJsonSchema(coreComponents));
  });

  it('is the file package.json contributes for *.flow.json', () => {
    const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
      contributes: { jsonValidation: { fileMatch: string; url: string }[] };
    };
    const entry = manifest.contributes.jsonValidation.find((v) => v.fileMatch === '*.flow.json');
    assert.ok(entry);
    assert.equal(path.resolve(root, entry.url), path.join(root, 'schemas/flow.schema.json'));
  });

  it('describes the params of every core component', () => {
    const nodes = (shipped.properties as Record<string, { items: { allOf: { if: { properties: { type: { const: string } } } }[] } }>).nodes;
    const described = nodes!.items.allOf.map((rule) => rule.if.properties.type.const);
    assert.deepEqual(
      described,
      coreComponents.map((c) => c.id),
    );
  });
});
