import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { serializeFlow } from '../../src/engine';
import { buildFlow } from '../helpers/flow-builder';
import { buildCli, repoRoot as root } from '../helpers/build-cli';

const example = (name: string) => path.join(root, 'examples', name);

describe('flowstudio CLI (subprocess)', function () {
  let dir: string;
  let cli: string;

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'flowstudio-cli-'));
    cli = await buildCli(dir);
    writeFileSync(
      path.join(dir, 'fails.flow.json'),
      serializeFlow(
        buildFlow(
          { in: ['input.text', { name: 'raw' }], parse: ['json.parse'], out: ['output.json', { name: 'value' }] },
          ['in.text -> parse.text', 'parse.value -> out.value'],
          'fails',
        ),
      ),
    );
    writeFileSync(
      path.join(dir, 'numbers.flow.json'),
      serializeFlow(
        buildFlow(
          {
            n: ['input.number', { name: 'n', required: true }],
            big: ['logic.if', { operator: 'gt', value: 10 }],
            yes: ['text.template', { template: 'big {{v}}' }],
            out: ['output.text', { name: 'r' }],
          },
          ['n.value -> big.value', 'big.true -> yes.v', 'yes.text -> out.text'],
          'numbers',
        ),
      ),
    );
    writeFileSync(
      path.join(dir, 'slow.flow.json'),
      serializeFlow(
        buildFlow(
          { in: ['input.text', { name: 'x', default: 'v' }], wait: ['util.delay', { ms: 60000 }], out: ['output.text', { name: 'r' }] },
          ['in.text -> wait.value', 'wait.value -> out.text'],
          'slow',
        ),
      ),
    );
    writeFileSync(path.join(dir, 'broken.flow.json'), '{\n  "version": 1,\n  "name": "broken"\n  "nodes": []\n}\n');
    writeFileSync(path.join(dir, 'future.flow.json'), '{\n  "version": 3,\n  "name": "future",\n  "nodes": [],\n  "edges": []\n}\n');
    writeFileSync(
      path.join(dir, 'bad-edge.flow.json'),
      serializeFlow(
        buildFlow({ a: ['input.text', { name: 'a' }], out: ['output.text', { name: 'r' }] }, ['a.text -> out.txt'], 'bad-edge'),
      ),
    );
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { cwd: dir, encoding: 'utf8' });

  describe('run', () => {
    it('prints the single output and exits 0', () => {
      const r = run('run', example('greet.flow.json'), '--input', 'person=Ada');
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stdout, 'Hello, Ada!\n');
      assert.equal(r.stderr, '');
    });

    it('prints one JSON object with --json and nothing else on stdout', () => {
      const r = run('run', example('branching.flow.json'), '--json', '--input', 'request=please reply ASAP');
      assert.equal(r.status, 0, r.stderr);
      const out = JSON.parse(r.stdout) as Record<string, unknown>;
      assert.deepEqual(Object.keys(out).sort(), ['durationMs', 'nodes', 'outputs', 'status']);
      assert.equal(out.status, 'ok');
      assert.deepEqual(out.outputs, { reply: 'Escalated to on-call: please reply ASAP' });
      assert.deepEqual(out.nodes, { run: 4, skipped: 1 });
      assert.equal(typeof out.durationMs, 'number');
      assert.equal(r.stdout.trim().split('\n').length, 1);
    });

    it('takes inputs from --inputs-json and converts --input to the declared type', () => {
      const viaJson = run('run', 'numbers.flow.json', '--json', '--inputs-json', '{"n": 12}');
      assert.deepEqual(JSON.parse(viaJson.stdout).outputs, { r: 'big 12' });
      const viaFlag = run('run', 'numbers.flow.json', '--json', '--input', 'n=3');
      assert.deepEqual(JSON.parse(viaFlag.stdout).outputs, {});
      assert.deepEqual(JSON.parse(viaFlag.stdout).nodes, { run: 2, skipped: 2 });
      const bad = run('run', 'numbers.flow.json', '--input', 'n=three');
      assert.equal(bad.status, 2);
      assert.match(bad.stderr, /--input n: expected a number, got 'three'/);
    });

    it('exits 1 with the failing node in the JSON result', () => {
      const r = run('run', 'fails.flow.json', '--json', '--input', 'raw=not json');
      assert.equal(r.status, 1);
      const out = JSON.parse(r.stdout) as { status: string; error: { nodeId: string; message: string } };
      assert.equal(out.status, 'error');
      assert.equal(out.error.nodeId, 'parse');
      assert.match(out.error.message, /not JSON/);
    });

    it('exits 1 and names the node on stderr without --json', () => {
      const r = run('run', 'fails.flow.json', '--input', 'raw=nope');
      assert.equal(r.status, 1);
      assert.match(r.stderr, /run failed at node 'parse'/);
    });

    it('exits 2 naming a missing required input and how to pass it', () => {
      const r = run('run', example('greet.flow.json'), '--json');
      assert.equal(r.status, 2);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, /missing required input 'person'.*--input person=VALUE/);
    });

    it('exits 2 for an unknown input name, listing the real ones', () => {
      const r = run('run', example('greet.flow.json'), '--input', 'persn=x');
      assert.equal(r.status, 2);
      assert.match(r.stderr, /no input 'persn'; its inputs are: person/);
    });

    it('exits 2 with file:line:col for malformed JSON', () => {
      const r = run('run', 'broken.flow.json');
      assert.equal(r.status, 2);
      assert.match(r.stderr, /broken\.flow\.json:4:3: invalid JSON: comma expected/);
    });

    it('refuses a newer format version and leaves the file alone', () => {
      const before = readFileSync(path.join(dir, 'future.flow.json'), 'utf8');
      const r = run('run', 'future.flow.json');
      assert.equal(r.status, 2);
      assert.match(r.stderr, /future\.flow\.json:2:3: .*version 3.*newer FlowStudio/);
      assert.equal(readFileSync(path.join(dir, 'future.flow.json'), 'utf8'), before);
    });

    it('exits 2 for an invalid flow, with each diagnostic placed', () => {
      const r = run('run', 'bad-edge.flow.json');
      assert.equal(r.status, 2);
      assert.match(r.stderr, /bad-edge\.flow\.json:\d+:\d+: error: edge 'e1': node 'out' \(output\.text\) has no input 'txt'/);
    });

    it('shows per-node progress on stderr with --progress, keeping stdout clean', () => {
      const r = run('run', example('fan-out-fan-in.flow.json'), '--progress', '--input', 'topic=tabs');
      assert.equal(r.status, 0);
      assert.equal(r.stdout, 'Pros of tabs\nCons of tabs\nRisks of tabs\n');
      assert.match(r.stderr, /✓ wait \(util\.delay\)/);
      assert.match(r.stderr, /done in [\d.]+ ms \(7 run, 0 skipped\)/);
    });

    it('cancels the run on Ctrl+C and exits 1', async () => {
      const child = spawn(process.execPath, [cli, 'run', 'slow.flow.json', '--progress'], { cwd: dir });
      let stderr = '';
      const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      await new Promise<void>((resolve) => {
        child.stderr.on('data', (chunk: Buffer) => {
          stderr += chunk.toString();
          if (stderr.includes('✓ in (input.text)')) resolve();
        });
      });
      child.kill('SIGINT');
      assert.equal(await exit, 1);
      assert.match(stderr, /run cancelled: interrupted \(Ctrl\+C\)/);
    });
  });

  describe('validate', () => {
    it('exits 0 for clean flows, including a whole folder', () => {
      // The model examples reference {{secret:OPENAI_API_KEY}}; unset, validate would warn about it.
      const r = spawnSync(process.execPath, [cli, 'validate', path.join(root, 'examples')], {
        cwd: dir,
        encoding: 'utf8',
        env: { ...process.env, OPENAI_API_KEY: 'set' },
      });
      assert.equal(r.status, 0, r.stdout + r.stderr);
      assert.equal(r.stdout, '');
    });

    it('prints file:line:col diagnostics and exits 2 when a flow has errors', () => {
      const r = run('validate', 'bad-edge.flow.json', example('greet.flow.json'));
      assert.equal(r.status, 2);
      const lines = r.stdout.trim().split('\n');
      assert.equal(lines.length, 1);
      assert.match(lines[0]!, /^bad-edge\.flow\.json:\d+:\d+: error: /);
      assert.match(r.stderr, /2 flows checked, 1 with errors/);
    });

    it('reports an unreadable file', () => {
      const r = run('validate', 'missing.flow.json');
      assert.equal(r.status, 2);
      assert.match(r.stdout, /missing\.flow\.json: cannot read the flow file: no such file/);
    });
  });

  describe('create', () => {
    it('writes a blank flow that validates and runs', () => {
      const r = run('create', 'hello');
      assert.equal(r.status, 0, r.stderr);
      assert.ok(existsSync(path.join(dir, 'hello.flow.json')));
      assert.equal(run('validate', 'hello.flow.json').status, 0);
      const out = run('run', 'hello.flow.json', '--input', 'text=hi');
      assert.equal(out.stdout, 'You said: hi\n');
      assert.equal(JSON.parse(readFileSync(path.join(dir, 'hello.flow.json'), 'utf8')).name, 'hello');
    });

    it('writes an empty flow, with no nodes at all, with --template empty', () => {
      const r = run('create', 'scratch', '--template', 'empty');
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /open it in the editor to add nodes/);
      assert.deepEqual(JSON.parse(readFileSync(path.join(dir, 'scratch.flow.json'), 'utf8')), {
        version: 1,
        name: 'scratch',
        nodes: [],
        edges: [],
      });
      assert.equal(run('validate', 'scratch.flow.json').status, 0);
    });

    it('never overwrites an existing file without --force', () => {
      writeFileSync(path.join(dir, 'keep.flow.json'), 'precious');
      const r = run('create', 'keep');
      assert.equal(r.status, 2);
      assert.match(r.stderr, /already exists; pass --force/);
      assert.equal(readFileSync(path.join(dir, 'keep.flow.json'), 'utf8'), 'precious');
      assert.equal(run('create', 'keep', '--force').status, 0);
    });

    for (const template of ['chat', 'rag', 'mcp-agent']) {
      it(`writes the ${template} template as a flow that validates`, () => {
        // mcp-agent names the "everything" server, so this workspace must know it.
        const config = JSON.stringify({
          servers: {
            everything: {
              type: 'stdio',
              command: process.execPath,
              args: [path.join(root, 'node_modules/@modelcontextprotocol/server-everything/dist/index.js'), 'stdio'],
            },
          },
        });
        mkdirSync(path.join(dir, '.vscode'), { recursive: true });
        writeFileSync(path.join(dir, '.vscode/mcp.json'), config);
        const r = run('create', `t-${template}`, '--template', template);
        assert.equal(r.status, 0, r.stderr);
        const check = spawnSync(process.execPath, [cli, 'validate', `t-${template}.flow.json`], {
          cwd: dir,
          encoding: 'utf8',
          env: { ...process.env, OPENAI_API_KEY: 'set' },
        });
        assert.equal(check.status, 0, check.stdout + check.stderr);
        assert.equal(check.stdout, '');
      });
    }

    it('warns on validate, naming the variable, when the key a template references is not set', () => {
      const env = { ...process.env };
      delete env.OPENAI_API_KEY;
      const check = spawnSync(process.execPath, [cli, 'validate', 't-chat.flow.json'], { cwd: dir, encoding: 'utf8', env });
      assert.equal(check.status, 0, 'an unset key is a warning for validate, not an error');
      assert.match(
        check.stdout,
        new RegExp(
          /t-chat\.flow\.json:\d+:\d+: warning: node 'model' \(llm\.chat\): /.source +
            /params\.apiKey uses \{\{secret:OPENAI_API_KEY\}\}, but secret 'OPENAI_API_KEY' is not set/.source,
        ),
      );
      const ran = spawnSync(process.execPath, [cli, 'run', 't-chat.flow.json', '--input', 'message=hi'], {
        cwd: dir,
        encoding: 'utf8',
        env,
      });
      assert.equal(ran.status, 2, 'run refuses before starting');
      assert.match(ran.stderr, /error: .*secret 'OPENAI_API_KEY' is not set/);
    });

    it('writes no key into a template, only a secret reference', () => {
      const r = run('create', 'keyless', '--template', 'chat');
      assert.equal(r.status, 0, r.stderr);
      assert.match(readFileSync(path.join(dir, 'keyless.flow.json'), 'utf8'), /"apiKey": "\{\{secret:OPENAI_API_KEY\}\}"/);
    });

    it('rejects an unknown template', () => {
      const r = run('create', 'x', '--template', 'nope');
      assert.equal(r.status, 2);
      assert.match(r.stderr, /unknown template 'nope'; choose one of empty, blank, chat, mcp-agent, rag/);
    });
  });

  it('exits 2 with usage for an unknown command or option', () => {
    assert.equal(run('frobnicate').status, 2);
    const r = run('run', example('greet.flow.json'), '--bogus');
    assert.equal(r.status, 2);
    assert.match(r.stderr, /Unknown option '--bogus'/);
  });
});
