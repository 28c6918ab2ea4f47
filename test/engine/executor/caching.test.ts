import assert from 'node:assert/strict';
import * as z from 'zod';
import { ComponentRegistry, coreComponents, defineComponent, RunCache, runFlow } from '../../../src/engine';
import { buildFlow, collect, eventsOf } from '../../helpers/flow-builder';

/** A text transform that counts how often it really ran. */
function counting() {
  const calls: string[] = [];
  const component = defineComponent({
    id: 'test.upper',
    category: 'text',
    title: 'Upper',
    description: 'upper-cases',
    params: z.object({ suffix: z.string().default('') }),
    inputs: [{ name: 'text', type: 'text', required: true }],
    outputs: [{ name: 'text', type: 'text' }],
    run: ({ inputs, params }) => {
      calls.push(String(inputs.text));
      return { text: `${String(inputs.text).toUpperCase()}${params.suffix}` };
    },
  });
  return { registry: new ComponentRegistry([...coreComponents, component]), calls };
}

const flow = buildFlow(
  {
    in: ['input.text', { name: 'x' }],
    up: ['test.upper'],
    t: ['text.template', { template: '<{{v}}>' }],
    out: ['output.text', { name: 'r' }],
    side: ['text.template', { template: 'side {{v}}' }],
    sideOut: ['output.text', { name: 'side' }],
  },
  ['in.text -> up.text', 'up.text -> t.v', 't.text -> out.text', 'in.text -> side.v', 'side.text -> sideOut.text'],
);

describe('executor caching and run-to-node', () => {
  it('reuses unchanged upstream outputs on a re-run and recomputes when an input changes', async () => {
    const { registry, calls } = counting();
    const cache = new RunCache();
    const first = await runFlow(flow, { registry, cache, inputs: { x: 'hi' } }).result;
    assert.equal(first.outputs.r, '<HI>');
    const second = await collect(runFlow(flow, { registry, cache, inputs: { x: 'hi' } }));
    assert.equal(second.result.outputs.r, '<HI>');
    assert.deepEqual(calls, ['hi'], 'the second run must not call the component again');
    assert.ok(eventsOf(second.events, 'node.output').some((e) => e.nodeId === 'up' && e.cached));
    assert.ok(second.result.nodes.cached >= 2);

    await runFlow(flow, { registry, cache, inputs: { x: 'other' } }).result;
    assert.deepEqual(calls, ['hi', 'other']);
  });

  it('recomputes a node whose params changed', async () => {
    const { registry, calls } = counting();
    const cache = new RunCache();
    await runFlow(flow, { registry, cache, inputs: { x: 'hi' } }).result;
    const changed = structuredClone(flow);
    changed.nodes[1]!.params = { suffix: '!' };
    const result = await runFlow(changed, { registry, cache, inputs: { x: 'hi' } }).result;
    assert.equal(result.outputs.r, '<HI!>');
    assert.equal(calls.length, 2);
  });

  it('does not cache a node that opts out', async () => {
    const { registry, calls } = counting();
    const cache = new RunCache();
    const optOut = structuredClone(flow);
    optOut.nodes[1]!.run = { cache: false };
    await runFlow(optOut, { registry, cache, inputs: { x: 'hi' } }).result;
    await runFlow(optOut, { registry, cache, inputs: { x: 'hi' } }).result;
    assert.equal(calls.length, 2);
  });

  it('runs only the chosen node and what it depends on', async () => {
    const { registry } = counting();
    const { events, result } = await collect(runFlow(flow, { registry, inputs: { x: 'hi' }, stopAt: 't' }));
    const ran = eventsOf(events, 'node.output').map((e) => e.nodeId);
    assert.deepEqual(ran, ['in', 'up', 't']);
    assert.deepEqual(result.outputs, {});
  });

  it('reports running to a node that does not exist', async () => {
    const result = await runFlow(flow, { inputs: { x: 'hi' }, stopAt: 'ghost' }).result;
    assert.equal(result.status, 'error');
    assert.match(result.error?.message ?? '', /no such node/);
  });
});
