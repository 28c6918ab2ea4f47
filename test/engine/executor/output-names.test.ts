// Output names come from the flow file; one that is also a special property name of JavaScript objects
// must reach the run's result like any other.
import assert from 'node:assert/strict';
import { runFlow } from '../../../src/engine';
import { buildFlow, collect } from '../../helpers/flow-builder';

describe('flow output names', () => {
  it('keeps an output named __proto__ as an own property of the result', async () => {
    const flow = buildFlow(
      {
        in: ['input.text', { name: 'word' }],
        shout: ['text.template', { template: '{{v}}!' }],
        out: ['output.text', { name: '__proto__' }],
        plain: ['output.text', { name: 'plain' }],
      },
      ['in.text -> shout.v', 'shout.text -> out.text', 'in.text -> plain.text'],
    );
    const { result } = await collect(runFlow(flow, { inputs: { word: 'hey' } }));
    assert.equal(result.status, 'ok');
    assert.ok(Object.hasOwn(result.outputs, '__proto__'), 'the output became the prototype instead');
    assert.equal(Object.getOwnPropertyDescriptor(result.outputs, '__proto__')?.value, 'hey!');
    assert.equal(Object.getPrototypeOf(result.outputs), Object.prototype);
    assert.deepEqual(JSON.parse(JSON.stringify(result.outputs)), JSON.parse('{"__proto__":"hey!","plain":"hey"}'));
  });
});
