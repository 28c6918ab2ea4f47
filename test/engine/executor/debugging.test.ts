import assert from 'node:assert/strict';
import { runFlow, type RunEvent, type RunOptions } from '../../../src/engine';
import { buildFlow, eventsOf } from '../../helpers/flow-builder';

const chain = buildFlow(
  {
    in: ['input.text', { name: 'x' }],
    a: ['text.template', { template: 'a({{v}})' }],
    b: ['text.template', { template: 'b({{v}})' }],
    out: ['output.text', { name: 'r' }],
  },
  ['in.text -> a.v', 'a.text -> b.v', 'b.text -> out.text'],
);

type Paused = Extract<RunEvent, { type: 'run.paused' }>;

/** Starts a run that records its events synchronously and lets a test await the next pause. */
function debugRun(options: RunOptions, flow = chain) {
  const events: RunEvent[] = [];
  // Pauses can arrive synchronously inside runFlow, before the test asks for them: queue them.
  const pauses: Paused[] = [];
  let consumed = 0;
  let waiter: (() => void) | undefined;
  const handle = runFlow(flow, {
    ...options,
    onEvent: (event) => {
      events.push(event);
      if (event.type === 'run.paused') {
        pauses.push(event);
        waiter?.();
      }
    },
  });
  const nextPause = async (): Promise<Paused> => {
    while (consumed >= pauses.length) await new Promise<void>((resolve) => (waiter = resolve));
    return pauses[consumed++]!;
  };
  return { handle, events, nextPause };
}

describe('executor debugging', () => {
  it('pauses before a node with a breakpoint, showing its inputs, and resumes', async () => {
    const { handle, events, nextPause } = debugRun({ inputs: { x: '1' }, breakpoints: ['b'] });
    const paused = await nextPause();
    assert.equal(paused.nodeId, 'b');
    assert.equal(paused.reason, 'breakpoint');
    assert.deepEqual(paused.inputs, { v: 'a(1)' });
    assert.ok(!eventsOf(events, 'node.start').some((e) => e.nodeId === 'b'), 'b must not have started');
    handle.resume();
    const result = await handle.result;
    assert.equal(result.outputs.r, 'b(a(1))');
    assert.ok(events.some((e) => e.type === 'run.resumed'));
  });

  it('lets a paused node’s inputs be edited before it runs', async () => {
    const { handle, nextPause } = debugRun({ inputs: { x: '1' }, breakpoints: ['b'] });
    await nextPause();
    handle.editInputs('b', { v: 'patched' });
    handle.resume();
    assert.equal((await handle.result).outputs.r, 'b(patched)');
  });

  it('steps one node at a time from a paused start', async () => {
    const { handle, events, nextPause } = debugRun({ inputs: { x: '1' }, startPaused: true });
    const order: string[] = [];
    let pause = await nextPause();
    assert.equal(pause.reason, 'pause');
    for (;;) {
      order.push(pause.nodeId ?? '?');
      const started = eventsOf(events, 'node.start').length;
      const next = nextPause();
      handle.step();
      const outcome = await Promise.race([next, handle.result.then(() => undefined)]);
      assert.equal(eventsOf(events, 'node.start').length, started + 1, 'a step starts exactly one node');
      if (!outcome) break;
      pause = outcome;
      assert.equal(pause.reason, 'step');
    }
    assert.deepEqual(order, ['in', 'a', 'b', 'out']);
    assert.equal((await handle.result).outputs.r, 'b(a(1))');
  });

  it('pauses on request between nodes and can be cancelled while paused', async () => {
    const flow = buildFlow(
      {
        in: ['input.text', { name: 'x' }],
        wait: ['util.delay', { ms: 5 }],
        t: ['text.template', { template: '{{v}}' }],
        out: ['output.text', { name: 'r' }],
      },
      ['in.text -> wait.value', 'wait.value -> t.v', 't.text -> out.text'],
    );
    const { handle, nextPause } = debugRun({ inputs: { x: 'y' } }, flow);
    handle.pause();
    const paused = await nextPause();
    assert.equal(paused.reason, 'pause');
    handle.cancel();
    assert.equal((await handle.result).status, 'cancelled');
  });

  it('refuses to edit the inputs of a node that already ran', async () => {
    const { handle, nextPause } = debugRun({ inputs: { x: '1' }, breakpoints: ['b'] });
    await nextPause();
    assert.throws(() => handle.editInputs('a', { v: 'late' }), /already started/);
    assert.throws(() => handle.editInputs('nope', {}), /no node 'nope'/);
    handle.resume();
    await handle.result;
  });
});
