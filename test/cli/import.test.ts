// `flowstudio import` as users run it (the CLI built from source): one line per source node, exit codes,
// never over an existing file, and a round trip: the imported Basic Prompting flow runs against a local
// server that speaks OpenAI's wire protocol.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseFlow, serializeFlow } from '../../src/engine';
import { buildCli, repoRoot } from '../helpers/build-cli';
import { WireServer } from '../engine/llm/helpers/wire-server';
import { runAsync } from './helpers/run-async';

const FIXTURES = path.join(repoRoot, 'test/fixtures/import/langflow');

describe('flowstudio import', function () {
  let dir: string;
  let cli: string;

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'flowstudio-import-cli-'));
    cli = await buildCli(dir);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  function fixture(name: string): string {
    const target = path.join(dir, name);
    copyFileSync(path.join(FIXTURES, name), target);
    return target;
  }

  function flowstudio(...args: string[]) {
    const r = spawnSync(process.execPath, [cli, ...args], { cwd: dir, encoding: 'utf8', timeout: 30_000 });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  }

  it('writes NAME.flow.json next to the export and prints one line per source node', () => {
    const source = fixture('basic-prompting.json');
    const exported = JSON.parse(readFileSync(source, 'utf8')) as { data: { nodes: { id: string }[] } };
    const r = flowstudio('import', 'basic-prompting.json');
    assert.equal(r.status, 0, r.stderr);
    const lines = r.stdout.trim().split('\n');
    for (const node of exported.data.nodes)
      assert.ok(
        lines.some((l) => l.startsWith(`${node.id} (`)),
        `a line for ${node.id}:\n${r.stdout}`,
      );
    assert.match(r.stdout, /^ChatInput-\w+ \(ChatInput\) -> input\.chat$/m);
    assert.match(r.stdout, /^LanguageModelComponent-\w+ \(LanguageModelComponent\) -> llm\.chat$/m);
    assert.match(r.stdout, /wrote .*basic-prompting\.flow\.json \(6 nodes: 6 mapped, 0 kept as notes; secrets to set: OPENAI_API_KEY\)/);
    const written = parseFlow(readFileSync(path.join(dir, 'basic-prompting.flow.json'), 'utf8'));
    assert.equal(written.nodes.length, 4);
    // The written file is what `validate` accepts.
    const check = flowstudio('validate', 'basic-prompting.flow.json');
    assert.equal(check.status, 0, check.stdout + check.stderr);
  });

  it('names the note and the reason for a node it could not map; --strict then exits 1', () => {
    fixture('agent-flow-custom-code.json');
    const loose = flowstudio('import', 'agent-flow-custom-code.json', '-o', 'loose.flow.json');
    assert.equal(loose.status, 0, loose.stderr);
    assert.match(loose.stdout, /^PythonREPLTool-\w+ \(PythonREPLTool\) -> note 'PythonREPLTool-\w+-note': it runs custom Python code/m);
    assert.match(loose.stderr, /warning: .*custom Python code was not imported/);
    const strict = flowstudio('import', 'agent-flow-custom-code.json', '-o', 'strict.flow.json', '--strict');
    assert.equal(strict.status, 1, strict.stderr);
    assert.ok(existsSync(path.join(dir, 'strict.flow.json')), 'the flow is written all the same');
    const mapped = flowstudio('import', 'basic-prompting.json', '-o', 'strict-ok.flow.json', '--strict');
    assert.equal(mapped.status, 0, mapped.stderr);
  });

  it('refuses to overwrite an existing -o file without --force', () => {
    fixture('memory-chatbot.json');
    const target = path.join(dir, 'taken.flow.json');
    writeFileSync(target, 'mine\n');
    const refused = flowstudio('import', 'memory-chatbot.json', '-o', 'taken.flow.json');
    assert.equal(refused.status, 2);
    assert.match(refused.stderr, /taken\.flow\.json already exists; pass --force to replace it/);
    assert.equal(readFileSync(target, 'utf8'), 'mine\n');
    const forced = flowstudio('import', 'memory-chatbot.json', '-o', 'taken.flow.json', '--force');
    assert.equal(forced.status, 0, forced.stderr);
    assert.equal(parseFlow(readFileSync(target, 'utf8')).name, 'Memory Chatbot');
  });

  it('exits 2 with a clear message for a missing file, a non-JSON file and a file of another kind', () => {
    const missing = flowstudio('import', 'nowhere.json');
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /^flowstudio: import: cannot read nowhere\.json: .*not found/);
    writeFileSync(path.join(dir, 'broken.json'), '{"data": {"nodes": [\n');
    const broken = flowstudio('import', 'broken.json');
    assert.equal(broken.status, 2);
    assert.match(broken.stderr, /^flowstudio: import: broken\.json: not JSON: .* at line 2, column 1/);
    assert.doesNotMatch(broken.stderr, /\n\s+at /, 'no stack trace');
    writeFileSync(path.join(dir, 'other.json'), '{"hello": "world"}');
    const other = flowstudio('import', 'other.json', '--from', 'langflow');
    assert.equal(other.status, 2);
    assert.match(other.stderr, /other\.json: not a Langflow export/);
    assert.equal(existsSync(path.join(dir, 'other.flow.json')), false);
    const usage = flowstudio('import', 'other.json', '--from', 'n8n');
    assert.equal(usage.status, 2);
    assert.match(usage.stderr, /unknown format 'n8n' for --from; choose langflow or promptflow/);
  });

  it('prints and writes no key value pasted into an export, only the secret to set', () => {
    const key = 'sk-ant-PASTEDVALUE0123456789abcdef';
    const exported = JSON.parse(readFileSync(path.join(FIXTURES, 'basic-prompting.json'), 'utf8')) as {
      data: { nodes: { data: { type: string; node?: { template: Record<string, { value: unknown; load_from_db?: boolean }> } } }[] };
    };
    const model = exported.data.nodes.find((n) => n.data.type === 'LanguageModelComponent')!.data.node!.template;
    model.api_key = { ...model.api_key, value: key, load_from_db: false };
    writeFileSync(path.join(dir, 'pasted-key.json'), JSON.stringify(exported));
    const r = flowstudio('import', 'pasted-key.json');
    assert.equal(r.status, 0, r.stderr);
    const written = readFileSync(path.join(dir, 'pasted-key.flow.json'), 'utf8');
    for (const text of [r.stdout, r.stderr, written]) assert.equal(text.includes(key), false);
    assert.match(written, /"apiKey": "\{\{secret:OPENAI_API_KEY\}\}"/);
    assert.match(r.stderr, /store it as the secret OPENAI_API_KEY/);
  });

  describe('round trip with a local model server', () => {
    let server: WireServer;
    before(async () => {
      server = await WireServer.start();
      server.on('POST', '/v1/responses', { fixture: 'openai-responses.text.sse' });
    });
    after(() => server.close());

    it('runs the imported Basic Prompting flow with flowstudio run', async () => {
      fixture('basic-prompting.json');
      const imported = flowstudio('import', 'basic-prompting.json', '-o', 'chat.flow.json');
      assert.equal(imported.status, 0, imported.stderr);
      // Only the endpoint changes: the provider, model, key reference and prompt are the importer's.
      const flow = parseFlow(readFileSync(path.join(dir, 'chat.flow.json'), 'utf8'));
      const model = flow.nodes.find((n) => n.type === 'llm.chat')!;
      model.params = { ...model.params, baseURL: `${server.url}/v1` };
      writeFileSync(path.join(dir, 'chat.flow.json'), serializeFlow(flow));
      const r = await runAsync(
        process.execPath,
        [cli, 'run', 'chat.flow.json', '--input', 'message=Hi', '--json', '--allow-secret', `OPENAI_API_KEY=${server.url}`],
        { cwd: dir, env: { ...process.env, OPENAI_API_KEY: 'sk-local-test' } },
      );
      assert.equal(r.status, 0, r.stdout + r.stderr);
      const result = JSON.parse(r.stdout) as { status: string; outputs: Record<string, unknown> };
      assert.deepEqual(result.outputs, { reply: 'Hello from the local server.' });
      const request = server.requests.at(-1)!.body as { model: string; input: { role: string; content: unknown }[] };
      assert.equal(request.model, 'gpt-4o-mini');
      // The prompt template became the system message, the chat input the user's turn.
      assert.match(JSON.stringify(request.input), /GenAI expert/);
      assert.match(JSON.stringify(request.input), /"Hi"/);
    });
  });
});
