// The run panel's view of a node whose MCP call runs as a task: the latest status on the node, and
// each status change as a log line, while ordinary progress stays off the log.
import * as assert from 'node:assert/strict';
import type { RunEventView } from '../../src/protocol/messages';
import { idleRun, reduceRunEvent, type RunView } from '../../src/webview/run/run-state';

const nodes = ['research', 'out'];
function play(events: { type: string; t: number; [field: string]: unknown }[], from: RunView = idleRun): RunView {
  return events.reduce<RunView>((run, e) => reduceRunEvent(run, { ...e, runId: 'r1' } as RunEventView, nodes), from);
}

const started = [
  { type: 'run.start', t: 0, flow: 'research', nodeCount: 2 },
  { type: 'node.start', t: 1, nodeId: 'research', inputs: { topic: 'tea' } },
];

describe('run state: MCP task status of a node', () => {
  it('shows the latest task status on the node and logs each change', () => {
    const run = play([
      ...started,
      {
        type: 'node.progress',
        t: 2,
        nodeId: 'research',
        progress: 1,
        message: 'task working: Gathering sources...',
        taskStatus: 'working',
      },
      {
        type: 'node.progress',
        t: 3,
        nodeId: 'research',
        progress: 2,
        message: 'task input_required: Which tea?',
        taskStatus: 'input_required',
      },
    ]);
    assert.equal(run.nodes.research?.progress, 'task input_required: Which tea?');
    assert.deepEqual(run.log.slice(-2), ['research: task working: Gathering sources...', 'research: task input_required: Which tea?']);
  });

  it('keeps ordinary progress on the node only, as a count when it has no message', () => {
    const run = play([...started, { type: 'node.progress', t: 2, nodeId: 'research', progress: 3, total: 10 }]);
    assert.equal(run.nodes.research?.progress, '3/10');
    assert.equal(run.log.length, 1, run.log.join('\n'));
  });

  it('forgets the last status when the node starts again (a retry)', () => {
    const run = play([
      ...started,
      { type: 'node.progress', t: 2, nodeId: 'research', progress: 1, message: 'task failed', taskStatus: 'failed' },
      { type: 'node.start', t: 3, nodeId: 'research', inputs: { topic: 'tea' }, attempt: 2 },
    ]);
    assert.equal(run.nodes.research?.progress, undefined);
  });
});
