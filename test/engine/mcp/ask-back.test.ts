// A server that asks its client back (elicitation, sampling, roots), against the real SDK on both
// sides: questions reach the run whose call is open, and the attacks a server could try are refused.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  approvedSampling,
  McpConnectionPool,
  rootsOfFolders,
  runFlow,
  type AskAnswer,
  type AskRequest,
  type HumanInput,
  type McpRoot,
  type SamplingRequest,
} from '../../../src/engine';
import { buildFlow } from '../../helpers/flow-builder';
import { WireServer } from '../llm/helpers/wire-server';

const askingServer = path.join(__dirname, 'support/asking-server.mjs');

function person(answer: (request: AskRequest) => AskAnswer): HumanInput & { asked: AskRequest[] } {
  const asked: AskRequest[] = [];
  return {
    asked,
    ask: async (request) => {
      asked.push(request);
      return answer(request);
    },
  };
}

/** A flow with one call of the asking server's `tool`, its text as output `reply`. */
function callFlow(tool: string, args: Record<string, unknown> = {}) {
  return buildFlow({ call: ['mcp.tool', { server: 'asking', tool, arguments: args }], out: ['output.text', { name: 'reply' }] }, [
    'call.text -> out.text',
  ]);
}

describe('MCP servers that ask the client back', function () {
  let dir: string;
  let pool: McpConnectionPool;
  let roots: McpRoot[];
  const log: string[] = [];

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'flowstudio-ask-back-'));
    mkdirSync(path.join(dir, '.vscode'));
    writeFileSync(
      path.join(dir, '.vscode/mcp.json'),
      JSON.stringify({ servers: { asking: { type: 'stdio', command: process.execPath, args: [askingServer] } } }),
    );
    roots = rootsOfFolders([dir]);
    pool = await McpConnectionPool.fromWorkspace(
      { workspaceFolder: dir },
      { roots: () => roots, onLog: (_server, line) => log.push(line) },
    );
  });
  after(async () => {
    await pool.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const run = (tool: string, args: Record<string, unknown>, services: Parameters<typeof runFlow>[1]) =>
    runFlow(callFlow(tool, args), { mcp: pool, ...services }).result;

  it("passes a server's form question during a call to the run's person, naming server and node", async () => {
    const human = person(() => ({ action: 'accept', content: { age: 42 } }));
    const result = await run('ask-now', {}, { humanInput: human });
    assert.equal(result.status, 'ok', result.error?.message);
    assert.deepEqual(JSON.parse(String(result.outputs.reply)), { result: { action: 'accept', content: { age: 42 } } });
    assert.equal(human.asked.length, 1);
    assert.deepEqual(human.asked[0]!.origin, { kind: 'mcp-server', server: 'asking', nodeId: 'call' });
    assert.equal(human.asked[0]!.message, 'How old are you?');
  });

  it('declines a question that arrives outside any call, without asking anyone', async () => {
    const human = person(() => ({ action: 'accept', content: { secret: 'should never be sent' } }));
    const result = await run('ask-later', {}, { humanInput: human });
    assert.equal(result.status, 'ok', result.error?.message);
    // The server asks 300 ms after its call returned; its question is declined and logged.
    const deadline = Date.now() + 10_000;
    while (!log.some((l) => /declined a question from the server: it arrived outside any call/.test(l)) && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
    const answered = await run('outside-answer', {}, {});
    assert.deepEqual(JSON.parse(String(answered.outputs.reply)), { result: { action: 'decline' } });
    assert.equal(human.asked.length, 0);
  });

  it('declines, asking nobody, when calls of two runs are open on the session as the question arrives', async () => {
    const first = person(() => ({ action: 'accept', content: { age: 1 } }));
    const second = person(() => ({ action: 'accept', content: { age: 2 } }));
    const [a, b] = await Promise.all([
      run('ask-together', { calls: 2 }, { humanInput: first }),
      run('ask-together', { calls: 2 }, { humanInput: second }),
    ]);
    for (const result of [a, b]) assert.deepEqual(JSON.parse(String(result.outputs.reply)), { result: { action: 'decline' } });
    assert.equal(first.asked.length + second.asked.length, 0);
    assert.ok(log.some((l) => /calls of several runs were open on this server at once/.test(l)));
  });

  it('fails the call, and declines, when the answer does not fit the server form', async () => {
    const human = person(() => ({ action: 'accept', content: { age: 'forty' } }));
    const result = await run('ask-now', {}, { humanInput: human });
    assert.equal(result.status, 'error');
    assert.match(
      result.error?.message ?? '',
      /MCP server 'asking' failed calling tool 'ask-now': it asked a question that could not be answered/,
    );
    assert.match(result.error?.message ?? '', /does not fit the server's form: \/age must be integer/);
  });

  for (const url of ['javascript:alert(document.cookie)', 'file:///etc/passwd', 'http://example.com/sign-in']) {
    it(`refuses a URL question for ${url.split(':')[0]}: without showing it to the person`, async () => {
      const human = person(() => ({ action: 'accept' }));
      const result = await run('ask-url', { url }, { humanInput: human });
      assert.equal(result.status, 'error');
      assert.match(result.error?.message ?? '', /only https URLs are opened/);
      assert.equal(human.asked.length, 0);
    });
  }

  it('passes an https URL question on with its elicitation id', async () => {
    const human = person(() => ({ action: 'accept' }));
    const result = await run('ask-url', { url: 'https://example.com/sign-in' }, { humanInput: human });
    assert.equal(result.status, 'ok', result.error?.message);
    const request = human.asked[0];
    assert.ok(request?.mode === 'url');
    assert.equal(request.url, 'https://example.com/sign-in');
    assert.equal(request.elicitationId, 'e-1');
  });

  it('declines when the run has nobody to answer', async () => {
    const result = await run('ask-now', {}, {});
    assert.equal(result.status, 'ok', result.error?.message);
    assert.deepEqual(JSON.parse(String(result.outputs.reply)), { result: { action: 'decline' } });
  });

  describe('sampling', () => {
    let model: WireServer;
    before(async () => {
      model = await WireServer.start();
      model.on('POST', '/v1/chat/completions', {
        json: {
          id: 'chatcmpl-1',
          object: 'chat.completion',
          created: 1764028800,
          model: 'local-model',
          choices: [{ index: 0, message: { role: 'assistant', content: 'Paris.' }, finish_reason: 'stop' }],
          usage: { prompt_tokens: 9, completion_tokens: 2, total_tokens: 11 },
        },
      });
    });
    after(() => model.close());

    const localModel = async () => {
      const { createOpenAICompatible } = await import('@ai-sdk/openai-compatible');
      return { name: 'local-model', model: createOpenAICompatible({ name: 'local', baseURL: `${model.url}/v1` }).chatModel('local-model') };
    };

    it('refuses a sampling request the person did not approve, and never calls the model', async () => {
      const seen: SamplingRequest[] = [];
      let modelsMade = 0;
      const sampling = approvedSampling({
        approve: async (request) => {
          seen.push(request);
          return false;
        },
        model: async () => {
          modelsMade++;
          return localModel();
        },
      });
      const result = await run('sample-now', { prompt: 'Capital of France?' }, { mcpSampling: sampling });
      assert.equal(result.status, 'error');
      assert.match(result.error?.message ?? '', /did not allow MCP server 'asking' to use the model \(sampling refused\)/);
      assert.equal(modelsMade, 0);
      assert.equal(model.requests.length, 0);
      assert.deepEqual(seen[0], {
        server: 'asking',
        nodeId: 'call',
        messages: [{ role: 'user', text: 'Capital of France?' }],
        systemPrompt: 'You are terse.',
        maxTokens: 40,
        modelHints: [],
      });
    });

    it('answers an approved sampling request with the model, showing the server the reply', async () => {
      const sampling = approvedSampling({ approve: async () => true, model: localModel });
      const result = await run('sample-now', { prompt: 'Capital of France?' }, { mcpSampling: sampling });
      assert.equal(result.status, 'ok', result.error?.message);
      const reply = JSON.parse(String(result.outputs.reply)) as { result: { content: { text: string }; model: string } };
      assert.equal(reply.result.content.text, 'Paris.');
      assert.equal(reply.result.model, 'local-model');
      const sent = model.requests.at(-1)!.body as { messages: { role: string; content: string }[]; max_tokens: number };
      assert.deepEqual(sent.messages, [
        { role: 'system', content: 'You are terse.' },
        { role: 'user', content: 'Capital of France?' },
      ]);
      assert.equal(sent.max_tokens, 40);
    });

    it('refuses sampling when the run offers no model', async () => {
      const result = await run('sample-now', { prompt: 'x' }, {});
      assert.equal(result.status, 'ok', result.error?.message);
      assert.match(String(result.outputs.reply), /sampling refused: the call it arrived in belongs to no run that can answer it/);
    });
  });

  describe('roots', () => {
    it("lists the pool's roots and tells the server when they change", async () => {
      const first = await run('roots-now', {}, {});
      assert.deepEqual(JSON.parse(String(first.outputs.reply)), {
        result: { roots: [{ uri: pathToFileURL(dir).href, name: path.basename(dir) }] },
      });
      roots = rootsOfFolders([dir, tmpdir()]);
      await pool.notifyRootsChanged();
      const deadline = Date.now() + 10_000;
      let changes = 0;
      while (changes === 0 && Date.now() < deadline) {
        changes = JSON.parse(String((await run('roots-changes', {}, {})).outputs.reply)) as number;
      }
      assert.equal(changes, 1);
      const second = await run('roots-now', {}, {});
      assert.equal((JSON.parse(String(second.outputs.reply)) as { result: { roots: unknown[] } }).result.roots.length, 2);
    });
  });
});
