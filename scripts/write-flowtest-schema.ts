// Writes schemas/flowtest.schema.json from the zod schema of test files (`npm run schema`); a test checks it is current.
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { buildTestFileJsonSchema } from '../src/engine/testing/json-schema';

const target = path.join(__dirname, '..', 'schemas', 'flowtest.schema.json');
writeFileSync(target, `${JSON.stringify(buildTestFileJsonSchema(), null, 2)}\n`);
console.log(`wrote ${target}`);
