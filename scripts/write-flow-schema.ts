// Writes schemas/flow.schema.json from the zod schemas (`npm run schema`); a test checks it is current.
import { writeFileSync } from 'node:fs';
import { coreComponents } from '../src/engine/components/core';
import { buildFlowJsonSchema } from '../src/engine/flow/json-schema';

const target = new URL('../schemas/flow.schema.json', import.meta.url);
writeFileSync(target, `${JSON.stringify(buildFlowJsonSchema(coreComponents), null, 2)}\n`);
console.log(`wrote ${target.pathname}`);
