// `flowstudio test` as users run it: the built CLI in a subprocess, over real test files and flows.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { buildCli, repoRoot } from '../helpers/build-cli';
import { ChatModelServer } from '../engine/testing/helpers/chat-model-server';
import { runAsync } from './helpers/run-async';

const fixtures = path.join(repoRoot, 'test/fixtures/testing');

describe('flowstudio test (subprocess)', function () {
  this.timeout(60_000);
  let cliDir: string;
  let cli: string;
  let dir: string;

  before(async () => {
    cliDir = mkdtempSync(path.join(tmpdir(), 'flowstudio-test-cli-'));
    cli = await buildCli(cliDir);
  });
  after(() => rmSync(cliDir, { recursive: true, force: true }));
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'flowstudio-test-ws-'));
    for (const f of [
      'greet.flow.json',
      'greet.flowtest.json',
      'parse-json.flow.json',
      'parse-json.flowtest.json',
      'people.csv',
      'people.flowtest.json',
    ])
      copyFileSync(path.join(fixtures, f), path.join(dir, f));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const flowtest = (args: string[]) => spawnSync(process.execPath, [cli, 'test', ...args], { cwd: dir, encoding: 'utf8', timeout: 50_000 });
  const failingCase = () =>
    writeFileSync(
      path.join(dir, 'failing.flowtest.json'),
      JSON.stringify(
        {
          version: 1,
          flow: 'greet.flow.json',
          cases: [{ name: 'says hi <loudly> & "quoted"', inputs: { person: 'Ada' }, expect: { greeting: 'Hi, Ada!' } }],
        },
        null,
        2,
      ),
    );

  it('runs every test file under the folder and exits 0 when all pass, with a summary', () => {
    const result = flowtest([]);
    assert.equal(result.status, 0, result.stderr + result.stdout);
    assert.match(result.stdout, /^greet\.flowtest\.json\n {2}✔ greets Ada \(/m);
    assert.match(result.stdout, /people\.flowtest\.json\n {2}✔ row 1/);
    assert.match(result.stdout, /^9 cases: 9 passed, 0 failed \(100\.0%\) in /m);
    assert.equal(result.stderr, '');
  });

  it('exits 1 on a failing case and writes a JUnit report with one testcase per case that an XML parser reads', () => {
    failingCase();
    const out = path.join(dir, 'report.xml');
    const result = flowtest(['--reporter', 'junit', '--out', out]);
    assert.equal(result.status, 1, result.stderr);
    assert.match(result.stdout, /^10 cases: 9 passed, 1 failed \(90\.0%\)/);
    const parsed = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '',
      isArray: (name) => ['testsuite', 'testcase'].includes(name),
    }).parse(readFileSync(out, 'utf8')) as {
      testsuites: {
        tests: string;
        failures: string;
        testsuite: { name: string; testcase: { name: string; failure?: { message: string; '#text': string } }[] }[];
      };
    };
    assert.equal(parsed.testsuites.tests, '10');
    assert.equal(parsed.testsuites.failures, '1');
    const cases = parsed.testsuites.testsuite.flatMap((s) => s.testcase.map((c) => ({ suite: s.name, ...c })));
    assert.equal(cases.length, 10);
    const failed = cases.filter((c) => c.failure);
    assert.equal(failed.length, 1);
    assert.equal(failed[0]!.suite, 'failing.flowtest.json');
    assert.equal(failed[0]!.name, 'says hi <loudly> & "quoted"');
    assert.equal(failed[0]!.failure!.message, 'greeting: expected "Hi, Ada!", got "Hello, Ada!"');
    assert.match(failed[0]!.failure!['#text'], /expected: "Hi, Ada!"\nactual: "Hello, Ada!"/);
  });

  it('exits 2 for an invalid test file, naming file:line:col, and runs nothing', () => {
    writeFileSync(
      path.join(dir, 'bad.flowtest.json'),
      '{\n  "version": 1,\n  "flow": "greet.flow.json",\n  "cases": [{ "name": "a", "expect": { "greting": "x" } }]\n}\n',
    );
    const result = flowtest([]);
    assert.equal(result.status, 2);
    assert.match(
      result.stderr,
      /bad\.flowtest\.json:4:40: unknown output 'greting': the flow 'greet\.flow\.json' has the outputs 'greeting'/,
    );
    assert.match(result.stderr, /1 test file is invalid; no case was run/);
    assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
    assert.equal(result.stdout, '');
    assert.equal(existsSync(path.join(dir, '.flowstudio')), false);
  });

  it('refuses bad usage with exit 2', () => {
    assert.equal(flowtest(['--concurrency', '0']).status, 2);
    assert.match(flowtest(['--reporter', 'tap']).stderr, /--reporter must be one of spec, junit, json/);
    assert.match(flowtest(['missing-folder']).stderr, /missing-folder: no such file or folder/);
    assert.match(flowtest(['--allow-secret', 'KEY=javascript:alert(1)']).stderr, /--allow-secret: KEY: 'javascript:'/);
  });

  it('prints JSON results, saves them, and --compare names the cases that changed between pass and fail', () => {
    const first = flowtest(['--reporter', 'json', 'greet.flowtest.json']);
    assert.equal(first.status, 0, first.stderr);
    const json = JSON.parse(first.stdout) as {
      summary: { total: number; passRate: number };
      files: { file: string; cases: { name: string; status: string; line: number }[] }[];
    };
    assert.equal(json.summary.total, 4);
    assert.deepEqual(json.files[0]!.cases[0], { ...json.files[0]!.cases[0], name: 'greets Ada', status: 'passed', line: 5 });
    const saved = path.join(dir, '.flowstudio/test-results/latest.json');
    assert.deepEqual(JSON.parse(readFileSync(saved, 'utf8')), json);
    assert.equal(readFileSync(path.join(dir, '.flowstudio/test-results/.gitignore'), 'utf8').split('\n').at(-2), '*');
    const before = path.join(dir, 'before.json');
    copyFileSync(saved, before);

    // The greeting changes: two cases that passed now fail.
    const flow = readFileSync(path.join(dir, 'greet.flow.json'), 'utf8');
    writeFileSync(path.join(dir, 'greet.flow.json'), flow.replace('Hello, {{name}}!', 'Hello, {{name}}.'));
    const second = flowtest(['greet.flowtest.json', '--compare', before]);
    assert.equal(second.status, 1);
    assert.match(
      second.stdout,
      new RegExp(
        String.raw`Changed since .*before\.json:\n {2}✖ greet\.flowtest\.json › greets Ada: passed → failed\n` +
          String.raw` {2}✖ greet\.flowtest\.json › ends with an exclamation mark: passed → failed\n$`,
      ),
    );
  });

  it('--compare reads results committed at a git ref', () => {
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: dir, stdio: 'pipe' });
    git('init', '-q');
    assert.equal(flowtest(['greet.flowtest.json']).status, 0);
    git('add', '-f', '.flowstudio/test-results/latest.json');
    git('commit', '-qm', 'results');
    failingCase();
    const result = flowtest(['--compare', 'HEAD']);
    assert.equal(result.status, 1);
    assert.match(result.stdout, /Changed since HEAD:\n(.*\n)*.*people\.flowtest\.json › row 1: absent → passed/);
    assert.match(result.stdout, /failing\.flowtest\.json › says hi <loudly> & "quoted": absent → failed/);
    assert.match(
      flowtest(['--compare', 'no-such-ref']).stderr,
      /--compare no-such-ref: not a results file, and git has no \.flowstudio\/test-results\/latest\.json at 'no-such-ref'/,
    );
  });

  it('reports tokens and cost when the model reports usage', async () => {
    const model = await ChatModelServer.start(() => ({ text: 'Hello there' }));
    try {
      writeFileSync(
        path.join(dir, 'chat.flow.json'),
        JSON.stringify({
          version: 1,
          name: 'chat',
          nodes: [
            { id: 'q', type: 'input.text', position: { x: 0, y: 0 }, params: { name: 'question' } },
            {
              id: 'm',
              type: 'llm.chat',
              position: { x: 1, y: 0 },
              params: { provider: 'openai-compatible', model: 'm1', baseURL: model.baseURL },
            },
            { id: 'a', type: 'output.text', position: { x: 2, y: 0 }, params: { name: 'answer' } },
          ],
          edges: [
            { id: 'e1', source: 'q', sourceHandle: 'text', target: 'm', targetHandle: 'prompt' },
            { id: 'e2', source: 'm', sourceHandle: 'text', target: 'a', targetHandle: 'text' },
          ],
        }),
      );
      writeFileSync(
        path.join(dir, 'chat.flowtest.json'),
        JSON.stringify({
          version: 1,
          flow: 'chat.flow.json',
          pricing: { m1: { input: 1000, output: 2000 } },
          cases: [1, 2].map((n) => ({ name: `q${n}`, inputs: { question: `q${n}` }, expect: { answer: { contains: 'Hello' } } })),
        }),
      );
      const result = await runAsync(process.execPath, [cli, 'test', 'chat.flowtest.json'], { cwd: dir });
      assert.equal(result.status, 0, result.stderr + result.stdout);
      // Two calls of 50 input tokens and 2 output tokens each.
      assert.match(result.stdout, /2 cases: 2 passed, 0 failed \(100\.0%\) in .*; tokens 100 in, 4 out; cost \$0\.1080\n/);
    } finally {
      await model.close();
    }
  });
});
