import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseFlow, runFlow } from '../../src/engine';

describe('greet example', () => {
  it('greets the person it is given', async () => {
    const file = 'examples/greet.flow.json';
    const flow = parseFlow(readFileSync(file, 'utf8'), file);
    const result = await runFlow(flow, { inputs: { person: 'Ada' } }).result;
    assert.equal(result.status, 'ok');
    assert.deepEqual(result.outputs, { greeting: 'Hello, Ada!' });
  });
});
