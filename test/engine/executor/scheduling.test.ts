import assert from 'node:assert/strict';
import * as z from 'zod';
import { ComponentRegistry, coreComponents, defineComponent, runFlow, type RunEvent } from '../../../src/engine';
import { buildFlow, collect, eventsOf } from '../../helpers/flow-builder';

/** Most nodes that were between node.start and node.output at the same time. */
function maxConcurrent(events: RunEvent[]): number {
  let running = 0;
  let max = 0;
  for (const e of events) {
    if (e.type === 'node.start') max = Math.max(max, ++running);
    if (e.type === 'node.output' || e.type === 'node.error') running--;
  }
  return max;
}

const fanOut = (width: number) =>
  buildFlow(
    {
      in: ['input.text', { name: 'x', default: 'v' }],
      ...Object.fromEntries(
        Array.from({ length: width }, (_, i) => [`d${i}`, ['util.delay', { ms: 20 }] as [string, Record<string, unknown>]]),
      ),
      join: ['text.join', { separator: ',' }],
      out: ['output.text', { name: 'joined' }],
    },
    [
      ...Array.from({ length: width }, (_, i) => `in.text -> d${i}.value`),
      ...Array.from({ length: width }, (_, i) => `d${i}.value -> join.items`),
      'join.text -> out.text',
    ],
  );

describe('executor scheduling', () => {
  it('starts every ready node at once', async () => {
    const { events, result } = await collect(runFlow(fanOut(6)));
    assert.equal(result.status, 'ok');
    assert.equal(maxConcurrent(events), 6);
    assert.equal(result.outputs.joined, 'v,v,v,v,v,v');
  });

  it('never runs more nodes at once than the concurrency limit', async () => {
    const { events, result } = await collect(runFlow(fanOut(6), { concurrency: 2 }));
    assert.equal(result.status, 'ok');
    assert.equal(maxConcurrent(events), 2);
    assert.equal(result.nodes.run, 9);
  });

  it('joins many edges in edge order, whatever order the nodes finish in', async () => {
    const flow = buildFlow(
      {
        a: ['input.text', { name: 'a' }],
        slow: ['util.delay', { ms: 30 }],
        fast: ['util.delay', { ms: 0 }],
        join: ['text.join', { separator: '+' }],
        out: ['output.text', { name: 'r' }],
      },
      ['a.text -> slow.value', 'a.text -> fast.value', 'slow.value -> join.items', 'fast.value -> join.items', 'join.text -> out.text'],
    );
    const { events, result } = await collect(runFlow(flow, { inputs: { a: 'A' } }));
    const finished = eventsOf(events, 'node.output').map((e) => e.nodeId);
    assert.ok(finished.indexOf('fast') < finished.indexOf('slow'), 'fast should finish first');
    assert.equal(result.outputs.r, 'A+A');
  });

  it('runs a 5,000-node synchronous chain without growing the stack', async () => {
    const nodes: Record<string, [string, Record<string, unknown>]> = { in: ['input.text', { name: 'x' }] };
    const edges: string[] = [];
    let previous = 'in';
    for (let i = 0; i < 5000; i++) {
      nodes[`t${i}`] = ['text.template', { template: i === 0 ? '{{v}}' : '{{v}}' }];
      edges.push(`${previous}.text -> t${i}.v`);
      previous = `t${i}`;
    }
    nodes.out = ['output.text', { name: 'r' }];
    edges.push(`${previous}.text -> out.text`);
    const result = await runFlow(buildFlow(nodes, edges), { inputs: { x: 'same' }, recordEvents: false }).result;
    assert.equal(result.status, 'ok');
    assert.equal(result.nodes.run, 5002);
    assert.equal(result.outputs.r, 'same');
  });

  it('gives every event the run id and a non-decreasing timestamp', async () => {
    const handle = runFlow(fanOut(3));
    const { events } = await collect(handle);
    assert.ok(events.every((e) => e.runId === handle.runId));
    for (let i = 1; i < events.length; i++) assert.ok(events[i]!.t >= events[i - 1]!.t);
    assert.equal(events[0]!.type, 'run.start');
    assert.equal(events.at(-1)!.type, 'run.end');
  });

  it('delivers the same events to onEvent and to a late iterator', async () => {
    const seen: RunEvent[] = [];
    const handle = runFlow(fanOut(2), { onEvent: (e) => seen.push(e) });
    await handle.result;
    const { events } = await collect(handle);
    assert.deepEqual(
      events.map((e) => e.type),
      seen.map((e) => e.type),
    );
  });

  it('ends the run at a failing node with its id and message', async () => {
    const boom = defineComponent({
      id: 'test.boom',
      category: 'logic',
      title: 'Boom',
      description: 'fails',
      params: z.object({}),
      inputs: [{ name: 'value', type: 'any' }],
      outputs: [{ name: 'value', type: 'any' }],
      run: () => {
        throw new Error('kaboom');
      },
    });
    const registry = new ComponentRegistry([...coreComponents, boom]);
    const flow = buildFlow(
      {
        in: ['input.text', { name: 'x', default: 'v' }],
        b: ['test.boom'],
        slow: ['util.delay', { ms: 5000 }],
        out: ['output.text', { name: 'r' }],
      },
      ['in.text -> b.value', 'in.text -> slow.value', 'b.value -> out.text'],
    );
    const { events, result } = await collect(runFlow(flow, { registry }));
    assert.equal(result.status, 'error');
    assert.deepEqual(result.error, { nodeId: 'b', message: 'kaboom' });
    const errors = eventsOf(events, 'node.error');
    assert.equal(errors.length, 1);
    assert.equal(errors[0]!.handled, false);
    // The slow sibling was cancelled with the run rather than holding it open for 5 s.
    assert.ok(!eventsOf(events, 'node.output').some((e) => e.nodeId === 'slow'));
  });

  it('refuses to start without a required input, naming it', async () => {
    const flow = buildFlow({ who: ['input.text', { name: 'person', required: true }], out: ['output.text', { name: 'r' }] }, [
      'who.text -> out.text',
    ]);
    const result = await runFlow(flow).result;
    assert.equal(result.status, 'error');
    assert.equal(result.error?.nodeId, 'who');
    assert.match(result.error?.message ?? '', /missing required input 'person'/);
    assert.equal(result.nodes.run, 0);
  });

  it('refuses an input the flow does not have', async () => {
    const flow = buildFlow({ who: ['input.text', { name: 'person' }], out: ['output.text', { name: 'r' }] }, ['who.text -> out.text']);
    const result = await runFlow(flow, { inputs: { persn: 'x' } }).result;
    assert.equal(result.status, 'error');
    assert.match(result.error?.message ?? '', /unknown input 'persn'.*'person'/);
  });

  it('reports an invalid flow as a failed run instead of throwing', async () => {
    const flow = buildFlow({ a: ['no.such'], out: ['output.text', { name: 'r' }] }, ['a.text -> out.text']);
    const result = await runFlow(flow).result;
    assert.equal(result.status, 'error');
    assert.equal(result.error?.nodeId, 'a');
    assert.match(result.error?.message ?? '', /unknown component type 'no.such'/);
  });
});
