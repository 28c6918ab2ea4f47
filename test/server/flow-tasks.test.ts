// Served flows as tasks (protocol 2025-11-25): a tools/call with `task` answers at once, the run goes
// on, status notifications follow its nodes, tasks/result hands over the outcome, tasks/cancel ends
// the run, a question waiting on the caller shows as input_required, and tasks stay their caller's.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import {
  CallToolResultSchema,
  CancelTaskResultSchema,
  CreateTaskResultSchema,
  ElicitRequestSchema,
  GetTaskResultSchema,
  TaskStatusNotificationSchema,
  type Task,
} from '@modelcontextprotocol/sdk/types.js';
import { createCoreRegistry, serializeFlow } from '../../src/engine';
import { createFlowServer, FlowToolCatalog, RunLimiter, serveFlowsOverHttp, ServedState } from '../../src/server';
import { buildFlow } from '../helpers/flow-builder';

describe('served flows as tasks (2025-11-25)', function () {
  this.timeout(20_000);
  let dir: string;
  let catalog: FlowToolCatalog;
  const registry = createCoreRegistry();
  let shared: ServedState;
  let limiter: RunLimiter;
  const clients: Client[] = [];

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'flowstudio-tasks-'));
    const flows = [
      buildFlow({ wait: ['util.delay', { ms: 200 }], out: ['output.text', { name: 'done' }] }, ['wait.value -> out.text'], 'short wait'),
      buildFlow({ wait: ['util.delay', { ms: 60_000 }], out: ['output.text', { name: 'done' }] }, ['wait.value -> out.text'], 'long wait'),
      buildFlow(
        { ask: ['input.ask', { name: 'name', message: 'Your name?' }], out: ['output.text', { name: 'name' }] },
        ['ask.value -> out.text'],
        'ask name',
      ),
    ];
    for (const flow of flows) writeFileSync(path.join(dir, `${flow.name.replace(/ /g, '-')}.flow.json`), serializeFlow(flow));
    catalog = new FlowToolCatalog(dir, registry);
    await catalog.load();
  });

  beforeEach(() => {
    shared = new ServedState();
    // One run at a time: a cancelled run that kept going would hold the only slot.
    limiter = new RunLimiter(1);
  });

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    shared.close();
  });

  after(() => {
    catalog.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function connect(caller = 'caller-a', onAsk?: (client: Client) => Promise<string>) {
    const server = createFlowServer({ catalog, registry, limiter, version: '0' }, { era: 'legacy', caller, shared });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await server.connect(serverSide);
    const client = new Client({ name: 'tasks', version: '1' }, { capabilities: { elicitation: { form: {} }, tasks: {} } });
    const statuses: Task[] = [];
    client.setNotificationHandler(TaskStatusNotificationSchema, (n) => void statuses.push(n.params as Task));
    if (onAsk) client.setRequestHandler(ElicitRequestSchema, async () => ({ action: 'accept', content: { name: await onAsk(client) } }));
    await client.connect(clientSide);
    clients.push(client);
    return { client, statuses };
  }

  const startTask = (client: Client, name: string) =>
    client.request({ method: 'tools/call', params: { name, arguments: {}, task: { ttl: 60_000 } } }, CreateTaskResultSchema);
  const getTask = (client: Client, taskId: string) => client.request({ method: 'tasks/get', params: { taskId } }, GetTaskResultSchema);
  const resultOf = (client: Client, taskId: string) => client.request({ method: 'tasks/result', params: { taskId } }, CallToolResultSchema);

  it('declares tasks and lets every flow tool run as one', async () => {
    const { client } = await connect();
    assert.ok(client.getServerCapabilities()?.tasks?.requests?.tools?.call);
    const tools = (await client.listTools()).tools;
    assert.ok(tools.length > 0 && tools.every((t) => t.execution?.taskSupport === 'optional'));
  });

  it('answers a task call at once, then reports status and hands over the result', async () => {
    const { client, statuses } = await connect();
    const created = await startTask(client, 'short_wait');
    assert.equal(created.task.status, 'working');
    assert.equal((await getTask(client, created.task.taskId)).status, 'working');
    const result = await resultOf(client, created.task.taskId);
    assert.deepEqual(result.structuredContent, { done: '' });
    assert.equal((await getTask(client, created.task.taskId)).status, 'completed');
    assert.ok(statuses.some((s) => s.taskId === created.task.taskId && s.statusMessage === "node 'wait' done"));
    assert.equal(statuses.at(-1)?.status, 'completed');
  });

  it('ends the run on tasks/cancel, freeing its place for the next call', async () => {
    const { client } = await connect();
    const created = await startTask(client, 'long_wait');
    const cancelled = await client.request({ method: 'tasks/cancel', params: { taskId: created.task.taskId } }, CancelTaskResultSchema);
    assert.equal(cancelled.status, 'cancelled');
    // The limiter has one slot: this call only runs because the cancelled run let go of it.
    const next = await client.callTool({ name: 'short_wait', arguments: {} });
    assert.deepEqual(next.structuredContent, { done: '' });
    assert.equal((await getTask(client, created.task.taskId)).status, 'cancelled');
  });

  it('shows input_required while a node waits on the caller, and completes after the answer', async () => {
    let seen: string | undefined;
    // The question may come before the task call's own answer: the handler waits for the task id.
    let taskIdKnown!: (id: string) => void;
    const taskId = new Promise<string>((resolve) => (taskIdKnown = resolve));
    const { client } = await connect('caller-a', async (c) => {
      seen = (await getTask(c, await taskId)).status;
      return 'Ada';
    });
    const created = await startTask(client, 'ask_name');
    taskIdKnown(created.task.taskId);
    const result = await resultOf(client, created.task.taskId);
    assert.deepEqual(result.structuredContent, { name: 'Ada' }, JSON.stringify(result.content));
    assert.equal(seen, 'input_required');
    assert.equal((await getTask(client, created.task.taskId)).status, 'completed');
  });

  it("reads another caller's task id as unknown (attack)", async () => {
    const { client: owner } = await connect('caller-a');
    const created = await startTask(owner, 'short_wait');
    const { client: intruder } = await connect('caller-b');
    await assert.rejects(getTask(intruder, created.task.taskId), /no task .* not yours/);
    await assert.rejects(resultOf(intruder, created.task.taskId), /no task .* not yours/);
    await assert.rejects(
      intruder.request({ method: 'tasks/cancel', params: { taskId: created.task.taskId } }, CancelTaskResultSchema),
      /no task .* not yours/,
    );
    assert.deepEqual((await resultOf(owner, created.task.taskId)).structuredContent, { done: '' });
  });

  it('caps the tasks one caller may hold', async () => {
    shared.close();
    shared = new ServedState({ tasks: { maxPerCaller: 2, maxTasks: 10, defaultTtlMs: 60_000, maxTtlMs: 60_000 } });
    const { client } = await connect();
    await startTask(client, 'short_wait');
    await startTask(client, 'short_wait');
    await assert.rejects(startTask(client, 'short_wait'), /too many tasks \(at most 2 per caller/);
  });

  it("over HTTP, a task's question reaches the caller and its answer completes the task", async () => {
    const token = 'flow-tasks-token-0123456789';
    const http = await serveFlowsOverHttp({ catalog, registry, limiter, version: '0', host: '127.0.0.1', port: 0, token });
    try {
      const client = new Client({ name: 'tasks-http', version: '1' }, { capabilities: { elicitation: { form: {} }, tasks: {} } });
      const asked: string[] = [];
      client.setRequestHandler(ElicitRequestSchema, async (request) => {
        asked.push(request.params.message);
        return { action: 'accept', content: { name: 'Ada' } };
      });
      await client.connect(
        new StreamableHTTPClientTransport(new URL(http.url), { requestInit: { headers: { Authorization: `Bearer ${token}` } } }),
      );
      clients.push(client);
      const created = await startTask(client, 'ask_name');
      const result = await resultOf(client, created.task.taskId);
      assert.deepEqual(asked, ['Your name?']);
      assert.deepEqual(result.structuredContent, { name: 'Ada' });
    } finally {
      await Promise.all(clients.splice(0).map((c) => c.close()));
      await http.close();
    }
  });
});
