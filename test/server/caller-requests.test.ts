// A served flow borrows the caller's person and model: its question reaches the MCP client as an
// elicitation request, its `mcp-client` model call as a sampling request, over stdio and over HTTP.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import {
  CallToolResultSchema,
  CancelledNotificationSchema,
  CreateMessageRequestSchema,
  ElicitRequestSchema,
  type ClientCapabilities,
  type CreateMessageRequest,
  type ElicitRequest,
  type ElicitResult,
  type RequestId,
} from '@modelcontextprotocol/sdk/types.js';
import { serializeFlow, type Flow } from '../../src/engine';
import { FlowToolCatalog, RunLimiter, serveFlowsOverHttp, type RunningHttpServer } from '../../src/server';
import { registryWithAsk } from '../fixtures/server/ask-component';
import { buildFlow } from '../helpers/flow-builder';
import { build } from 'esbuild';
import { repoRoot } from '../helpers/build-cli';

const TOKEN = 'caller-requests-token-0123456789';

function writeFlows(dir: string): void {
  const flows: Flow[] = [
    buildFlow(
      {
        ask: ['test.ask-name', { message: 'What is your name?' }],
        prompt: ['text.template', { template: 'Greet {{name}}' }],
        model: ['llm.chat', { provider: 'mcp-client', model: 'caller-model', system: 'Be brief.' }],
        reply: ['output.text', { name: 'reply' }],
        name: ['output.text', { name: 'name' }],
      },
      ['ask.name -> prompt.name', 'prompt.text -> model.prompt', 'model.text -> reply.text', 'ask.name -> name.text'],
      'ask and sample',
    ),
    buildFlow(
      { ask: ['test.ask-name', { message: 'Name?' }], out: ['output.text', { name: 'name' }] },
      ['ask.name -> out.text'],
      'ask only',
    ),
    buildFlow(
      {
        prompt: ['input.text', { name: 'prompt', required: true }],
        model: ['llm.chat', { provider: 'mcp-client', model: 'caller-model' }],
        out: ['output.text', { name: 'reply' }],
      },
      ['prompt.text -> model.prompt', 'model.text -> out.text'],
      'sample only',
    ),
  ];
  const slow = buildFlow(
    { ask: ['test.ask-name', { message: 'Name, quickly?' }], out: ['output.text', { name: 'name' }] },
    ['ask.name -> out.text'],
    'ask with timeout',
  );
  slow.nodes[0]!.run = { timeoutMs: 300 };
  flows.push(slow);
  for (const flow of flows) writeFileSync(path.join(dir, `${flow.name.replace(/ /g, '-')}.flow.json`), serializeFlow(flow));
}

interface Caller {
  client: Client;
  elicitations: ElicitRequest['params'][];
  samplings: CreateMessageRequest['params'][];
  /** Settles when the server cancels the elicitation request it sent (notifications/cancelled). */
  elicitationCancelled: Promise<void>;
}

/** An SDK client that answers questions with `answer` and samples by echoing the prompt. */
function newCaller(capabilities: ClientCapabilities, answer: () => Promise<ElicitResult> | ElicitResult): Caller {
  const client = new Client({ name: 'caller', version: '1' }, { capabilities });
  const asked: RequestId[] = [];
  let cancelled!: () => void;
  const caller: Caller = { client, elicitations: [], samplings: [], elicitationCancelled: new Promise((resolve) => (cancelled = resolve)) };
  // Watched directly rather than through the handler's abort signal: SDK 1.x clients ignore a
  // cancellation of request id 0 (a falsy-id check), and the flow's question is the server's first request.
  client.setNotificationHandler(CancelledNotificationSchema, (notification) => {
    if (notification.params.requestId !== undefined && asked.includes(notification.params.requestId)) cancelled();
  });
  if (capabilities.elicitation) {
    client.setRequestHandler(ElicitRequestSchema, async (request, extra) => {
      caller.elicitations.push(request.params);
      asked.push(extra.requestId);
      return answer();
    });
  }
  if (capabilities.sampling) {
    client.setRequestHandler(CreateMessageRequestSchema, async (request) => {
      caller.samplings.push(request.params);
      const said = request.params.messages.map((m) => (m.content as { text?: string }).text ?? '').join(' ');
      return { role: 'assistant', content: { type: 'text', text: `Model says: ${said}` }, model: 'echo-1', stopReason: 'endTurn' };
    });
  }
  return caller;
}

const both: ClientCapabilities = { elicitation: { form: {} }, sampling: {} };

function textOf(result: unknown): string {
  return CallToolResultSchema.parse(result)
    .content.map((block) => (block.type === 'text' ? block.text : ''))
    .join('\n');
}

/**
 * Bundles the stdio server fixture once, as the CLI is built: a process start then costs no compiling.
 * A node_modules link beside it finds the packages left out of the bundle, as for an installed CLI.
 */
async function buildStdioServer(outDir: string): Promise<string> {
  mkdirSync(outDir, { recursive: true });
  symlinkSync(path.join(repoRoot, 'node_modules'), path.join(outDir, 'node_modules'), 'dir');
  const outfile = path.join(outDir, 'serve-stdio.js');
  await build({
    entryPoints: [path.join(repoRoot, 'test/fixtures/server/serve-stdio.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    mainFields: ['module', 'main'],
    external: ['@lancedb/lancedb', 'ai', '@ai-sdk/*', 'ollama-ai-provider-v2'],
    logLevel: 'silent',
  });
  return outfile;
}

for (const transportKind of ['stdio', 'http'] as const) {
  describe(`a served flow asks and samples its caller (${transportKind})`, function () {
    // Each stdio test starts its own server process; on a loaded machine that takes seconds.
    this.timeout(60_000);
    let dir: string;
    let stdioServer: string;
    let http: RunningHttpServer | undefined;
    let catalog: FlowToolCatalog | undefined;
    const clients: Client[] = [];

    const transport = (): Transport =>
      transportKind === 'stdio'
        ? new StdioClientTransport({
            command: process.execPath,
            args: [stdioServer, dir],
            stderr: 'pipe',
          })
        : new StreamableHTTPClientTransport(new URL(http!.url), { requestInit: { headers: { Authorization: `Bearer ${TOKEN}` } } });

    const connect = async (caller: Caller) => {
      await caller.client.connect(transport());
      clients.push(caller.client);
      return caller.client;
    };

    before(async () => {
      dir = mkdtempSync(path.join(tmpdir(), 'flowstudio-caller-'));
      writeFlows(dir);
      // In a hidden folder, which the served folder's scan skips.
      if (transportKind === 'stdio') stdioServer = await buildStdioServer(path.join(dir, '.server'));
      if (transportKind === 'http') {
        const registry = registryWithAsk();
        catalog = new FlowToolCatalog(dir, registry);
        await catalog.load();
        http = await serveFlowsOverHttp({
          catalog,
          registry,
          limiter: new RunLimiter(4),
          version: 'test',
          host: '127.0.0.1',
          port: 0,
          token: TOKEN,
        });
      }
    });

    afterEach(async () => {
      await Promise.all(clients.splice(0).map((c) => c.close()));
    });

    after(async () => {
      await http?.close();
      catalog?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it("sends the flow's question to the caller as an elicitation and its mcp-client model call as sampling", async () => {
      const caller = newCaller(both, () => ({ action: 'accept', content: { name: 'Ada' } }));
      const client = await connect(caller);
      const result = await client.callTool({ name: 'ask_and_sample', arguments: {} });
      assert.equal(result.isError, undefined, textOf(result));
      assert.deepEqual(result.structuredContent, { reply: 'Model says: Greet Ada', name: 'Ada' });

      assert.equal(caller.elicitations.length, 1);
      const asked = caller.elicitations[0]!;
      assert.equal(asked.message, 'What is your name?');
      assert.deepEqual(asked.mode === 'url' ? undefined : asked.requestedSchema.required, ['name']);

      assert.equal(caller.samplings.length, 1);
      const sampled = caller.samplings[0]!;
      assert.equal(sampled.systemPrompt, 'Be brief.');
      assert.deepEqual(sampled.messages, [{ role: 'user', content: { type: 'text', text: 'Greet Ada' } }]);
      assert.deepEqual(sampled.modelPreferences?.hints, [{ name: 'caller-model' }]);
    });

    it('fails the run with the reason when the caller declines the question', async () => {
      const client = await connect(newCaller(both, () => ({ action: 'decline' })));
      const result = await client.callTool({ name: 'ask_only', arguments: {} });
      assert.equal(result.isError, true);
      assert.match(textOf(result), /node 'ask'.*answered with decline/);
    });

    it('refuses at once, with a clear error, a question to a caller that declared no elicitation', async () => {
      const client = await connect(newCaller({}, () => ({ action: 'cancel' })));
      const started = Date.now();
      const result = await client.callTool({ name: 'ask_only', arguments: {} });
      assert.equal(result.isError, true);
      assert.match(textOf(result), /the MCP client that called it does not accept form-mode elicitation requests, so nobody can answer/);
      assert.ok(Date.now() - started < 10_000, 'the refusal came without waiting on the caller');
    });

    it('refuses an mcp-client model call from a caller that declared no sampling', async () => {
      const client = await connect(newCaller({ elicitation: { form: {} } }, () => ({ action: 'cancel' })));
      const result = await client.callTool({ name: 'sample_only', arguments: { prompt: 'hi' } });
      assert.equal(result.isError, true);
      assert.match(textOf(result), /provider 'mcp-client'.*this client does not accept sampling requests/);
    });

    it("ends a question still waiting on the caller when the node's timeout passes, and tells the caller", async () => {
      // The person never answers.
      const caller = newCaller(both, () => new Promise<ElicitResult>(() => undefined));
      const client = await connect(caller);
      const result = await client.callTool({ name: 'ask_with_timeout', arguments: {} });
      assert.equal(result.isError, true);
      assert.match(textOf(result), /node 'ask'.*timed out after 300 ms/);
      // The server cancelled its elicitation request (notifications/cancelled), so the caller's form can close.
      await caller.elicitationCancelled;
    });

    it('cancels a question waiting on the caller when the caller cancels the call', async () => {
      let asked!: () => void;
      const wasAsked = new Promise<void>((resolve) => (asked = resolve));
      const caller = newCaller(both, () => {
        asked();
        return new Promise<ElicitResult>(() => undefined);
      });
      const client = await connect(caller);
      const controller = new AbortController();
      const call = client.callTool({ name: 'ask_only', arguments: {} }, undefined, { signal: controller.signal });
      await wasAsked;
      controller.abort(new Error('the user stopped waiting'));
      await assert.rejects(call, /the user stopped waiting/);
      await caller.elicitationCancelled;
      // The session still works: the run's slot was given back.
      const next = newCaller(both, () => ({ action: 'accept', content: { name: 'Grace' } }));
      const again = await connect(next);
      assert.deepEqual((await again.callTool({ name: 'ask_only', arguments: {} })).structuredContent, { name: 'Grace' });
    });
  });
}
