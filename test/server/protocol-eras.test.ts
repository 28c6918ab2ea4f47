// One served folder answers callers of both protocol eras: an SDK 1.x client (2025-11-25, with
// initialize and sessions) and an SDK 2.x client pinned to 2026-07-28 (stateless: its questions come
// back as input_required results), over stdio and over Streamable HTTP. The flow asks its caller
// (input.ask -> elicitation) and uses the caller's model (llm.chat 'mcp-client' -> sampling).
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { build } from 'esbuild';
import { Client as ClientV1 } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport as StdioV1 } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport as HttpV1 } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { CreateMessageRequestSchema, ElicitRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { Client as ClientV2, StreamableHTTPClientTransport as HttpV2, type Transport as TransportV2 } from '@modelcontextprotocol/client';
import { StdioClientTransport as StdioV2 } from '@modelcontextprotocol/client/stdio';
import { createCoreRegistry, serializeFlow } from '../../src/engine';
import { FlowToolCatalog, RunLimiter, serveFlowsOverHttp, type RunningHttpServer } from '../../src/server';
import { buildFlow } from '../helpers/flow-builder';
import { repoRoot } from '../helpers/build-cli';

const TOKEN = 'protocol-eras-token-0123456789';
const MODERN = '2026-07-28';

interface Asked {
  elicitations: { message: string }[];
  samplings: { messages: { content: unknown }[] }[];
}

/** What both kinds of client need to call a tool and report what they were asked. */
interface EraClient {
  version(): string | undefined;
  callTool(name: string, args: Record<string, unknown>): Promise<{ isError?: boolean; content: unknown[]; structuredContent?: unknown }>;
  close(): Promise<void>;
  asked: Asked;
}

const answerName = { action: 'accept' as const, content: { name: 'Ada' } };
const sampleReply = (messages: { content: unknown }[]) => ({
  role: 'assistant' as const,
  content: { type: 'text' as const, text: `Model says: ${messages.map((m) => (m.content as { text?: string }).text).join(' ')}` },
  model: 'echo-1',
  stopReason: 'endTurn',
});

async function connectV1(transport: StdioV1 | HttpV1): Promise<EraClient> {
  const client = new ClientV1({ name: 'caller-v1', version: '1' }, { capabilities: { elicitation: { form: {} }, sampling: {} } });
  const asked: Asked = { elicitations: [], samplings: [] };
  client.setRequestHandler(ElicitRequestSchema, async (request) => {
    asked.elicitations.push({ message: request.params.message });
    return answerName;
  });
  client.setRequestHandler(CreateMessageRequestSchema, async (request) => {
    asked.samplings.push(request.params);
    return sampleReply(request.params.messages);
  });
  await client.connect(transport);
  return {
    version: () => (transport as { protocolVersion?: string }).protocolVersion ?? client.getServerVersion()?.version,
    callTool: async (name, args) => (await client.callTool({ name, arguments: args })) as Awaited<ReturnType<EraClient['callTool']>>,
    close: () => client.close(),
    asked,
  };
}

async function connectV2(transport: TransportV2): Promise<EraClient> {
  const client = new ClientV2(
    { name: 'caller-v2', version: '2' },
    { capabilities: { elicitation: { form: {} }, sampling: {} }, versionNegotiation: { mode: { pin: MODERN } } },
  );
  const asked: Asked = { elicitations: [], samplings: [] };
  client.setRequestHandler('elicitation/create', async (request) => {
    asked.elicitations.push({ message: request.params.message });
    return answerName;
  });
  client.setRequestHandler('sampling/createMessage', async (request) => {
    asked.samplings.push(request.params);
    return sampleReply(request.params.messages);
  });
  await client.connect(transport);
  return {
    version: () => client.getNegotiatedProtocolVersion(),
    callTool: async (name, args) => (await client.callTool({ name, arguments: args })) as Awaited<ReturnType<EraClient['callTool']>>,
    close: () => client.close(),
    asked,
  };
}

function textOf(result: { content: unknown[] }): string {
  return result.content.map((block) => (block as { text?: string }).text ?? '').join('\n');
}

/** The stdio fixture bundled once (a node_modules link beside it finds the packages left out). */
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

describe('serving 2025-11-25 and 2026-07-28 callers on one endpoint', function () {
  this.timeout(60_000);
  let dir: string;
  let flows: string;
  let stdioServer: string;
  let http: RunningHttpServer;
  let catalog: FlowToolCatalog;
  const open: EraClient[] = [];

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'flowstudio-eras-'));
    flows = path.join(dir, 'flows');
    mkdirSync(flows);
    const flow = buildFlow(
      {
        ask: ['input.ask', { name: 'name', message: 'What is your name?' }],
        prompt: ['text.template', { template: 'Greet {{name}}' }],
        model: ['llm.chat', { provider: 'mcp-client', model: 'caller-model' }],
        reply: ['output.text', { name: 'reply' }],
        name: ['output.text', { name: 'name' }],
      },
      ['ask.value -> prompt.name', 'prompt.text -> model.prompt', 'model.text -> reply.text', 'ask.value -> name.text'],
      'ask and sample',
    );
    writeFileSync(path.join(flows, 'ask-and-sample.flow.json'), serializeFlow(flow));
    stdioServer = await buildStdioServer(path.join(dir, 'bin'));
    const registry = createCoreRegistry();
    catalog = new FlowToolCatalog(flows, registry);
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
  });

  afterEach(async () => {
    await Promise.all(open.splice(0).map((c) => c.close().catch(() => undefined)));
  });

  after(async () => {
    await http.close();
    catalog.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const headers = { Authorization: `Bearer ${TOKEN}` };
  const clients: Record<string, () => Promise<EraClient>> = {
    'SDK 1.x (2025-11-25) over stdio': () =>
      connectV1(new StdioV1({ command: process.execPath, args: [stdioServer, flows], stderr: 'ignore' })),
    'SDK 1.x (2025-11-25) over HTTP': () => connectV1(new HttpV1(new URL(http.url), { requestInit: { headers } })),
    'SDK 2.x (2026-07-28) over stdio': () =>
      connectV2(new StdioV2({ command: process.execPath, args: [stdioServer, flows], stderr: 'ignore' })),
    'SDK 2.x (2026-07-28) over HTTP': () => connectV2(new HttpV2(new URL(http.url), { requestInit: { headers } })),
  };

  for (const [label, connect] of Object.entries(clients)) {
    it(`${label}: the flow's question reaches the caller as elicitation and its model call as sampling`, async () => {
      const client = await connect();
      open.push(client);
      if (label.includes('2.x')) assert.equal(client.version(), MODERN);
      const result = await client.callTool('ask_and_sample', {});
      assert.equal(result.isError, undefined, textOf(result));
      assert.deepEqual(client.asked.elicitations, [{ message: 'What is your name?' }]);
      assert.equal(client.asked.samplings.length, 1);
      assert.deepEqual(result.structuredContent, { name: 'Ada', reply: 'Model says: Greet Ada' });
    });
  }

  it('keeps 2025-era sessions for SDK 1.x callers and opens none for 2026-07-28 callers', async () => {
    const before = http.sessionCount();
    const modern = await clients['SDK 2.x (2026-07-28) over HTTP']!();
    open.push(modern);
    await modern.callTool('ask_and_sample', {});
    assert.equal(http.sessionCount(), before);
    const legacy = await clients['SDK 1.x (2025-11-25) over HTTP']!();
    open.push(legacy);
    assert.equal(http.sessionCount(), before + 1);
  });
});
