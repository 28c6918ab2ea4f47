// Tools that run as MCP tasks (protocol 2025-11-25): server-everything's simulate-research-query over
// stdio and Streamable HTTP (status as progress, a question while the task waits for input, cancel,
// the node's timeout), and a server of our own whose tasks lie, each lie ending with a clear error.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import {
  createCoreRegistry,
  McpConnectionPool,
  runFlow,
  serversUsedBy,
  validateFlow,
  type AskRequest,
  type Flow,
  type McpMessage,
  type RunEvent,
} from '../../../src/engine';
import { buildFlow } from '../../helpers/flow-builder';
import { fixtureFlow, fixturePool, startEverythingOverHttp, type RunningProcessServer } from './support/mcp-servers';

const lyingServer = path.join(__dirname, 'support/lying-task-server.mjs');

/** A flow with one call of `tool` on `server`, its text as output `reply`; `timeoutMs` is the node's own limit. */
function taskFlow(
  server: string,
  tool: string,
  args: Record<string, unknown> = {},
  extra: { timeoutMs?: number; task?: string } = {},
): Flow {
  const flow = buildFlow(
    {
      call: ['mcp.tool', { server, tool, arguments: args, ...(extra.task ? { task: extra.task } : {}) }],
      out: ['output.text', { name: 'reply' }],
    },
    ['call.text -> out.text'],
  );
  if (extra.timeoutMs) flow.nodes[0]!.run = { timeoutMs: extra.timeoutMs };
  return flow;
}

async function runWithEvents(flow: Flow, pool: McpConnectionPool, services: Parameters<typeof runFlow>[1] = {}) {
  const events: RunEvent[] = [];
  const started = Date.now();
  const result = await runFlow(flow, { mcp: pool, registry: createCoreRegistry(), onEvent: (e) => events.push(e), ...services }).result;
  const progress = events.flatMap((e) => (e.type === 'node.progress' && e.message ? [e.message] : []));
  return { result, events, progress, ms: Date.now() - started };
}

/** Resolves once `condition` holds, checking every 100 ms for at most `ms`. */
async function eventually(condition: () => boolean, ms: number): Promise<boolean> {
  for (const deadline = Date.now() + ms; Date.now() < deadline;) {
    if (condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return condition();
}

describe('MCP tasks against server-everything over stdio', function () {
  this.timeout(60_000);
  let pool: McpConnectionPool;

  before(async () => {
    pool = await fixturePool();
  });
  after(async () => {
    await pool.close();
  });

  it('runs the task-only research tool from a flow and shows each status as progress', async () => {
    const { result, progress, events } = await runWithEvents(fixtureFlow('everything-research-task.flow.json'), pool);
    assert.equal(result.status, 'ok', result.error?.message);
    const statuses = events.flatMap((e) => (e.type === 'node.progress' && e.taskStatus ? [e.taskStatus] : []));
    assert.deepEqual([...new Set(statuses)], ['working', 'completed']);
    // server-everything announces each status: the client follows those notifications, and the node's trace shows them.
    const traced = events.flatMap((e) => (e.type === 'node.mcp-message' ? [`${e.direction} ${e.method}`] : []));
    assert.ok(traced.includes('received notifications/tasks/status'), traced.join('\n'));
    assert.deepEqual(
      traced.filter((m) => m.startsWith('sent')).filter((m) => m !== 'sent tasks/get'),
      ['sent tools/call', 'sent tasks/result'],
    );
    assert.match(String(result.outputs.report), /^# Research Report: tide pools/);
    assert.deepEqual(
      progress.filter((m) => m.startsWith('task working')),
      [
        'task working: Gathering sources...',
        'task working: Analyzing content...',
        'task working: Synthesizing findings...',
        'task working: Generating report...',
      ],
    );
    assert.match(progress.at(-1)!, /^task completed/);
    assert.equal(pool.toolsOf('everything')?.find((t) => t.name === 'simulate-research-query')?.taskSupport, 'required');
  });

  it("passes the question of a task waiting for input to the run's person, and the answer shapes the result", async () => {
    const asked: AskRequest[] = [];
    const humanInput = {
      ask: async (request: AskRequest) => {
        asked.push(request);
        return { action: 'accept' as const, content: { interpretation: 'snake' } };
      },
    };
    const flow = taskFlow('everything', 'simulate-research-query', { topic: 'python', ambiguous: true });
    const { result, progress } = await runWithEvents(flow, pool, { humanInput });
    assert.equal(result.status, 'ok', result.error?.message);
    assert.match(String(result.outputs.reply), /^# Research Report: python \(snake\)/);
    assert.equal(asked.length, 1);
    assert.deepEqual(asked[0]!.origin, { kind: 'mcp-server', server: 'everything', nodeId: 'call' });
    assert.ok(
      progress.some((m) => m.startsWith('task input_required')),
      progress.join('\n'),
    );
    assert.ok(progress.includes('task working: Continuing with interpretation: "snake"...'), progress.join('\n'));
  });

  it('cancels the task at the server when the call is aborted, and the server reports it cancelled', async () => {
    const messages: McpMessage[] = [];
    const controller = new AbortController();
    const started = Date.now();
    const call = pool.callTool(
      'everything',
      'simulate-research-query',
      { topic: 'cancel me' },
      {
        signal: controller.signal,
        onMessage: (m) => messages.push(m),
        onProgress: () => controller.abort(new Error('stopped by the test')),
      },
    );
    await assert.rejects(call, /stopped by the test/);
    assert.ok(Date.now() - started < 3_000, `the call should end at once, took ${Date.now() - started} ms`);
    const cancel = messages.find((m) => m.direction === 'sent' && m.method === 'tasks/cancel');
    assert.ok(cancel, messages.map((m) => m.method).join(', '));
    const answer = messages.find((m) => m.direction === 'received' && m.id === cancel.id);
    assert.equal((answer?.payload as { status?: string } | undefined)?.status, 'cancelled');
    // The server's own research loop then finds its task cancelled when it next updates it (within a stage, 1 s).
    const taskId = (cancel.payload as { taskId: string }).taskId;
    assert.ok(
      await eventually(() => pool.logOf('everything').some((l) => l.includes(taskId) && /terminal status .cancelled./.test(l)), 5_000),
      pool.logOf('everything').join('\n'),
    );
  });

  it("ends a task at the node's timeout, which covers the whole task, and cancels it at the server", async () => {
    const before = pool.logOf('everything').length;
    const { result, ms } = await runWithEvents(
      taskFlow('everything', 'simulate-research-query', { topic: 'slow' }, { timeoutMs: 1_500 }),
      pool,
    );
    assert.equal(result.status, 'error');
    assert.equal(result.error?.nodeId, 'call');
    assert.match(result.error?.message ?? '', /timed out after 1500 ms/);
    assert.ok(ms < 3_500, `the research takes 4 s; the run should end near 1.5 s, took ${ms} ms`);
    assert.ok(
      await eventually(
        () =>
          pool
            .logOf('everything')
            .slice(before)
            .some((l) => /terminal status .cancelled./.test(l)),
        5_000,
      ),
      pool.logOf('everything').join('\n'),
    );
  });
});

describe('MCP tasks against server-everything over Streamable HTTP', function () {
  this.timeout(60_000);
  let server: RunningProcessServer;
  let pool: McpConnectionPool;

  before(async () => {
    server = await startEverythingOverHttp();
    pool = await fixturePool({ FLOWSTUDIO_TEST_EVERYTHING_URL: server.url });
  });
  after(async () => {
    await pool?.close();
    await server?.stop();
  });

  it('runs the research task, asking the person through the task while it waits for input', async () => {
    const humanInput = { ask: async () => ({ action: 'accept' as const, content: { interpretation: 'historical' } }) };
    const flow = taskFlow('everything-http', 'simulate-research-query', { topic: 'tea', ambiguous: true });
    const { result, progress } = await runWithEvents(flow, pool, { humanInput });
    assert.equal(result.status, 'ok', result.error?.message);
    assert.match(String(result.outputs.reply), /^# Research Report: tea \(historical\)/);
    assert.ok(
      progress.some((m) => m.startsWith('task input_required')),
      progress.join('\n'),
    );
  });
});

describe('MCP tasks of a server that lies about them', function () {
  this.timeout(30_000);
  let dir: string;
  let pool: McpConnectionPool;

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'flowstudio-tasks-'));
    mkdirSync(path.join(dir, '.vscode'));
    writeFileSync(
      path.join(dir, '.vscode/mcp.json'),
      JSON.stringify({ servers: { lying: { type: 'stdio', command: process.execPath, args: [lyingServer] } } }),
    );
    pool = await McpConnectionPool.fromWorkspace({ workspaceFolder: dir }, { timeouts: { callMs: 2_000, totalCallMs: 3_000 } });
  });
  after(async () => {
    await pool.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const seen = async () => JSON.parse((await pool.callTool('lying', 'seen', {})).text) as string[];

  it("ends a task that stays working forever at the node's timeout and cancels it at the server", async () => {
    const { result, ms } = await runWithEvents(taskFlow('lying', 'endless', {}, { timeoutMs: 1_000 }), pool);
    assert.equal(result.status, 'error');
    assert.match(result.error?.message ?? '', /timed out after 1000 ms/);
    assert.ok(ms < 2_500, `took ${ms} ms`);
    // The node failed at its timeout; the cancel goes out right after, and the server records it.
    let methods: string[] = [];
    for (let attempt = 0; attempt < 20 && !methods.includes('tasks/cancel'); attempt++) methods = await seen();
    assert.ok(methods.includes('tools/call (task)'), methods.join(', '));
    assert.ok(methods.includes('tasks/get'), methods.join(', '));
    assert.ok(methods.includes('tasks/cancel'), methods.join(', '));
  });

  it('ends a task that stays working forever at the total limit of a call when the node has no timeout', async () => {
    const { result, ms } = await runWithEvents(taskFlow('lying', 'endless'), pool);
    assert.equal(result.status, 'error');
    assert.match(result.error?.message ?? '', /no result after 3 s in all/);
    assert.ok(ms < 5_000, `took ${ms} ms`);
  });

  it('does not wait an hour when the server asks to be polled once an hour', async () => {
    const { result, ms } = await runWithEvents(taskFlow('lying', 'sleepy'), pool);
    assert.equal(result.status, 'ok', result.error?.message);
    assert.equal(result.outputs.reply, 'sleepy ran as a task');
    assert.ok(ms < 8_000, `took ${ms} ms`);
  });

  it('polls a server that asks for no pause at most ten times a second and cuts its huge status message', async () => {
    const before = (await seen()).filter((m) => m === 'tasks/get').length;
    const { result, progress, ms } = await runWithEvents(taskFlow('lying', 'chatty'), pool);
    assert.equal(result.status, 'ok', result.error?.message);
    const polls = (await seen()).filter((m) => m === 'tasks/get').length - before;
    assert.ok(polls >= 2 && polls <= Math.ceil(ms / 100) + 1, `${polls} polls in ${ms} ms`);
    assert.ok(progress.length > 0);
    for (const message of progress) assert.ok(message.length <= 520, `a progress message of ${message.length} characters`);
  });

  const lies: [tool: string, error: RegExp][] = [
    ['forgetful', /failed calling tool 'forgetful' as a task: asking for the status of task 'task-\d+' failed: .*Task not found/],
    ['other-task', /asked for task 'task-\d+', it answered with task 'someone-else'/],
    ['bad-status', /its answer to tasks\/get for task 'task-\d+' is not a task \(status: /],
    ['bad-result', /the task's result is not a tool result \(content: /],
    ['failing', /the task failed: the disk is full/],
    ['no-task', /it answered the call with neither a task nor a tool result/],
  ];
  for (const [tool, error] of lies) {
    it(`ends the call with a clear error when the tool '${tool}' lies about its task`, async () => {
      const { result, ms } = await runWithEvents(taskFlow('lying', tool), pool);
      assert.equal(result.status, 'error');
      assert.equal(result.error?.nodeId, 'call');
      assert.match(result.error?.message ?? '', error);
      assert.doesNotMatch(result.error?.message ?? '', /\n\s+at /, 'no stack trace');
      assert.ok(ms < 2_500, `took ${ms} ms`);
    });
  }

  it('cancels at the server a task whose status made no sense, so it does not run on unwatched', async () => {
    const cancels = async () => (await seen()).filter((m) => m === 'tasks/cancel').length;
    const before = await cancels();
    const { result } = await runWithEvents(taskFlow('lying', 'bad-status'), pool);
    assert.equal(result.status, 'error');
    assert.equal(await cancels(), before + 1);
  });

  it('calls an optional-task tool plainly by default and as a task when the node says always', async () => {
    const plain = await runWithEvents(taskFlow('lying', 'optional'), pool);
    assert.equal(plain.result.outputs.reply, 'optional ran as a plain call');
    const asTask = await runWithEvents(taskFlow('lying', 'optional', {}, { task: 'always' }), pool);
    assert.equal(asTask.result.status, 'ok', asTask.result.error?.message);
    assert.equal(asTask.result.outputs.reply, 'optional ran as a task');
  });

  it("validation places a task setting the tool cannot honour on the node's task param", async () => {
    const flow = taskFlow('lying', 'plain', {}, { task: 'always' });
    flow.nodes.push({ ...taskFlow('lying', 'endless', {}, { task: 'never' }).nodes[0]!, id: 'call2' });
    await pool.prepare(serversUsedBy(flow.nodes));
    const errors = validateFlow(flow, undefined, { mcp: pool }).filter((d) => d.severity === 'error');
    assert.deepEqual(
      errors.map((d) => [d.nodeId, d.path?.join('.'), d.message]),
      [
        ['call', 'nodes.0.params.task', "node 'call' (mcp.tool): this tool cannot run as a task; set task to auto"],
        ['call2', 'nodes.2.params.task', "node 'call2' (mcp.tool): this tool runs only as a task; set task to auto or always"],
      ],
    );
  });

  it('refuses with a clear error to run a tool as a task when the tool cannot, or to run a task-only tool plainly', async () => {
    const always = await runWithEvents(taskFlow('lying', 'plain', {}, { task: 'always' }), pool);
    assert.match(always.result.error?.message ?? '', /tool 'plain' on 'lying' cannot run as a task/);
    const never = await runWithEvents(taskFlow('lying', 'endless', {}, { task: 'never' }), pool);
    assert.match(never.result.error?.message ?? '', /tool 'endless' on 'lying' runs only as a task/);
  });
});
