// Without sessions (2026-07-28) a chat flow continues a conversation through the handle the previous
// call returned, and a run waiting on its caller resumes through the requestState of its
// input_required result. Both belong to the caller (bearer token) they were issued to: another
// caller holding the same string gets an error and learns nothing.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Client, StreamableHTTPClientTransport, type CallToolResult, type InputRequiredResult } from '@modelcontextprotocol/client';
import { createCoreRegistry, serializeFlow } from '../../src/engine';
import { FlowToolCatalog, RunLimiter, serveFlowsOverHttp, type RunningHttpServer } from '../../src/server';
import { WireServer } from '../engine/llm/helpers/wire-server';
import { CLIENT, FLOWS_AUDIENCE, signingKeys, startOidcIssuer, type RunningIssuer } from '../engine/mcp/support/oidc-issuer';
import { buildFlow } from '../helpers/flow-builder';

const TOKEN = 'stateless-callers-token-0123456789';

describe('2026-07-28 callers without sessions', function () {
  this.timeout(30_000);
  let model: WireServer;
  let issuer: RunningIssuer;
  let dir: string;
  let catalog: FlowToolCatalog;
  let http: RunningHttpServer;
  const clients: Client[] = [];

  before(async () => {
    model = await WireServer.start();
    model.on('POST', '/v1/chat/completions', { fixture: 'openai-chat.text.sse' });
    issuer = await startOidcIssuer(await signingKeys());
    dir = mkdtempSync(path.join(tmpdir(), 'flowstudio-stateless-'));
    const chat = buildFlow(
      {
        message: ['input.chat', {}],
        model: ['llm.chat', { provider: 'openai-compatible', model: 'local', baseURL: `${model.url}/v1` }],
        reply: ['output.chat', {}],
      },
      ['message.message -> model.prompt', 'message.history -> model.history', 'model.message -> reply.message'],
      'assistant',
    );
    const ask = buildFlow(
      { ask: ['input.ask', { name: 'name', message: 'What is your name?' }], out: ['output.text', { name: 'name' }] },
      ['ask.value -> out.text'],
      'ask name',
    );
    const greet = buildFlow(
      {
        ask: ['input.ask', { name: 'name', message: 'Name?' }],
        tpl: ['text.template', { template: 'Hi {{name}}' }],
        out: ['output.text', { name: 'greeting' }],
      },
      ['ask.value -> tpl.name', 'tpl.text -> out.text'],
      'greet',
    );
    writeFileSync(path.join(dir, 'greet.flow.json'), serializeFlow(greet));
    writeFileSync(path.join(dir, 'assistant.flow.json'), serializeFlow(chat));
    writeFileSync(path.join(dir, 'ask.flow.json'), serializeFlow(ask));
    const registry = createCoreRegistry();
    catalog = new FlowToolCatalog(dir, registry);
    await catalog.load();
    await catalog.watch();
    http = await serveFlowsOverHttp({
      catalog,
      registry,
      limiter: new RunLimiter(4),
      version: 'test',
      host: '127.0.0.1',
      port: 0,
      token: TOKEN,
      oidc: { issuer: issuer.issuer, audience: FLOWS_AUDIENCE },
    });
  });

  after(async () => {
    await Promise.all(clients.map((c) => c.close().catch(() => undefined)));
    await http.close();
    catalog.close();
    await issuer.close();
    await model.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A 2026-07-28 client signed in with `bearer`; `autoFulfill: false` leaves input_required results to the test. */
  async function caller(bearer: string, autoFulfill = true, onToolsChanged?: (names: string[]) => void): Promise<Client> {
    const client = new Client(
      { name: 'stateless', version: '1' },
      {
        capabilities: { elicitation: { form: {} } },
        versionNegotiation: { mode: { pin: '2026-07-28' } },
        inputRequired: { autoFulfill },
        ...(onToolsChanged
          ? { listChanged: { tools: { onChanged: (_error, tools) => onToolsChanged((tools ?? []).map((t) => t.name)) } } }
          : {}),
      },
    );
    client.setRequestHandler('elicitation/create', async () => ({ action: 'accept', content: { name: 'Ada' } }));
    await client.connect(
      new StreamableHTTPClientTransport(new URL(http.url), { requestInit: { headers: { Authorization: `Bearer ${bearer}` } } }),
    );
    clients.push(client);
    return client;
  }

  const sent = (i: number) => (model.requests[i]!.body as { messages: { role: string; content: string }[] }).messages;
  const textOf = (result: CallToolResult) => result.content.map((b) => (b.type === 'text' ? b.text : '')).join('\n');

  it('offers chat flows a conversation argument and continues the conversation its handle names', async () => {
    const client = await caller(TOKEN);
    const tool = (await client.listTools()).tools.find((t) => t.name === 'assistant');
    assert.ok(tool?.inputSchema.properties?.conversation, 'the chat tool takes a conversation handle');
    const first = (await client.callTool({ name: 'assistant', arguments: { message: 'My name is Ada.' } })) as CallToolResult;
    const handle = (first.structuredContent as { conversation?: string }).conversation;
    assert.match(handle ?? '', /^[A-Za-z0-9_-]{32}$/);
    const before = model.requests.length;
    await client.callTool({ name: 'assistant', arguments: { message: 'What is my name?', conversation: handle } });
    assert.deepEqual(sent(before), [
      { role: 'user', content: 'My name is Ada.' },
      { role: 'assistant', content: 'Hello from the local server.' },
      { role: 'user', content: 'What is my name?' },
    ]);
    const fresh = (await client.callTool({ name: 'assistant', arguments: { message: 'Who am I?' } })) as CallToolResult;
    assert.deepEqual(sent(model.requests.length - 1), [{ role: 'user', content: 'Who am I?' }]);
    assert.notEqual((fresh.structuredContent as { conversation?: string }).conversation, handle);
  });

  it("refuses another caller's conversation handle without reading its history (attack)", async () => {
    const owner = await caller(TOKEN);
    const first = (await owner.callTool({ name: 'assistant', arguments: { message: 'My secret is 4711.' } })) as CallToolResult;
    const handle = (first.structuredContent as { conversation: string }).conversation;
    const intruder = await caller(await issuer.accessToken(CLIENT));
    const before = model.requests.length;
    await assert.rejects(
      intruder.callTool({ name: 'assistant', arguments: { message: 'What was said before?', conversation: handle } }),
      /names no conversation of this caller/,
    );
    await assert.rejects(
      intruder.callTool({ name: 'assistant', arguments: { message: 'Guess', conversation: 'A'.repeat(32) } }),
      /names no conversation of this caller/,
    );
    assert.equal(model.requests.length, before, 'the model was never called with the stolen history');
  });

  it('answers a question through input_required and resumes the run with the answer', async () => {
    const client = await caller(TOKEN);
    const result = (await client.callTool({ name: 'ask_name', arguments: {} })) as CallToolResult;
    assert.deepEqual(result.structuredContent, { name: 'Ada' });
  });

  it("refuses to resume another caller's waiting run with its requestState (attack)", async () => {
    const owner = await caller(TOKEN, false);
    const waiting = (await owner.callTool(
      { name: 'ask_name', arguments: {} },
      { allowInputRequired: true },
    )) as unknown as InputRequiredResult;
    assert.equal(waiting.resultType, 'input_required');
    const [key] = Object.keys(waiting.inputRequests ?? {});
    assert.ok(key && waiting.requestState);
    const answer = { [key]: { action: 'accept', content: { name: 'Mallory' } } };
    const intruder = await caller(await issuer.accessToken(CLIENT), false);
    await assert.rejects(
      intruder.callTool({ name: 'ask_name', arguments: {}, inputResponses: answer, requestState: waiting.requestState } as never, {
        allowInputRequired: true,
      }),
      /names no run waiting for this caller/,
    );
    const resumed = (await owner.callTool(
      {
        name: 'ask_name',
        arguments: {},
        inputResponses: { [key]: { action: 'accept', content: { name: 'Ada' } } },
        requestState: waiting.requestState,
      } as never,
      { allowInputRequired: true },
    )) as CallToolResult;
    assert.deepEqual(resumed.structuredContent, { name: 'Ada' }, textOf(resumed));
  });

  it('sends the progress of a resumed run to the call that resumed it', async () => {
    const client = await caller(TOKEN);
    const messages: string[] = [];
    const result = (await client.callTool(
      { name: 'greet', arguments: {} },
      { onprogress: (p) => void messages.push(p.message ?? '') },
    )) as CallToolResult;
    assert.deepEqual(result.structuredContent, { greeting: 'Hi Ada' });
    // The template and the output finish only after the answer, so their progress can only come on the resumed call.
    assert.ok(messages.includes('tpl done') && messages.includes('out done'), JSON.stringify(messages));
  });

  it('tells a subscriptions/listen stream when a flow file is added', async () => {
    let changed!: (names: string[]) => void;
    const announced = new Promise<string[]>((resolve) => (changed = resolve));
    await caller(TOKEN, true, (names) => changed(names));
    const extra = buildFlow({ out: ['output.text', { name: 'x' }] }, [], 'added later');
    writeFileSync(path.join(dir, 'added.flow.json'), serializeFlow(extra));
    assert.ok((await announced).includes('added_later'));
  });
});
