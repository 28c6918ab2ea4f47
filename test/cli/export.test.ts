// `flowstudio export --to ts`, round trip: each exported program, run with tsx against the engine
// library built from this repository, prints what `flowstudio run` prints for the same inputs and
// exits with the same code. The chat example talks to a local server that speaks OpenAI's wire format.
import { strict as assert } from 'node:assert';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseFlow, serializeFlow } from '../../src/engine';
import { buildCli, repoRoot } from '../helpers/build-cli';
import { buildEnginePackage } from '../helpers/build-engine-package';
import { WireServer } from '../engine/llm/helpers/wire-server';
import { runAsync, type Finished } from './helpers/run-async';

interface RoundTrip {
  name: string;
  flow: string;
  /** Arguments to `flowstudio run FILE`. */
  runArgs: string[];
  /** The same inputs as the program's options. */
  programArgs: string[];
  env?: Record<string, string>;
  exitCode: number;
  /** The secret must not reach the local server: neither command may call it. */
  sendsNothing?: boolean;
}

describe('flowstudio export --to ts: the program runs the flow as flowstudio run does', function () {
  this.timeout(600_000);
  let dir: string;
  let work: string;
  let cli: string;
  let server: WireServer;

  const flows = ['greet', 'branching', 'fan-out-fan-in', 'typed-inputs', 'parse-json', 'hostile', 'chat', 'mcp-sum'];
  const chatKey = 'sk-local-export-test';

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'flowstudio-export-'));
    cli = await buildCli(dir);
    const engine = await buildEnginePackage(dir);
    work = path.join(dir, 'work');
    mkdirSync(path.join(work, 'node_modules'), { recursive: true });
    // The program finds `flowstudio` (this repository's engine) and `tsx` as installed packages.
    symlinkSync(engine, path.join(work, 'node_modules', 'flowstudio'), 'dir');
    symlinkSync(path.join(repoRoot, 'node_modules', 'tsx'), path.join(work, 'node_modules', 'tsx'), 'dir');
    for (const name of ['greet', 'branching', 'fan-out-fan-in', 'mcp-sum'])
      copyFileSync(path.join(repoRoot, 'examples', `${name}.flow.json`), path.join(work, `${name}.flow.json`));
    for (const name of ['typed-inputs', 'parse-json', 'hostile'])
      copyFileSync(path.join(repoRoot, 'test/fixtures/export', `${name}.flow.json`), path.join(work, `${name}.flow.json`));

    // The workspace's MCP config, found by both from the flow's folder: server-everything as installed here.
    const everything = path.join(repoRoot, 'node_modules/@modelcontextprotocol/server-everything/dist/index.js');
    mkdirSync(path.join(work, '.vscode'));
    writeFileSync(
      path.join(work, '.vscode', 'mcp.json'),
      JSON.stringify({ servers: { everything: { type: 'stdio', command: process.execPath, args: [everything, 'stdio'] } } }),
    );

    server = await WireServer.start();
    server.on('POST', '/v1/responses', { fixture: 'openai-responses.text.sse' });
    const chat = parseFlow(readFileSync(path.join(repoRoot, 'examples/chat.flow.json'), 'utf8'));
    chat.nodes.find((n) => n.id === 'model')!.params!.baseURL = `${server.url}/v1`;
    writeFileSync(path.join(work, 'chat.flow.json'), serializeFlow(chat));

    for (const name of flows) {
      const exported = await runAsync(process.execPath, [cli, 'export', `${name}.flow.json`, '--to', 'ts', '-o', `${name}.ts`], {
        cwd: work,
      });
      assert.equal(exported.status, 0, exported.stderr);
    }
  });
  after(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  // The local server's URL is known only once it runs: LOCAL_SERVER stands for it in the arguments.
  const allowLocalServer = ['--allow-secret', 'OPENAI_API_KEY=LOCAL_SERVER'];
  const cases: RoundTrip[] = [
    { name: 'greet', flow: 'greet', runArgs: ['--input', 'person=Ada'], programArgs: ['--person', 'Ada'], exitCode: 0 },
    { name: 'greet without its required input', flow: 'greet', runArgs: [], programArgs: [], exitCode: 2 },
    {
      name: 'branching, the urgent branch',
      flow: 'branching',
      runArgs: ['--input', 'request=URGENT: the server is down'],
      programArgs: ['--request', 'URGENT: the server is down'],
      exitCode: 0,
    },
    {
      name: 'branching, the other branch',
      flow: 'branching',
      runArgs: ['--input', 'request=more coffee'],
      programArgs: ['--request', 'more coffee'],
      exitCode: 0,
    },
    {
      name: 'fan-out-fan-in',
      flow: 'fan-out-fan-in',
      runArgs: ['--input', 'topic=solar power'],
      programArgs: ['--topic', 'solar power'],
      exitCode: 0,
    },
    {
      name: 'text, number and JSON inputs, a sub-flow and two outputs',
      flow: 'typed-inputs',
      runArgs: ['--input', 'person=Ada', '--input', 'count=3', '--input', 'profile={"address":{"city":"Paris"}}'],
      programArgs: ['--person', 'Ada', '--count', '3', '--profile', '{"address":{"city":"Paris"}}'],
      exitCode: 0,
    },
    {
      name: 'inputs as one JSON object, a default left out',
      flow: 'typed-inputs',
      runArgs: ['--inputs-json', '{"person":"Bo","profile":{"address":{"city":"Oslo"}}}'],
      programArgs: ['--inputs-json', '{"person":"Bo","profile":{"address":{"city":"Oslo"}}}'],
      exitCode: 0,
    },
    {
      name: 'a number that is not one',
      flow: 'typed-inputs',
      runArgs: ['--input', 'count=many'],
      programArgs: ['--count', 'many'],
      exitCode: 2,
    },
    {
      name: 'a run that fails',
      flow: 'parse-json',
      runArgs: ['--input', 'text=not json'],
      programArgs: ['--text', 'not json'],
      exitCode: 1,
    },
    {
      name: 'hostile ids, labels and params',
      flow: 'hostile',
      runArgs: ['--input', 'json=Ada'],
      programArgs: ['--input-json', 'Ada'],
      exitCode: 0,
    },
    {
      name: 'chat against the local model server',
      flow: 'chat',
      runArgs: ['--input', 'message=Hi', ...allowLocalServer],
      programArgs: ['--message', 'Hi', ...allowLocalServer],
      env: { OPENAI_API_KEY: chatKey },
      exitCode: 0,
    },
    {
      name: 'chat without --allow-secret: the key is not sent to a server it is not bound to',
      flow: 'chat',
      runArgs: ['--input', 'message=Hi'],
      programArgs: ['--message', 'Hi'],
      env: { OPENAI_API_KEY: chatKey },
      exitCode: 1,
      sendsNothing: true,
    },
    {
      name: 'MCP tools of server-everything',
      flow: 'mcp-sum',
      runArgs: ['--input', 'a=20', '--input', 'b=22'],
      programArgs: ['--a', '20', '--b', '22'],
      exitCode: 0,
    },
    {
      name: 'chat with its secret unset',
      flow: 'chat',
      runArgs: ['--input', 'message=Hi', ...allowLocalServer],
      programArgs: ['--message', 'Hi', ...allowLocalServer],
      exitCode: 2,
    },
  ];

  for (const c of cases) {
    it(`${c.name}: same output and exit code`, async () => {
      const env = { ...withoutOpenAiKey(process.env), ...c.env };
      const withServer = (args: string[]) => args.map((arg) => arg.replace('LOCAL_SERVER', server.url));
      const run = (args: string[]) =>
        runAsync(process.execPath, [cli, 'run', `${c.flow}.flow.json`, ...withServer(args)], { cwd: work, env });
      const program = (args: string[]) =>
        runAsync(process.execPath, ['--import', 'tsx', `${c.flow}.ts`, ...withServer(args)], { cwd: work, env });
      const requestsBefore = server.requests.length;
      const [cliText, programText, cliJson, programJson] = await Promise.all([
        run(c.runArgs),
        program(c.programArgs),
        run([...c.runArgs, '--json']),
        program([...c.programArgs, '--json']),
      ]);
      assert.equal(cliText.status, c.exitCode, explain('flowstudio run', cliText));
      assert.equal(programText.status, c.exitCode, explain('the program', programText));
      assert.equal(programText.stdout, cliText.stdout);
      assert.equal(programJson.status, cliJson.status);
      // Bad usage prints no result, only the reason on stderr.
      if (c.exitCode === 2) assert.equal(programJson.stdout, cliJson.stdout);
      else assert.deepEqual(withoutDuration(programJson.stdout), withoutDuration(cliJson.stdout));
      if (c.sendsNothing) assert.equal(server.requests.length, requestsBefore, 'no request reached the model server');
      if (c.exitCode !== 0) assert.notEqual(programText.stderr.trim(), '', 'a failure says why');
      assert.doesNotMatch(programText.stderr, /^\s+at /m, 'no stack trace');
    });
  }

  it('sends the model the same request as flowstudio run, with the key from the environment only', async () => {
    const env = { ...withoutOpenAiKey(process.env), OPENAI_API_KEY: chatKey };
    server.reset();
    server.on('POST', '/v1/responses', { fixture: 'openai-responses.text.sse' });
    const args = ['--allow-secret', `OPENAI_API_KEY=${server.url}`];
    assert.equal(
      (await runAsync(process.execPath, [cli, 'run', 'chat.flow.json', '-i', 'message=Hi', ...args], { cwd: work, env })).status,
      0,
    );
    assert.equal(
      (await runAsync(process.execPath, ['--import', 'tsx', 'chat.ts', '--message', 'Hi', ...args], { cwd: work, env })).status,
      0,
    );
    assert.equal(server.requests.length, 2);
    const [fromCli, fromProgram] = server.requests;
    assert.deepEqual(fromProgram!.body, fromCli!.body);
    assert.equal(fromProgram!.headers.authorization, `Bearer ${chatKey}`);
    assert.ok(!readFileSync(path.join(work, 'chat.ts'), 'utf8').includes(chatKey));
    assert.match(readFileSync(path.join(work, 'chat.ts'), 'utf8'), /apiKey: '\{\{secret:OPENAI_API_KEY\}\}'/);
  });

  it('streams the reply on a terminal and prints it once, as flowstudio run does', async () => {
    const command = [
      'env',
      `OPENAI_API_KEY=${chatKey}`,
      process.execPath,
      '--import',
      'tsx',
      'chat.ts',
      '--message',
      'Hi',
      '--allow-secret',
      `OPENAI_API_KEY=${server.url}`,
    ]
      .map((arg) => `'${arg}'`)
      .join(' ');
    // `script` gives the program a real pty, so it streams as it does for a user.
    const r = await runAsync('script', ['-qfec', command, '/dev/null'], { cwd: work });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.equal(r.stdout.split('Hello from the local server.').length - 1, 1, r.stdout);
  });

  it("answers --help with the flow's inputs, their types and descriptions", async () => {
    const r = await runAsync(process.execPath, ['--import', 'tsx', 'typed-inputs.ts', '--help'], { cwd: work });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^Usage: typed-inputs\.ts \[options\]/);
    assert.match(r.stdout, /--person TEXT +\(required\) Who is travelling/);
    assert.match(r.stdout, /--count NUMBER +How many tickets/);
    assert.match(r.stdout, /--profile JSON +The traveller/);
  });

  it('keeps hostile text inert: nothing the flow says runs or writes a file', () => {
    const created = readdirSync(work).filter((file) => /pwned/.test(file));
    assert.deepEqual(created, []);
  });

  it('type-checks every exported program with tsc in strict mode', async () => {
    const tsconfig = {
      compilerOptions: {
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        lib: ['ES2022'],
        strict: true,
        noUncheckedIndexedAccess: true,
        noUnusedLocals: true,
        noImplicitReturns: true,
        skipLibCheck: true,
        resolveJsonModule: true,
        esModuleInterop: true,
        noEmit: true,
        types: ['node'],
        typeRoots: [path.join(repoRoot, 'node_modules/@types')],
        // The package's declarations are built by `npm run build`; its sources say the same.
        paths: { flowstudio: [path.join(repoRoot, 'src/engine/index.ts')] },
      },
      files: flows.map((name) => `${name}.ts`),
    };
    writeFileSync(path.join(work, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2));
    const tsc = await runAsync(process.execPath, [path.join(repoRoot, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], {
      cwd: work,
    });
    assert.equal(tsc.status, 0, tsc.stdout + tsc.stderr);
  });
});

describe('flowstudio export: usage', function () {
  this.timeout(120_000);
  let dir: string;
  let cli: string;

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'flowstudio-export-usage-'));
    cli = await buildCli(dir);
    copyFileSync(path.join(repoRoot, 'examples/greet.flow.json'), path.join(dir, 'greet.flow.json'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const flowstudio = (...args: string[]) => runAsync(process.execPath, [cli, ...args], { cwd: dir });

  it('refuses an unknown --to with exit 2, listing the targets', async () => {
    const r = await flowstudio('export', 'greet.flow.json', '--to', 'python');
    assert.equal(r.status, 2);
    assert.match(r.stderr, /unknown --to 'python'; choose one of: ts/);
    assert.equal(r.stdout, '');
  });

  it('prints the program to stdout without -o', async () => {
    const r = await flowstudio('export', 'greet.flow.json', '--to', 'ts');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^\/\/ greet\.ts: runs the flow 'greet' from greet\.flow\.json/);
    assert.match(r.stdout, /from 'flowstudio';/);
  });

  it('writes -o OUT, and never over an existing file without --force', async () => {
    const out = path.join(dir, 'greet.ts');
    assert.equal((await flowstudio('export', 'greet.flow.json', '--to', 'ts', '-o', 'greet.ts')).status, 0);
    const first = readFileSync(out, 'utf8');
    assert.equal(first, (await flowstudio('export', 'greet.flow.json', '--to', 'ts')).stdout);

    writeFileSync(out, '// mine\n');
    const refused = await flowstudio('export', 'greet.flow.json', '--to', 'ts', '-o', 'greet.ts');
    assert.equal(refused.status, 2);
    assert.match(refused.stderr, /greet\.ts already exists; pass --force to replace it/);
    assert.equal(readFileSync(out, 'utf8'), '// mine\n');

    assert.equal((await flowstudio('export', 'greet.flow.json', '--to', 'ts', '-o', 'greet.ts', '--force')).status, 0);
    assert.equal(readFileSync(out, 'utf8'), first);
  });

  it('says where a flow file is broken, with exit 2 and no stack trace', async () => {
    writeFileSync(path.join(dir, 'broken.flow.json'), '{ "version": 1, "name": "broken", "nodes": [}');
    const r = await flowstudio('export', 'broken.flow.json', '--to', 'ts');
    assert.equal(r.status, 2);
    assert.match(r.stderr, /broken\.flow\.json:1:\d+/);
    assert.doesNotMatch(r.stderr, /^\s+at /m);
  });
});

function withoutDuration(stdout: string): unknown {
  const result = JSON.parse(stdout) as { durationMs?: unknown };
  assert.equal(typeof result.durationMs, 'number');
  delete result.durationMs;
  return result;
}

function withoutOpenAiKey(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const copy = { ...env };
  delete copy.OPENAI_API_KEY;
  return copy;
}

function explain(who: string, r: Finished): string {
  return `${who} exited ${r.status}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`;
}
