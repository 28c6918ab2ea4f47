// Secrets through the built CLI and `flowstudio mcp serve`: a {{secret:}} goes only to an origin it is
// bound to (the known providers' endpoints, or --allow-secret), and a resolved value never comes back
// in `run --json`, stdout, stderr, --progress or an MCP tool result, not even quoted in an error.
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { serializeFlow } from '../../src/engine';
import { buildCli } from '../helpers/build-cli';
import { buildFlow } from '../helpers/flow-builder';
import { WireServer } from '../engine/llm/helpers/wire-server';
import { runAsync } from './helpers/run-async';

const KEY = 'sk-user-key-4f9a2c71';
const ECHOED = 'echo-secret-value-93b1';
const MASK = '••••••';
/** Neither the value nor a start of it that a shortened quote could leave. */
const isClean = (text: string) => !text.includes(ECHOED.slice(0, 6));

describe('flowstudio run and mcp serve: where secrets go and where they never show', function () {
  let dir: string;
  let cli: string;
  let server: WireServer;
  const env = { ...process.env, FS_KEY: KEY, FS_ECHO: ECHOED };
  const run = (args: string[]) => runAsync(process.execPath, [cli, 'run', ...args], { cwd: dir, env });
  const write = (name: string, flow: ReturnType<typeof buildFlow>) => writeFileSync(path.join(dir, name), serializeFlow(flow));

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'flowstudio-secrets-cli-'));
    cli = await buildCli(dir);
    server = await WireServer.start();
    const model = (apiKey: string) =>
      buildFlow(
        {
          message: ['input.text', { name: 'message' }],
          model: ['llm.chat', { provider: 'openai', model: 'gpt-4o-mini', baseURL: `${server.url}/v1`, apiKey }],
          reply: ['output.text', { name: 'reply' }],
        },
        ['message.text -> model.prompt', 'model.text -> reply.text'],
        'keyed',
      );
    write('keyed.flow.json', model('{{secret:FS_KEY}}'));
    mkdirSync(path.join(dir, 'served-keyed'));
    writeFileSync(path.join(dir, 'served-keyed', 'keyed.flow.json'), serializeFlow(model('{{secret:FS_KEY}}')));
    write('env-keyed.flow.json', model('{{env:FS_KEY}}'));
    // A secret that only a template holds, sent on to the model by the edge.
    write(
      'template-keyed.flow.json',
      buildFlow(
        {
          tpl: ['text.template', { template: 'my key is {{secret:FS_KEY}}' }],
          model: ['llm.chat', { provider: 'openai', model: 'gpt-4o-mini', baseURL: `${server.url}/v1`, apiKey: '{{env:FS_KEY}}' }],
          reply: ['output.text', { name: 'reply' }],
        },
        ['tpl.text -> model.prompt', 'model.text -> reply.text'],
        'template-keyed',
      ),
    );
    const served = path.join(dir, 'served');
    mkdirSync(served);
    const echoFlows = {
      'json-echo': buildFlow(
        {
          tpl: ['text.template', { template: '{{secret:FS_ECHO}} is not JSON' }],
          parse: ['json.parse'],
          out: ['output.json', { name: 'v' }],
        },
        ['tpl.text -> parse.text', 'parse.value -> out.value'],
      ),
      'logic-echo': buildFlow(
        {
          n: ['input.text', { name: 'n' }],
          cmp: ['logic.if', { operator: 'gt', value: '{{secret:FS_ECHO}}' }],
          out: ['output.text', { name: 'v' }],
        },
        ['n.text -> cmp.value', 'cmp.true -> out.text'],
      ),
      'rag-echo': buildFlow({ load: ['rag.load', { folder: 'missing-{{secret:FS_ECHO}}' }], out: ['output.json', { name: 'v' }] }, [
        'load.documents -> out.value',
      ]),
      'output-echo': buildFlow({ tpl: ['text.template', { template: 'token={{secret:FS_ECHO}}' }], out: ['output.text', { name: 'v' }] }, [
        'tpl.text -> out.text',
      ]),
    };
    for (const [name, flow] of Object.entries(echoFlows)) {
      write(`${name}.flow.json`, { ...flow, name });
      writeFileSync(path.join(served, `${name}.flow.json`), serializeFlow({ ...flow, name }));
    }
  });
  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    server.reset();
    // Records the Authorization header of every request and refuses them all.
    server.on('POST', '/v1/responses', { json: { error: { message: 'invalid key' } }, status: 401 });
  });

  it('refuses to send a secret to an origin it is not bound to, naming the binding and the flag', async () => {
    const r = await run(['keyed.flow.json', '--json', '--input', 'message=hi']);
    assert.equal(r.status, 1, r.stderr);
    const result = JSON.parse(r.stdout) as { status: string; error: { nodeId: string; message: string } };
    assert.equal(result.status, 'error');
    assert.equal(result.error.nodeId, 'model');
    assert.equal(
      result.error.message,
      `secret 'FS_KEY' may not be sent to ${server.url} (by node 'model' of ${path.join(dir, 'keyed.flow.json')}): ` +
        `it is not bound to that destination; to allow it, pass --allow-secret FS_KEY=${server.url}`,
    );
    assert.equal(server.requests.length, 0, 'nothing reached the unbound server');
  });

  it('refuses a secret a template sends on to a model at an unbound origin', async () => {
    const r = await run(['template-keyed.flow.json', '--json']);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stdout, /secret 'FS_KEY' may not be sent to http:\/\/127\.0\.0\.1:\d+ \(by node 'tpl'/);
    assert.equal(server.requests.length, 0);
  });

  it('sends the secret once --allow-secret binds it to that origin', async () => {
    const r = await run(['keyed.flow.json', '--json', '--input', 'message=hi', '--allow-secret', `FS_KEY=${server.url}/v1/ignored/path`]);
    assert.equal(r.status, 1, r.stderr);
    assert.deepEqual(
      server.requests.map((request) => request.headers.authorization),
      [`Bearer ${KEY}`],
    );
    const result = JSON.parse(r.stdout) as { error: { message: string } };
    assert.match(result.error.message, /refused the API key \(HTTP 401\)/);
    assert.ok(!r.stdout.includes(KEY) && !r.stderr.includes(KEY));
  });

  it('sends an environment variable the user exported for the command without a flag', async () => {
    const r = await run(['env-keyed.flow.json', '--json', '--input', 'message=hi']);
    assert.equal(r.status, 1, r.stderr);
    assert.deepEqual(
      server.requests.map((request) => request.headers.authorization),
      [`Bearer ${KEY}`],
    );
  });

  it('rejects a malformed --allow-secret as a usage error', async () => {
    const r = await run(['keyed.flow.json', '--allow-secret', 'FS_KEY=file:///etc/passwd']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--allow-secret: FS_KEY: 'file:' URLs cannot receive secrets/);
    const missing = await run(['keyed.flow.json', '--allow-secret', 'FS_KEY']);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /--allow-secret: expected NAME=ORIGIN/);
    assert.equal(server.requests.length, 0);
  });

  for (const [flow, args, quoted] of [
    ['json-echo', [], /text is not JSON .*"•••••• is not JSON"/],
    ['logic-echo', ['--input', 'n=5'], /cannot compare "5" with "••••••" as numbers/],
    ['rag-echo', [], /folder 'missing-••••••' was not found/],
  ] as const) {
    it(`masks the secret that ${flow.replace('-echo', '')} quotes in its error, in --json, stderr and --progress`, async () => {
      const json = await run([`${flow}.flow.json`, '--json', ...args]);
      assert.equal(json.status, 1, json.stderr);
      assert.match((JSON.parse(json.stdout) as { error: { message: string } }).error.message, quoted);
      const plain = await run([`${flow}.flow.json`, '--progress', ...args]);
      assert.equal(plain.status, 1);
      assert.match(plain.stderr, quoted);
      for (const text of [json.stdout, json.stderr, plain.stdout, plain.stderr]) assert.ok(isClean(text), text);
    });
  }

  it('masks a secret in the outputs it prints', async () => {
    const json = await run(['output-echo.flow.json', '--json']);
    assert.equal(json.status, 0, json.stderr);
    assert.deepEqual((JSON.parse(json.stdout) as { outputs: unknown }).outputs, { v: `token=${MASK}` });
    const plain = await run(['output-echo.flow.json', '--progress']);
    assert.equal(plain.stdout, `token=${MASK}\n`);
    assert.ok(isClean(plain.stderr), plain.stderr);
  });

  it('masks secrets in the tool results of flowstudio mcp serve', async () => {
    const client = new Client({ name: 'secrets-test', version: '1' });
    await client.connect(
      new StdioClientTransport({
        command: process.execPath,
        args: [cli, 'mcp', 'serve', '--flows', path.join(dir, 'served')],
        env: env as Record<string, string>,
        stderr: 'pipe',
      }),
    );
    try {
      const results = [
        await client.callTool({ name: 'json-echo', arguments: {} }),
        await client.callTool({ name: 'logic-echo', arguments: { n: '5' } }),
        await client.callTool({ name: 'rag-echo', arguments: {} }),
        await client.callTool({ name: 'output-echo', arguments: {} }),
      ];
      const text = JSON.stringify(results);
      assert.ok(isClean(text), text);
      assert.deepEqual(
        results.map((r) => r.isError === true),
        [true, true, true, false],
      );
      assert.match(text, /is not JSON .*••••••/);
      assert.match(text, /cannot compare \\"5\\" with \\"••••••\\"/);
      assert.match(text, /missing-••••••/);
      assert.match(text, /token=••••••/);
    } finally {
      await client.close();
    }
  });

  describe('mcp serve --allow-secret', () => {
    const callKeyed = async (extra: string[]) => {
      const client = new Client({ name: 'secrets-test', version: '1' });
      await client.connect(
        new StdioClientTransport({
          command: process.execPath,
          args: [cli, 'mcp', 'serve', '--flows', path.join(dir, 'served-keyed'), ...extra],
          env: env as Record<string, string>,
          stderr: 'pipe',
        }),
      );
      try {
        return await client.callTool({ name: 'keyed', arguments: { message: 'hi' } });
      } finally {
        await client.close();
      }
    };
    const textOf = (result: Awaited<ReturnType<typeof callKeyed>>) => (result.content as { text: string }[]).map((c) => c.text).join('\n');

    it("refuses to send a served flow's secret to an unbound origin, telling the operator the flag", async () => {
      const result = await callKeyed([]);
      assert.equal(result.isError, true);
      assert.match(
        textOf(result),
        new RegExp(
          `secret 'FS_KEY' may not be sent to ${server.url.replace(/[.]/g, '\\.')} ` +
            `.*the server has no binding FS_KEY=${server.url.replace(/[.]/g, '\\.')}; its operator can start it with --allow-secret FS_KEY=`,
        ),
      );
      assert.equal(server.requests.length, 0, 'nothing reached the unbound server');
    });

    it('sends it once the operator binds it with --allow-secret', async () => {
      const result = await callKeyed(['--allow-secret', `FS_KEY=${server.url}`]);
      assert.equal(result.isError, true, 'the local server refuses the key');
      assert.deepEqual(
        server.requests.map((request) => request.headers.authorization),
        [`Bearer ${KEY}`],
      );
      assert.ok(!textOf(result).includes(KEY));
    });

    it('rejects a malformed --allow-secret before serving', async () => {
      const r = await runAsync(
        process.execPath,
        [cli, 'mcp', 'serve', '--flows', path.join(dir, 'served-keyed'), '--allow-secret', 'FS_KEY'],
        { cwd: dir, env },
      );
      assert.equal(r.status, 2);
      assert.match(r.stderr, /--allow-secret: expected NAME=ORIGIN/);
    });
  });
});
