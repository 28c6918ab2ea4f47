// Flow inputs are read as own properties (a `__proto__` key cannot stand in for a required input), and
// a caller's deeply nested value is refused before any node walks it.
import assert from 'node:assert/strict';
import { createCoreRegistry, runFlow } from '../../../src/engine';
import { buildFlow } from '../../helpers/flow-builder';

const greet = buildFlow(
  {
    who: ['input.text', { name: 'person', required: true }],
    tpl: ['text.template', { template: 'Hello, {{name}}!' }],
    out: ['output.text', { name: 'greeting' }],
  },
  ['who.text -> tpl.name', 'tpl.text -> out.text'],
);

describe('flow inputs and prototypes', () => {
  it('reports a required input that is only inherited through the prototype as missing', async () => {
    // What Object.assign({}, JSON.parse('{"__proto__":{"person":"x"}}')) builds: 'person' is inherited, not given.
    const inputs = Object.create({ person: 'from the prototype' }) as Record<string, unknown>;
    const result = await runFlow(greet, { registry: createCoreRegistry(), inputs }).result;
    assert.equal(result.status, 'error');
    assert.match(result.error?.message ?? '', /missing required input 'person'/);
  });

  it("reports an own '__proto__' key (as JSON.parse makes it) as an unknown input", async () => {
    const inputs = JSON.parse('{"__proto__":{"person":"x"}}') as Record<string, unknown>;
    const result = await runFlow(greet, { registry: createCoreRegistry(), inputs }).result;
    assert.equal(result.status, 'error');
    assert.match(result.error?.message ?? '', /unknown input '__proto__'/);
  });

  it('refuses an input nested 20,000 levels deep with a clear message instead of a stack overflow', async () => {
    const deep = JSON.parse(`${'['.repeat(20_000)}${']'.repeat(20_000)}`) as unknown;
    const result = await runFlow(greet, { registry: createCoreRegistry(), inputs: { person: deep } }).result;
    assert.equal(result.status, 'error');
    assert.equal(result.error?.message, "input 'person' nests objects and arrays more than 64 levels deep");
    assert.equal(result.error?.nodeId, 'who');
  });

  it('applies the default of an input named like an Object.prototype member', async () => {
    const flow = buildFlow({ v: ['input.text', { name: 'toString', default: 'the default' }], out: ['output.text', { name: 'r' }] }, [
      'v.text -> out.text',
    ]);
    const result = await runFlow(flow, { registry: createCoreRegistry(), inputs: {} }).result;
    assert.deepEqual(result.outputs, { r: 'the default' });
  });
});
