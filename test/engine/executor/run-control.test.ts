// The debugger's one state machine: a run is "preparing" from the first call, and pause, step,
// resume and cancel mean the same in every state, including while MCP servers are still starting.
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createCoreRegistry,
  McpConnectionPool,
  RunControl,
  runFlow,
  type RunEvent,
  type RunHandle,
  type RunOptions,
  type RunState,
} from '../../../src/engine';
import { buildFlow, eventsOf } from '../../helpers/flow-builder';
import { repoRoot } from '../../helpers/build-cli';
import { fixtureFlow } from '../mcp/support/mcp-servers';

type Paused = Extract<RunEvent, { type: 'run.paused' }>;

/** A run whose events are recorded, with its pauses queued for the test to await in order. */
function watchedRun(flow: Parameters<typeof runFlow>[0], options: RunOptions) {
  const events: RunEvent[] = [];
  const pauses: Paused[] = [];
  let consumed = 0;
  let waiter: (() => void) | undefined;
  const handle: RunHandle = runFlow(flow, {
    ...options,
    onEvent: (event) => {
      events.push(event);
      if (event.type === 'run.paused') {
        pauses.push(event);
        waiter?.();
      }
    },
  });
  const nextPause = async (): Promise<Paused | undefined> => {
    let ended = false;
    void handle.result.then(() => {
      ended = true;
      waiter?.();
    });
    while (consumed >= pauses.length && !ended) await new Promise<void>((resolve) => (waiter = resolve));
    return pauses[consumed++];
  };
  return { handle, events, nextPause };
}

const slowChain = buildFlow(
  {
    in: ['input.text', { name: 'x' }],
    wait: ['util.delay', { ms: 40 }],
    t: ['text.template', { template: '<{{v}}>' }],
    out: ['output.text', { name: 'r' }],
  },
  ['in.text -> wait.value', 'wait.value -> t.v', 't.text -> out.text'],
);

describe('run control (the debugger state machine)', () => {
  it('goes preparing -> running -> paused -> running -> finished, and says so to listeners', async () => {
    const control = new RunControl({ startPaused: true });
    const states: RunState[] = [];
    control.onDidChangeState((state) => states.push(state));
    assert.equal(control.state, 'preparing');
    const { handle, nextPause } = watchedRun(slowChain, { inputs: { x: 'a' }, control });
    assert.equal(handle.state, 'paused');
    assert.equal((await nextPause())?.nodeId, 'in');
    handle.resume();
    assert.equal((await handle.result).outputs.r, '<a>');
    assert.equal(handle.state, 'finished');
    assert.deepEqual(states, ['running', 'paused', 'running', 'finished']);
  });

  it('steps while running the same way as anywhere: pauses before the next node to start', async () => {
    const { handle, events, nextPause } = watchedRun(slowChain, { inputs: { x: 'a' } });
    assert.equal(handle.state, 'running', 'util.delay is running');
    handle.step();
    const pause = await nextPause();
    assert.equal(pause?.nodeId, 't');
    assert.equal(pause?.reason, 'step');
    assert.ok(!eventsOf(events, 'node.start').some((e) => e.nodeId === 't'));
    handle.step();
    const next = await nextPause();
    assert.equal(next?.nodeId, 'out', 'a step from a pause starts exactly the paused node');
    handle.resume();
    assert.equal((await handle.result).status, 'ok');
  });

  it('ignores controls once the run has finished, and a second run on one control ends with an error', async () => {
    const control = new RunControl();
    const { handle } = watchedRun(slowChain, { inputs: { x: 'a' }, control });
    await handle.result;
    handle.pause();
    handle.step();
    handle.cancel();
    assert.equal(control.state, 'finished');
    assert.equal((await handle.result).status, 'ok');
    const second = await runFlow(slowChain, { inputs: { x: 'b' }, control }).result;
    assert.equal(second.status, 'error');
    assert.match(second.error?.message ?? '', /already drives another run/);
    assert.equal(control.state, 'finished');
  });

  it('cancels a run before it starts: it ends cancelled with no node started', async () => {
    const control = new RunControl();
    control.cancel('stopped while preparing');
    const { handle, events } = watchedRun(slowChain, { inputs: { x: 'a' }, control });
    const result = await handle.result;
    assert.equal(result.status, 'cancelled');
    assert.equal(result.error?.message, 'stopped while preparing');
    assert.equal(eventsOf(events, 'node.start').length, 0);
  });
});

describe('run control while MCP servers are still starting', function () {
  // A real server-everything over stdio that loads only after a delay: the run stays "preparing"
  // until its tool list is known, which is when the controls below are used.
  const startDelayMs = 600;
  let folder: string;
  let pool: McpConnectionPool;

  beforeEach(() => {
    folder = mkdtempSync(path.join(tmpdir(), 'fs-slow-mcp-'));
    mkdirSync(path.join(folder, '.vscode'));
    const server = {
      type: 'stdio',
      command: process.execPath,
      args: [
        '--import',
        pathToFileURL(path.join(repoRoot, 'test/engine/mcp/support/start-slowly.mjs')).href,
        path.join(repoRoot, 'node_modules/@modelcontextprotocol/server-everything/dist/index.js'),
        'stdio',
      ],
      env: { FLOWSTUDIO_TEST_START_DELAY_MS: String(startDelayMs) },
    };
    writeFileSync(path.join(folder, '.vscode/mcp.json'), JSON.stringify({ servers: { everything: server } }));
  });
  afterEach(async () => {
    await pool?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  const start = async (options: RunOptions) => {
    pool = await McpConnectionPool.fromWorkspace({ workspaceFolder: folder });
    return watchedRun(fixtureFlow('everything-sum.flow.json'), {
      inputs: { a: 20, b: 22 },
      mcp: pool,
      registry: createCoreRegistry(),
      ...options,
    });
  };

  it('steps to the first node when Step is pressed while the server connects (not a resume)', async () => {
    const { handle, events, nextPause } = await start({ startPaused: true });
    assert.equal(handle.state, 'preparing');
    const connectedBefore = pool.statusOf('everything') === 'connected';
    handle.step();
    const pause = await nextPause();
    assert.ok(!connectedBefore, 'the step was pressed before the server was connected');
    assert.equal(pause?.nodeId, 'a', 'the run paused before its first node');
    assert.equal(pause?.reason, 'step');
    assert.equal(eventsOf(events, 'node.start').length, 0, 'no node started before the pause');
    assert.equal(handle.state, 'paused');
    handle.step();
    assert.equal((await nextPause())?.nodeId, 'b', 'the next step runs one node and pauses again');
    assert.deepEqual(
      eventsOf(events, 'node.start').map((e) => e.nodeId),
      ['a'],
    );
    handle.resume();
    const result = await handle.result;
    assert.equal(result.status, 'ok', result.error?.message);
    assert.equal(result.outputs.answer, 'Echo: The sum of 20 and 22 is 42.');
  });

  it('pauses at the first node when Pause is pressed while the server connects', async () => {
    const { handle, nextPause } = await start({});
    assert.equal(handle.state, 'preparing');
    handle.pause();
    const pause = await nextPause();
    assert.equal(pause?.nodeId, 'a');
    assert.equal(pause?.reason, 'pause');
    handle.cancel('done looking');
    assert.equal((await handle.result).status, 'cancelled');
  });

  it('runs to the end when a debug run is resumed while the server connects', async () => {
    const { handle, events } = await start({ startPaused: true });
    handle.resume();
    const result = await handle.result;
    assert.equal(result.status, 'ok', result.error?.message);
    assert.equal(eventsOf(events, 'run.paused').length, 0);
  });

  it('ends cancelled, starting no node, when Stop is pressed while the server connects', async () => {
    const { handle, events } = await start({ startPaused: true });
    handle.cancel('stopped while connecting');
    const result = await handle.result;
    assert.equal(result.status, 'cancelled');
    assert.equal(result.error?.message, 'stopped while connecting');
    assert.equal(eventsOf(events, 'node.start').length, 0);
  });
});
