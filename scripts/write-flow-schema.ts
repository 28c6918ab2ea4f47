// Writes schemas/flow.schema.json from the zod schemas (`npm run schema`); a test checks it is current.
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { coreComponents } from '../src/engine/components/core';
import { buildFlowJsonSchema } from '../src/engine/flow/json-schema';

const target = path.join(__dirname, '..', 'schemas', 'flow.schema.json');
writeFileSync(target, `${JSON.stringify(buildFlowJsonSchema(coreComponents), null, 2)}\n`);
console.log(`wrote ${target}`);
