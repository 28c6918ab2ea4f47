import assert from 'node:assert/strict';
import * as z from 'zod';
import { ComponentRegistry, coreComponents, defineComponent, runFlow } from '../../../src/engine';
import { buildFlow, collect, eventsOf, waitForEvent } from '../../helpers/flow-builder';

const slowFlow = (ms: number, settings?: Record<string, unknown>) => {
  const flow = buildFlow(
    { in: ['input.text', { name: 'x', default: 'v' }], wait: ['util.delay', { ms }], out: ['output.text', { name: 'r' }] },
    ['in.text -> wait.value', 'wait.value -> out.text'],
  );
  if (settings) flow.nodes[1]!.run = settings;
  return flow;
};

/** A component that fails its first `failures` calls, counting calls in `calls`. */
function flaky(failures: number) {
  const calls = { count: 0 };
  const component = defineComponent({
    id: 'test.flaky',
    category: 'logic',
    title: 'Flaky',
    description: 'fails at first',
    params: z.object({}),
    inputs: [],
    outputs: [{ name: 'text', type: 'text' }],
    run: async () => {
      calls.count++;
      if (calls.count <= failures) throw new Error(`failure ${calls.count}`);
      return { text: `succeeded on call ${calls.count}` };
    },
  });
  return { registry: new ComponentRegistry([...coreComponents, component]), calls };
}

describe('executor control', () => {
  it('cancels a running flow through handle.cancel, aborting the running node', async () => {
    const handle = runFlow(slowFlow(60_000));
    await waitForEvent(handle, (e) => e.type === 'node.start' && e.nodeId === 'wait');
    handle.cancel('user pressed stop');
    const result = await handle.result;
    assert.equal(result.status, 'cancelled');
    assert.equal(result.error?.message, 'user pressed stop');
  });

  it('cancels through an AbortSignal, including one aborted before the start', async () => {
    const controller = new AbortController();
    const handle = runFlow(slowFlow(60_000), { signal: controller.signal });
    await waitForEvent(handle, (e) => e.type === 'node.start' && e.nodeId === 'wait');
    controller.abort();
    assert.equal((await handle.result).status, 'cancelled');

    const early = await runFlow(slowFlow(60_000), { signal: AbortSignal.abort() }).result;
    assert.equal(early.status, 'cancelled');
    assert.equal(early.nodes.run, 0);
  });

  it('fails a node that exceeds its timeout', async () => {
    const result = await runFlow(slowFlow(60_000, { timeoutMs: 30 })).result;
    assert.equal(result.status, 'error');
    assert.deepEqual(result.error, { nodeId: 'wait', message: 'timed out after 30 ms' });
  });

  it('applies the run-wide node timeout when a node sets none', async () => {
    const result = await runFlow(slowFlow(60_000), { nodeTimeoutMs: 25 }).result;
    assert.equal(result.error?.message, 'timed out after 25 ms');
  });

  it('retries a failing node and reports each failed attempt', async () => {
    const { registry, calls } = flaky(2);
    const flow = buildFlow({ f: ['test.flaky'], out: ['output.text', { name: 'r' }] }, ['f.text -> out.text']);
    flow.nodes[0]!.run = { retries: 2 };
    const { events, result } = await collect(runFlow(flow, { registry }));
    assert.equal(result.status, 'ok');
    assert.equal(result.outputs.r, 'succeeded on call 3');
    assert.equal(calls.count, 3);
    const errors = eventsOf(events, 'node.error');
    assert.deepEqual(
      errors.map((e) => [e.attempt, e.willRetry]),
      [
        [1, true],
        [2, true],
      ],
    );
    assert.deepEqual(
      eventsOf(events, 'node.start')
        .filter((e) => e.nodeId === 'f')
        .map((e) => e.attempt),
      [1, 2, 3],
    );
  });

  it('gives up after the last retry with the last error', async () => {
    const { registry, calls } = flaky(5);
    const flow = buildFlow({ f: ['test.flaky'], out: ['output.text', { name: 'r' }] }, ['f.text -> out.text']);
    const result = await runFlow(flow, { registry, retries: 1 }).result;
    assert.equal(calls.count, 2);
    assert.deepEqual(result.error, { nodeId: 'f', message: 'failure 2' });
  });

  it('resolves {{env:NAME}} in params at run time', async () => {
    const flow = buildFlow({ t: ['text.template', { template: 'key={{env:FS_TEST_VALUE}}' }], out: ['output.text', { name: 'r' }] }, [
      't.text -> out.text',
    ]);
    const result = await runFlow(flow, { env: { FS_TEST_VALUE: '42' } }).result;
    assert.equal(result.outputs.r, 'key=42');
    const missing = await runFlow(flow, { env: {} }).result;
    assert.equal(missing.status, 'error');
    assert.match(missing.error?.message ?? '', /environment variable 'FS_TEST_VALUE' is not set/);
  });

  it('cancels a run of synchronous nodes when an event listener aborts its signal mid-run', async () => {
    const controller = new AbortController();
    const flow = buildFlow(
      {
        in: ['input.text', { name: 'x', default: 'v' }],
        tpl: ['text.template', { template: '<{{x}}>' }],
        out: ['output.text', { name: 'r' }],
      },
      ['in.text -> tpl.x', 'tpl.text -> out.text'],
    );
    const result = await runFlow(flow, {
      signal: controller.signal,
      recordEvents: false,
      onEvent: (e) => {
        if (e.type === 'node.output' && e.nodeId === 'in') controller.abort(new Error('stopped by the listener'));
      },
    }).result;
    assert.equal(result.status, 'cancelled');
    assert.equal(result.error?.message, 'stopped by the listener');
    assert.equal(result.nodes.run, 1);
  });

  it('gives a node that reads its signal after the run was cancelled an aborted one', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let reportSeen!: (aborted: boolean) => void;
    const seen = new Promise<boolean>((resolve) => (reportSeen = resolve));
    const late = defineComponent({
      id: 'test.late-signal',
      category: 'logic',
      title: 'Late signal',
      description: 'looks at its signal only once the test lets it',
      params: z.object({}),
      inputs: [],
      outputs: [{ name: 'text', type: 'text' }],
      run: async (context) => {
        await gate;
        reportSeen(context.signal.aborted);
        return { text: 'late' };
      },
    });
    const registry = new ComponentRegistry([...coreComponents, late]);
    const flow = buildFlow({ l: ['test.late-signal'], out: ['output.text', { name: 'r' }] }, ['l.text -> out.text']);
    const handle = runFlow(flow, { registry });
    handle.cancel('stop');
    assert.equal((await handle.result).status, 'cancelled');
    release();
    assert.equal(await seen, true);
  });

  it('ends a reader that starts after a run without recorded events has finished', async () => {
    const flow = buildFlow({ in: ['input.text', { name: 'x', default: 'v' }], out: ['output.text', { name: 'r' }] }, [
      'in.text -> out.text',
    ]);
    const handle = runFlow(flow, { recordEvents: false });
    assert.equal((await handle.result).status, 'ok');
    const events: unknown[] = [];
    for await (const event of handle) events.push(event);
    assert.deepEqual(events, []);
  });

  it('gives every run its own id', () => {
    const flow = buildFlow({ in: ['input.text', { name: 'x', default: 'v' }] });
    const ids = new Set(Array.from({ length: 1000 }, () => runFlow(flow, { recordEvents: false }).runId));
    assert.equal(ids.size, 1000);
  });
});
