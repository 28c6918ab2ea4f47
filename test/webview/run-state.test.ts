import * as assert from 'node:assert/strict';
import type { RunEventView } from '../../src/protocol/messages';
import {
  availableControls,
  edgeValue,
  idleRun,
  isEdgeActive,
  isRunActive,
  reduceRunEvent,
  type RunView,
} from '../../src/webview/run/run-state';

const nodes = ['who', 'tpl', 'out'];
function play(events: { type: string; t: number; [field: string]: unknown }[], runId = 'r1'): RunView {
  return events.reduce<RunView>((run, e) => reduceRunEvent(run, { ...e, runId } as RunEventView, nodes), idleRun);
}

describe('run state from run events', () => {
  it('shows a run as active while it is prepared, then follows the engine run that starts', () => {
    const finished = play(
      [
        { type: 'run.start', t: 0, flow: 'greet', nodeCount: 3 },
        { type: 'run.end', t: 5, status: 'ok', outputs: {} },
      ],
      'old',
    );
    const preparing = reduceRunEvent(finished, { type: 'run.preparing', runId: '', t: 10 }, nodes);
    assert.equal(preparing.status, 'preparing');
    assert.equal(isRunActive(preparing), true, 'stop, pause and step apply while MCP servers connect');
    assert.deepEqual(
      availableControls(preparing.status),
      { pause: true, step: true, resume: true, stop: true },
      'Step is offered while the run is prepared',
    );
    assert.deepEqual(availableControls('running'), { pause: true, step: true, resume: false, stop: true });
    assert.deepEqual(availableControls('paused'), { pause: false, step: true, resume: true, stop: true });
    assert.deepEqual(availableControls('ok'), { pause: false, step: false, resume: false, stop: false });
    const started = reduceRunEvent(preparing, { type: 'run.start', runId: 'new', t: 20, flow: 'greet', nodeCount: 3 }, nodes);
    assert.equal(started.status, 'running');
    const paused = reduceRunEvent(started, { type: 'run.paused', runId: 'new', t: 21, nodeId: 'who', inputs: {}, reason: 'step' }, nodes);
    assert.equal(paused.pausedAt, 'who');
    const refused = reduceRunEvent(
      preparing,
      { type: 'run.end', runId: '', t: 30, status: 'error', outputs: {}, error: { message: 'the flow has 1 error' } },
      nodes,
    );
    assert.equal(refused.status, 'error', 'a run that could not start ends the preparing state');
    assert.equal(isRunActive(refused), false);
  });

  it('marks every node waiting at run start, then running, done with its duration', () => {
    const run = play([
      { type: 'run.start', t: 1000, flow: 'greet', nodeCount: 3 },
      { type: 'node.start', t: 1010, nodeId: 'who', inputs: {} },
      { type: 'node.output', t: 1015, nodeId: 'who', outputs: { text: 'Ada' }, durationMs: 5 },
      { type: 'node.start', t: 1016, nodeId: 'tpl', inputs: { name: 'Ada' } },
    ]);
    assert.equal(run.status, 'running');
    assert.deepEqual(Object.fromEntries(Object.entries(run.nodes).map(([id, n]) => [id, n.state])), {
      who: 'done',
      tpl: 'running',
      out: 'waiting',
    });
    assert.equal(run.nodes.who?.durationMs, 5);
    assert.equal(run.nodes.who?.startedAt, 10);
    assert.equal(isEdgeActive(run, { source: 'who', target: 'tpl' }), true);
    assert.equal(isEdgeActive(run, { source: 'tpl', target: 'out' }), true, 'a running source streams into its edges');
    assert.deepEqual(edgeValue(run, { source: 'who', sourceHandle: 'text' }), { has: true, value: 'Ada' });
    assert.deepEqual(edgeValue(run, { source: 'tpl', sourceHandle: 'text' }), { has: false });
  });

  it('collects streamed tokens, pauses with the node inputs, and ends with the outputs', () => {
    const run = play([
      { type: 'run.start', t: 0, flow: 'chat', nodeCount: 3 },
      { type: 'run.paused', t: 1, nodeId: 'tpl', inputs: { name: 'Ada' }, reason: 'breakpoint' },
    ]);
    assert.equal(run.status, 'paused');
    assert.equal(run.pausedAt, 'tpl');
    assert.deepEqual(run.pausedInputs, { name: 'Ada' });
    assert.equal(run.nodes.tpl?.state, 'paused');
    const resumed = reduceRunEvent(run, { runId: 'r1', type: 'run.resumed', t: 2 }, nodes);
    assert.equal(resumed.status, 'running');
    assert.equal(resumed.nodes.tpl?.state, 'waiting');
    const streamed = ['Hel', 'lo'].reduce(
      (r, token, i) => reduceRunEvent(r, { runId: 'r1', type: 'node.token', t: 3 + i, nodeId: 'tpl', token }, nodes),
      resumed,
    );
    assert.equal(streamed.nodes.tpl?.tokens, 'Hello');
    const ended = reduceRunEvent(
      streamed,
      { runId: 'r1', type: 'run.end', t: 9, status: 'ok', outputs: { greeting: 'Hello' }, durationMs: 9 },
      nodes,
    );
    assert.equal(ended.status, 'ok');
    assert.deepEqual(ended.outputs, { greeting: 'Hello' });
    assert.match(ended.log.at(-1) ?? '', /done in 9 ms/);
  });

  it('shows a failed node as error, but not one that will be retried', () => {
    const retried = play([
      { type: 'run.start', t: 0, flow: 'f', nodeCount: 3 },
      { type: 'node.start', t: 1, nodeId: 'tpl', inputs: {} },
      { type: 'node.error', t: 2, nodeId: 'tpl', message: 'flaky', attempt: 1, willRetry: true, handled: false },
    ]);
    assert.equal(retried.nodes.tpl?.state, 'running');
    const failed = reduceRunEvent(
      retried,
      { runId: 'r1', type: 'node.error', t: 3, nodeId: 'tpl', message: 'broken', attempt: 2, willRetry: false, handled: false },
      nodes,
    );
    assert.equal(failed.nodes.tpl?.state, 'error');
    assert.equal(failed.nodes.tpl?.error, 'broken');
  });

  it('ignores late events of an earlier run', () => {
    const run = play([{ type: 'run.start', t: 0, flow: 'f', nodeCount: 3 }], 'r2');
    const late = reduceRunEvent(run, { runId: 'r1', type: 'node.start', t: 1, nodeId: 'who', inputs: {} }, nodes);
    assert.equal(late.nodes.who?.state, 'waiting');
  });

  it('leaves no node waiting once a run has failed, and marks one cut off mid-run as not finished', () => {
    const failed = play([
      { type: 'run.start', t: 0, flow: 'greet', nodeCount: 3 },
      { type: 'node.start', t: 1, nodeId: 'who' },
      { type: 'node.output', t: 2, nodeId: 'who', outputs: { text: 'Ada' } },
      { type: 'node.start', t: 3, nodeId: 'tpl' },
      { type: 'node.error', t: 4, nodeId: 'tpl', message: 'boom' },
      { type: 'run.end', t: 5, status: 'error', error: { nodeId: 'tpl', message: 'boom' } },
    ]);
    assert.deepEqual(
      Object.fromEntries(Object.entries(failed.nodes).map(([id, n]) => [id, n.state])),
      { who: 'done', tpl: 'error' },
      'out never ran: it shows no state, not "waiting"',
    );
    const cancelled = play([
      { type: 'run.start', t: 0, flow: 'greet', nodeCount: 3 },
      { type: 'node.start', t: 1, nodeId: 'who' },
      { type: 'run.end', t: 2, status: 'cancelled' },
    ]);
    assert.equal(cancelled.nodes.who?.state, 'skipped');
    assert.match(cancelled.nodes.who?.skipReason ?? '', /cancelled before this node finished/);
  });

  it('drops the last run’s node states when a new run is asked for, so a run that cannot start leaves none', () => {
    const done = play([
      { type: 'run.start', t: 0, flow: 'greet', nodeCount: 3 },
      { type: 'node.output', t: 1, nodeId: 'who', outputs: { text: 'Ada' } },
      { type: 'run.end', t: 2, status: 'ok', outputs: {} },
    ]);
    const preparing = reduceRunEvent(done, { type: 'run.preparing', runId: '', t: 10 }, nodes);
    const refused = reduceRunEvent(preparing, { type: 'run.end', runId: '', t: 11, status: 'error', error: { message: 'invalid' } }, nodes);
    assert.deepEqual(refused.nodes, {});
  });
});
