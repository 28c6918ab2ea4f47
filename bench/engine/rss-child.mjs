// Runs one 10,000-node chain in a fresh process and prints its peak RSS, so other benchmarks' garbage
// does not count. With --baseline it only loads the engine.
import { createRequire } from 'node:module';
import { templateChain } from './flows.mjs';

const require = createRequire(import.meta.url);
const engine = require('../../dist/engine.js');
if (!process.argv.includes('--baseline')) {
  const result = await engine.runFlow(templateChain(10_000), { inputs: { x: 'hello' } }).result;
  if (result.status !== 'ok') throw new Error(`chain failed: ${result.error?.message}`);
}
process.stdout.write(JSON.stringify({ maxRssKb: process.resourceUsage().maxRSS }));
