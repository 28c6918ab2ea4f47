// `flowstudio run` with questions: input.ask nodes and server-everything's elicitation, answered from
// --answers or typed on a terminal (a real pseudo-terminal through script(1)), refused without either.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { textStream } from '../engine/llm/helpers/scripted-openai';
import { runAsync } from './helpers/run-async';
import { WireServer } from '../engine/llm/helpers/wire-server';
import { buildCli, repoRoot } from '../helpers/build-cli';

const fixtures = path.join(repoRoot, 'test/fixtures/ask');

/** Runs a command on a pseudo-terminal, typing each answer once its prompt has shown. */
function onTerminal(command: string, script: { when: RegExp; type: string }[]): Promise<{ status: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn('script', ['-qfec', command, '/dev/null'], { cwd: fixtures, stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    let step = 0;
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const plain = output.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '');
      while (step < script.length && script[step]!.when.test(plain)) child.stdin.write(`${script[step++]!.type}\n`);
    });
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, output });
    });
  });
}

describe('flowstudio run with questions', function () {
  let dir: string;
  let cli: string;
  const cliRun = (...args: string[]) =>
    spawnSync(process.execPath, [cli, ...args], { cwd: fixtures, encoding: 'utf8', timeout: 60_000, stdio: ['ignore', 'pipe', 'pipe'] });

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'flowstudio-cli-ask-'));
    cli = await buildCli(dir);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('answers input.ask from --answers by node name or by node id', () => {
    const byName = cliRun('run', 'ask-greet.flow.json', '--answers', '{"person":"Ada"}');
    assert.equal(byName.status, 0, byName.stderr);
    assert.equal(byName.stdout, 'Hello, Ada!\n');
    const byId = cliRun('run', 'ask-expense.flow.json', '--json', '--answers', '{"approve":{"approved":true,"amount":12.5}}');
    assert.equal(byId.status, 0, byId.stderr);
    assert.deepEqual(JSON.parse(byId.stdout).outputs.decision, { approved: true, amount: 12.5 });
  });

  it('refuses clearly, within seconds, when stdin is not a terminal and --answers has no answer', () => {
    const started = Date.now();
    const r = cliRun('run', 'ask-greet.flow.json');
    assert.equal(r.status, 1);
    assert.match(
      r.stderr,
      new RegExp(
        String.raw`run failed at node 'ask': input\.ask node 'ask' cannot ask: stdin is not a terminal ` +
          String.raw`and --answers has no answer for it: pass --answers '\{"ask": "\.\.\."\}'`,
      ),
    );
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
    assert.ok(Date.now() - started < 20_000);
  });

  it('fails the node when an answer from --answers does not fit the schema', () => {
    const r = cliRun('run', 'ask-expense.flow.json', '--answers', '{"decision":{"approved":"yes","amount":-3}}');
    assert.equal(r.status, 1);
    assert.match(r.stderr, /does not fit the schema: \/approved must be boolean; \/amount must be >= 0/);
  });

  it('rejects --answers that is not a JSON object as bad usage (exit 2)', () => {
    const r = cliRun('run', 'ask-greet.flow.json', '--answers', '["Ada"]');
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--answers must be a JSON object/);
  });

  it("answers server-everything's elicitation from --answers keyed by mcp:SERVER", () => {
    const answers = { 'mcp:everything': { name: 'Grace Hopper', check: true, integer: 7 } };
    const r = cliRun('run', 'everything-elicit.flow.json', '--json', '--answers', JSON.stringify(answers));
    assert.equal(r.status, 0, r.stderr);
    const reply = String(JSON.parse(r.stdout).outputs.reply);
    assert.match(reply, /User provided the requested information/);
    assert.match(reply, /- Name: Grace Hopper\n- Agreed to terms: true\n- Favorite Integer: 7/);
  });

  it("refuses server-everything's elicitation without a terminal or an answer, saying what to pass", () => {
    const r = cliRun('run', 'everything-elicit.flow.json');
    assert.equal(r.status, 1);
    assert.match(
      r.stderr,
      new RegExp(
        String.raw`MCP server 'everything' failed calling tool 'trigger-elicitation-request': it asked a question that ` +
          String.raw`could not be answered: nobody can answer it: stdin is not a terminal and --answers has no answer ` +
          String.raw`for it: pass --answers '\{"mcp:everything": \{\.\.\.\}\}'`,
      ),
    );
  });

  it('offers the flow folder and --allow-root folders to servers as roots', () => {
    const r = cliRun('run', 'everything-roots.flow.json', '--allow-root', dir);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /Current MCP Roots \(2 total\)/);
    assert.match(r.stdout, new RegExp(`URI: file://${fixtures.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\n`));
  });

  it('asks typed questions on a terminal, field by field', async () => {
    const { status, output } = await onTerminal(`${process.execPath} ${cli} run ask-expense.flow.json --json`, [
      { when: /Approved \[y\/n\]: $/, type: 'maybe' },
      { when: /not a valid boolean[\s\S]*Approved \[y\/n\]: $/, type: 'y' },
      { when: /amount: $/, type: '12.5' },
      { when: /2\) food\s+number \(optional\): $/, type: '2' },
    ]);
    assert.equal(status, 0, output);
    const json = output.slice(output.lastIndexOf('{"status"'));
    assert.deepEqual(JSON.parse(json.trim()).outputs.decision, { approved: true, amount: 12.5, kind: 'food' });
  });

  it('asks before answering a server on a terminal, and declines on no', async () => {
    const { status, output } = await onTerminal(`${process.execPath} ${cli} run everything-elicit.flow.json`, [
      { when: /MCP server 'everything' \(node 'elicit'\) asks: Please provide inputs[\s\S]*Answer it\? \[y\/N\] $/, type: 'n' },
    ]);
    assert.equal(status, 0, output);
    assert.match(output, /User declined to provide the requested information/);
  });
});

describe('flowstudio run with sampling requests', function () {
  let dir: string;
  let cli: string;
  let model: WireServer;
  const everything = path.join(repoRoot, 'node_modules/@modelcontextprotocol/server-everything/dist/index.js');
  const cliRun = (...args: string[]) =>
    spawnSync(process.execPath, [cli, ...args], { cwd: dir, encoding: 'utf8', timeout: 60_000, stdio: ['ignore', 'pipe', 'pipe'] });

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'flowstudio-cli-sampling-'));
    cli = await buildCli(dir);
    model = await WireServer.start();
    // The sampling request is one completion (JSON); the flow's own chat node streams.
    model.on('POST', '/v1/chat/completions', (request) =>
      (request.body as { stream?: boolean }).stream
        ? { sse: textStream(['summary: ', 'done']) }
        : {
            json: {
              id: 'chatcmpl-1',
              object: 'chat.completion',
              created: 1764028800,
              model: 'local-model',
              choices: [{ index: 0, message: { role: 'assistant', content: 'Bonjour!' }, finish_reason: 'stop' }],
              usage: { prompt_tokens: 9, completion_tokens: 2, total_tokens: 11 },
            },
          },
    );
    mkdirSync(path.join(dir, '.vscode'));
    writeFileSync(
      path.join(dir, '.vscode/mcp.json'),
      JSON.stringify({ servers: { everything: { type: 'stdio', command: process.execPath, args: [everything, 'stdio'] } } }),
    );
    const nodes = [
      { id: 'prompt', type: 'input.text', params: { name: 'prompt', required: true } },
      { id: 'sample', type: 'mcp.tool', params: { server: 'everything', tool: 'trigger-sampling-request', arguments: { maxTokens: 30 } } },
      { id: 'out', type: 'output.text', params: { name: 'reply' } },
      { id: 'chat', type: 'llm.chat', params: { provider: 'openai-compatible', model: 'local-model', baseURL: `${model.url}/v1` } },
      { id: 'summary', type: 'output.text', params: { name: 'summary' } },
    ];
    const edges = [
      ['prompt', 'text', 'sample', 'prompt'],
      ['sample', 'text', 'out', 'text'],
      ['sample', 'text', 'chat', 'prompt'],
      ['chat', 'text', 'summary', 'text'],
    ];
    writeFileSync(
      path.join(dir, 'sample.flow.json'),
      JSON.stringify({
        version: 1,
        name: 'sample',
        nodes: nodes.map((n, i) => ({ ...n, position: { x: i * 200, y: 0 } })),
        edges: edges.map(([source, sourceHandle, target, targetHandle], i) => ({
          id: `e${i}`,
          source,
          sourceHandle,
          target,
          targetHandle,
        })),
      }),
    );
  });
  after(async () => {
    await model.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("refuses a server's sampling request without a terminal or --allow-sampling, and never calls the model", () => {
    const r = cliRun('run', 'sample.flow.json', '--input', 'prompt=Say hello');
    assert.equal(r.status, 1);
    assert.match(
      r.stderr,
      /it asked for a completion of the model \(sampling\), refused: stdin is not a terminal, so nobody can approve it: pass --allow-sampling everything/,
    );
    assert.equal(model.requests.length, 0);
  });

  it("answers with the flow's configured model for a server named with --allow-sampling", async () => {
    // Not spawnSync: the model server runs in this process and must answer while the CLI waits.
    const r = await runAsync(
      process.execPath,
      [cli, 'run', 'sample.flow.json', '--input', 'prompt=Say hello', '--allow-sampling', 'everything', '--json'],
      {
        cwd: dir,
      },
    );
    assert.equal(r.status, 0, r.stderr);
    const outputs = JSON.parse(r.stdout).outputs as { reply: string; summary: string };
    assert.match(outputs.reply, /"text": "Bonjour!"/);
    assert.match(outputs.reply, /"model": "openai-compatible\/local-model"/);
    const sampled = model.requests.find((request) => !(request.body as { stream?: boolean }).stream)!;
    assert.deepEqual((sampled.body as { messages: unknown[] }).messages, [
      { role: 'system', content: 'You are a helpful test server.' },
      { role: 'user', content: 'Resource trigger-sampling-request context: Say hello' },
    ]);
  });
});
