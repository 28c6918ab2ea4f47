// Flows offered as prompts, resources and resource templates by their `mcp` field; tool annotations,
// titles and icons; argument completion kept inside the roots; log messages and resource
// subscriptions. Checked with the SDK client over Streamable HTTP against the real server.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import {
  LoggingMessageNotificationSchema,
  ResourceUpdatedNotificationSchema,
  type LoggingMessageNotification,
} from '@modelcontextprotocol/sdk/types.js';
import { createCoreRegistry, parseFlow, serializeFlow, type Flow } from '../../src/engine';
import { FlowToolCatalog, RunLimiter, serveFlowsOverHttp, type RunningHttpServer } from '../../src/server';
import { repoRoot } from '../helpers/build-cli';
import { buildFlow } from '../helpers/flow-builder';

const TOKEN = 'flow-offers-token-0123456789';

function write(dir: string, file: string, flow: Flow): void {
  writeFileSync(path.join(dir, file), serializeFlow(flow));
}

function withMcp(flow: Flow, mcp: Record<string, unknown>): Flow {
  return { ...flow, mcp } as Flow;
}

describe("the flow file's mcp field", () => {
  it('survives a save unchanged', () => {
    const text = readFileSync(path.join(repoRoot, 'examples/conformance/template-data.flow.json'), 'utf8');
    const flow = parseFlow(text, 'template-data.flow.json');
    assert.deepEqual(flow.mcp, { kind: 'resource', uriTemplate: 'test://template/{id}/data', mimeType: 'application/json' });
    assert.equal(serializeFlow(flow), text);
  });

  it('refuses an unknown kind with the place and the allowed values', () => {
    const text = JSON.stringify({ version: 1, name: 'x', nodes: [], edges: [], mcp: { kind: 'widget' } }, null, 2);
    assert.throws(
      () => parseFlow(text, 'x.flow.json'),
      /x\.flow\.json:7:5: mcp\.kind: Invalid option: expected one of "tool"\|"prompt"\|"resource"/,
    );
  });
});

describe('flows offered as MCP prompts, resources and annotated tools', function () {
  this.timeout(30_000);
  let root: string;
  let dir: string;
  let outside: string;
  let server: RunningHttpServer;
  let catalog: FlowToolCatalog;
  const clients: Client[] = [];

  const connect = async () => {
    const client = new Client({ name: 'test', version: '1' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(server.url), { requestInit: { headers: { Authorization: `Bearer ${TOKEN}` } } }),
    );
    clients.push(client);
    return client;
  };

  before(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'flowstudio-offers-'));
    dir = path.join(root, 'flows');
    outside = path.join(root, 'outside');
    mkdirSync(path.join(dir, 'notes'), { recursive: true });
    mkdirSync(outside);
    writeFileSync(path.join(outside, 'secret.md'), 'not for callers');
    writeFileSync(path.join(dir, 'notes', 'readme.md'), '# notes');
    writeFileSync(path.join(dir, 'notes', 'report.md'), '# report');
    writeFileSync(path.join(dir, 'notes', 'data.csv'), 'a,b');
    writeFileSync(path.join(dir, 'notes', '.env'), 'KEY=1');
    symlinkSync(outside, path.join(dir, 'notes', 'linked-out'));
    symlinkSync(path.join(outside, 'secret.md'), path.join(dir, 'notes', 'rescue.md'));

    write(
      dir,
      'review.flow.json',
      withMcp(
        buildFlow(
          {
            file: ['input.file', { name: 'file', accept: '.md' }],
            tone: ['input.text', { name: 'tone', choices: ['friendly', 'formal', 'frank'], required: true }],
            msg: ['text.template', { template: 'Review {{path}} in a {{tone}} tone:\n{{text}}' }],
            out: ['output.text', { name: 'message' }],
          },
          ['file.path -> msg.path', 'file.text -> msg.text', 'tone.text -> msg.tone', 'msg.text -> out.text'],
          'review',
        ),
        { kind: 'prompt', title: 'Review a note' },
      ),
    );
    write(
      dir,
      'motd.flow.json',
      withMcp(
        buildFlow(
          { t: ['text.template', { template: 'Ship it.' }], out: ['output.text', { name: 'text' }] },
          ['t.text -> out.text'],
          'motd',
        ),
        {
          kind: 'resource',
          uriTemplate: 'notes://motd',
          mimeType: 'text/markdown',
        },
      ),
    );
    write(
      dir,
      'user.flow.json',
      withMcp(
        buildFlow(
          {
            id: ['input.number', { name: 'id', required: true }],
            t: ['text.template', { template: 'user #{{id}}' }],
            out: ['output.text', { name: 'text' }],
          },
          ['id.value -> t.id', 't.text -> out.text'],
          'user',
        ),
        { kind: 'resource', uriTemplate: 'users://{id}/profile' },
      ),
    );
    write(
      dir,
      'pure.flow.json',
      buildFlow({ t: ['text.template', { template: 'x' }], out: ['output.text', { name: 'text' }] }, ['t.text -> out.text'], 'pure'),
    );
    write(
      dir,
      'saves.flow.json',
      withMcp(
        buildFlow(
          { t: ['text.template', { template: 'x' }], out: ['output.file', { name: 'written', path: 'out.txt' }] },
          ['t.text -> out.text'],
          'saves',
        ),
        {
          kind: 'tool',
          title: 'Save a file',
          icons: [{ src: 'data:image/svg+xml;base64,PHN2Zy8+', mimeType: 'image/svg+xml', sizes: ['any'] }],
        },
      ),
    );
    write(
      dir,
      'asks-model.flow.json',
      buildFlow(
        {
          p: ['input.text', { name: 'prompt' }],
          m: ['llm.chat', { provider: 'mcp-client', model: 'any' }],
          out: ['output.text', { name: 'reply' }],
        },
        ['p.text -> m.prompt', 'm.text -> out.text'],
        'asks model',
      ),
    );
    write(
      dir,
      'overridden.flow.json',
      withMcp(
        buildFlow(
          { t: ['text.template', { template: 'x' }], out: ['output.file', { name: 'w', path: 'o.txt' }] },
          ['t.text -> out.text'],
          'overridden',
        ),
        { kind: 'tool', annotations: { destructiveHint: false, idempotentHint: true } },
      ),
    );
    write(
      dir,
      'bad-resource.flow.json',
      withMcp(
        buildFlow({ q: ['input.text', { name: 'q' }], out: ['output.text', { name: 'text' }] }, ['q.text -> out.text'], 'bad resource'),
        { kind: 'resource', uriTemplate: 'bad://fixed' },
      ),
    );

    const registry = createCoreRegistry();
    catalog = new FlowToolCatalog(dir, registry);
    await catalog.load();
    await catalog.watch();
    server = await serveFlowsOverHttp({
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
    await Promise.all(clients.splice(0).map((c) => c.close()));
  });

  after(async () => {
    await server.close();
    catalog.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('skips a resource flow whose inputs its URI does not name, saying why', () => {
    const problem = catalog.problems.find((p) => p.file.endsWith('bad-resource.flow.json'));
    assert.match(problem?.message ?? '', /a resource flow gets its inputs from its URI only: name \{q\} in mcp.uriTemplate/);
  });

  it('lists only tool flows as tools, with annotations derived from their nodes, titles and icons', async () => {
    const client = await connect();
    const { tools } = await client.listTools();
    const byName = new Map(tools.map((t) => [t.name, t]));
    assert.deepEqual([...byName.keys()].sort(), ['asks_model', 'overridden', 'pure', 'saves']);
    assert.deepEqual(byName.get('pure')!.annotations, { readOnlyHint: true, destructiveHint: false, openWorldHint: false });
    assert.deepEqual(byName.get('saves')!.annotations, {
      readOnlyHint: false,
      destructiveHint: true,
      openWorldHint: false,
      title: 'Save a file',
    });
    assert.equal(byName.get('saves')!.title, 'Save a file');
    assert.deepEqual(byName.get('saves')!.icons, [
      { src: 'data:image/svg+xml;base64,PHN2Zy8+', mimeType: 'image/svg+xml', sizes: ['any'] },
    ]);
    assert.deepEqual(byName.get('asks_model')!.annotations, { readOnlyHint: true, destructiveHint: false, openWorldHint: true });
    assert.deepEqual(byName.get('overridden')!.annotations, {
      readOnlyHint: false,
      destructiveHint: false,
      idempotentHint: true,
      openWorldHint: false,
    });
  });

  it('lists a prompt flow with its inputs as arguments and runs it for prompts/get', async () => {
    const client = await connect();
    const { prompts } = await client.listPrompts();
    assert.deepEqual(
      prompts.map((p) => ({ name: p.name, title: p.title, arguments: p.arguments })),
      [
        {
          name: 'review',
          title: 'Review a note',
          arguments: [
            { name: 'file', description: 'Path of a text file', required: true },
            { name: 'tone', required: true },
          ],
        },
      ],
    );
    const got = await client.getPrompt({ name: 'review', arguments: { file: 'notes/readme.md', tone: 'frank' } });
    assert.equal(got.messages.length, 1);
    assert.equal(got.messages[0]!.role, 'user');
    assert.match((got.messages[0]!.content as { text: string }).text, /^Review .*readme\.md in a frank tone:\n# notes$/);
    await assert.rejects(
      client.getPrompt({ name: 'review', arguments: { file: 'notes/readme.md', tone: 'rude' } }),
      /must be one of "friendly"/,
    );
    await assert.rejects(client.getPrompt({ name: 'pure' }), /there is no flow prompt 'pure'/);
  });

  it('offers a resource flow without inputs as a resource and one with URI inputs as a template, and reads both', async () => {
    const client = await connect();
    const { resources } = await client.listResources();
    const motd = resources.find((r) => r.uri === 'notes://motd');
    assert.deepEqual(motd && { name: motd.name, mimeType: motd.mimeType }, { name: 'motd', mimeType: 'text/markdown' });
    // Flow files stay readable as resources, as before.
    assert.ok(resources.some((r) => r.uri === pathToFileURL(path.join(dir, 'pure.flow.json')).href));
    const { resourceTemplates } = await client.listResourceTemplates();
    assert.deepEqual(
      resourceTemplates.map((t) => t.uriTemplate),
      ['users://{id}/profile'],
    );
    assert.deepEqual((await client.readResource({ uri: 'notes://motd' })).contents, [
      { uri: 'notes://motd', mimeType: 'text/markdown', text: 'Ship it.' },
    ]);
    assert.deepEqual((await client.readResource({ uri: 'users://42/profile' })).contents, [
      { uri: 'users://42/profile', mimeType: 'text/plain', text: 'user #42' },
    ]);
    await assert.rejects(client.readResource({ uri: 'users://nobody/profile' }), /must be a number/);
    await assert.rejects(client.readResource({ uri: 'notes://other' }), /no served flow or flow file has the URI notes:\/\/other/);
  });

  it('completes a choice input from its choices', async () => {
    const client = await connect();
    const { completion } = await client.complete({ ref: { type: 'ref/prompt', name: 'review' }, argument: { name: 'tone', value: 'fr' } });
    assert.deepEqual(completion.values, ['friendly', 'frank']);
  });

  it('completes a file input with files inside the flow folder that the input accepts, folders ending in /', async () => {
    const client = await connect();
    const complete = async (value: string) =>
      (await client.complete({ ref: { type: 'ref/prompt', name: 'review' }, argument: { name: 'file', value } })).completion.values;
    assert.deepEqual(await complete('no'), ['notes/']);
    // .csv is not accepted, .env is hidden, and the links are never offered.
    assert.deepEqual(await complete('notes/'), ['notes/readme.md', 'notes/report.md']);
    assert.deepEqual(await complete('notes/rep'), ['notes/report.md']);
  });

  it('never completes a path outside the roots: parent folders, absolute paths and links out are answered with nothing', async () => {
    const client = await connect();
    const complete = async (value: string) =>
      (await client.complete({ ref: { type: 'ref/prompt', name: 'review' }, argument: { name: 'file', value } })).completion.values;
    assert.deepEqual(await complete('../'), []);
    assert.deepEqual(await complete('../outside/'), []);
    assert.deepEqual(await complete(`${outside}/`), []);
    assert.deepEqual(await complete('/etc/'), []);
    assert.deepEqual(await complete('notes/linked-out/'), []);
    assert.deepEqual(await complete('notes/../../'), []);
    // And the prompt refuses the linked file when asked for it directly.
    await assert.rejects(client.getPrompt({ name: 'review', arguments: { file: 'notes/rescue.md', tone: 'frank' } }), /outside/);
  });

  it('sends node events as log messages once the session sets a log level, and none before', async () => {
    const client = await connect();
    const logs: LoggingMessageNotification['params'][] = [];
    client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => void logs.push(n.params));
    await client.callTool({ name: 'pure', arguments: {} });
    // Notifications of a call travel on its response stream ahead of the result, so none can still be on the way.
    assert.equal(logs.length, 0);
    await client.setLoggingLevel('info');
    await client.callTool({ name: 'pure', arguments: {} });
    assert.deepEqual(
      logs.map((l) => [l.level, (l.data as { message: string }).message]),
      [
        ['info', "flow 'pure' started"],
        ['info', "node 't' done"],
        ['info', "node 'out' done"],
        ['info', "flow 'pure' ended: ok"],
      ],
    );
    logs.length = 0;
    await client.setLoggingLevel('debug');
    await client.callTool({ name: 'pure', arguments: {} });
    assert.ok(logs.some((l) => l.level === 'debug' && (l.data as { message: string }).message === "node 't' started"));
  });

  it('tells a subscriber when the flow file it subscribed to changes', async () => {
    const client = await connect();
    const uri = pathToFileURL(path.join(dir, 'pure.flow.json')).href;
    const updated = new Promise<string>((resolve) =>
      client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => resolve(n.params.uri)),
    );
    await client.subscribeResource({ uri });
    write(
      dir,
      'pure.flow.json',
      buildFlow({ t: ['text.template', { template: 'y' }], out: ['output.text', { name: 'text' }] }, ['t.text -> out.text'], 'pure'),
    );
    assert.equal(await updated, uri);
    await client.unsubscribeResource({ uri });
    await assert.rejects(client.subscribeResource({ uri: pathToFileURL(path.join(outside, 'secret.md')).href }), /no served flow at/);
  });
});
