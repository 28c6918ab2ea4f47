// The test runner: real flows, a local model server speaking the OpenAI wire format for models and
// judges, and a real MCP server shared by the cases of a file.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadTestSuite, McpConnectionPool, runTestSuites, type McpAccess } from '../../../src/engine';
import { mcpFixtures } from '../mcp/support/mcp-servers';
import { ChatModelServer } from './helpers/chat-model-server';

const fixtures = path.resolve(__dirname, '../../fixtures/testing');

function chatFlow(baseURL: string) {
  return {
    version: 1,
    name: 'answer',
    nodes: [
      { id: 'q', type: 'input.text', position: { x: 0, y: 0 }, params: { name: 'question', required: true } },
      { id: 'm', type: 'llm.chat', position: { x: 200, y: 0 }, params: { provider: 'openai-compatible', model: 'local-model', baseURL } },
      { id: 'a', type: 'output.text', position: { x: 400, y: 0 }, params: { name: 'answer' } },
    ],
    edges: [
      { id: 'e1', source: 'q', sourceHandle: 'text', target: 'm', targetHandle: 'prompt' },
      { id: 'e2', source: 'm', sourceHandle: 'text', target: 'a', targetHandle: 'text' },
    ],
  };
}

describe('running flow tests', function () {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'flowtest-run-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function write(name: string, content: unknown): string {
    const file = path.join(dir, name);
    writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
    return file;
  }

  it('passes and fails cases by their assertions, including an expected failure of the run', async () => {
    const suites = await Promise.all(['greet.flowtest.json', 'parse-json.flowtest.json'].map((f) => loadTestSuite(path.join(fixtures, f))));
    const failing = write('failing.flowtest.json', {
      version: 1,
      flow: path.join(fixtures, 'greet.flow.json'),
      cases: [
        { name: 'wrong greeting', inputs: { person: 'Ada' }, expect: { greeting: 'Hi, Ada!' } },
        { name: 'expects a failure that does not come', inputs: { person: 'Ada' }, expect: { $status: 'error' } },
        { name: 'expects success but the run fails', inputs: {}, expect: { greeting: { contains: 'Hello' } } },
      ],
    });
    suites.push(await loadTestSuite(failing));
    const report = await runTestSuites(suites);
    assert.deepEqual(
      report.suites.map((s) => s.cases.map((c) => c.status)),
      [
        ['passed', 'passed', 'passed', 'passed'],
        ['passed', 'passed'],
        ['failed', 'failed', 'failed'],
      ],
    );
    const [wrong, noFailure, runFailed] = report.suites[2]!.cases;
    assert.deepEqual(wrong!.failures, [
      { output: 'greeting', message: 'greeting: expected "Hi, Ada!", got "Hello, Ada!"', expected: 'Hi, Ada!', actual: 'Hello, Ada!' },
    ]);
    assert.equal(noFailure!.failures[0]!.message, 'expected the run to fail, but it succeeded');
    assert.match(runFailed!.failures[0]!.message, /^the run failed.*missing required input 'person'/);
    assert.deepEqual([report.summary.total, report.summary.passed, report.summary.failed], [9, 6, 3]);
    assert.equal(report.summary.passRate, 6 / 9);
    for (const c of report.suites[0]!.cases) assert.ok(c.durationMs >= 0 && c.position!.line > 1);
  });

  it('runs a 100-row dataset 8 cases at a time and reports the rows in their order', async () => {
    // Earlier rows are answered later, so cases finish out of order.
    const model = await ChatModelServer.start(({ prompt }) => {
      const n = Number(/\d+/.exec(prompt)![0]);
      return { text: `Answer ${n}`, delayMs: 5 + ((100 - n) % 9) * 2 };
    });
    try {
      write('answer.flow.json', chatFlow(model.baseURL));
      write(
        'rows.jsonl',
        Array.from({ length: 100 }, (_, i) => JSON.stringify({ question: `Question ${i + 1}`, want: `Answer ${i + 1}` })).join('\n'),
      );
      const file = write('rows.flowtest.json', {
        version: 1,
        flow: 'answer.flow.json',
        dataset: 'rows.jsonl',
        expectEach: { answer: '{{row.want}}' },
        pricing: { 'local-model': { input: 0.5, output: 2 } },
      });
      const finished: number[] = [];
      const report = await runTestSuites([await loadTestSuite(file)], { concurrency: 8, onCaseEnd: (_, r) => finished.push(r.index) });
      const cases = report.suites[0]!.cases;
      assert.deepEqual(
        cases.map((c) => c.name),
        Array.from({ length: 100 }, (_, i) => `row ${i + 1}`),
      );
      assert.ok(
        cases.every((c) => c.status === 'passed'),
        cases.find((c) => c.status === 'failed')?.failures[0]?.message,
      );
      assert.deepEqual(
        cases.map((c) => c.outputs.answer),
        Array.from({ length: 100 }, (_, i) => `Answer ${i + 1}`),
      );
      assert.notDeepEqual(
        finished,
        [...finished].sort((a, b) => a - b),
        'cases should have finished out of order',
      );
      assert.ok(model.maxInFlight <= 8 && model.maxInFlight >= 4, `${model.maxInFlight} model calls at once`);
      // Each call reports 50 input tokens and one output token per streamed word (two here).
      assert.deepEqual(report.summary.usage, { inputTokens: 5000, outputTokens: 200 });
      assert.deepEqual(cases[0]!.usage, { inputTokens: 50, outputTokens: 2 });
      assert.ok(Math.abs(report.summary.cost! - (5000 * 0.5 + 200 * 2) / 1e6) < 1e-12);
      assert.equal(cases[41]!.row!.line, 42);
    } finally {
      await model.close();
    }
  });

  describe('LLM judges against a local model server', () => {
    let model: ChatModelServer;
    const judgePrompts: { system: string; prompt: string }[] = [];
    before(async () => {
      model = await ChatModelServer.start((request) => {
        if (!request.system.includes('Rubric:')) return { text: request.prompt.includes('rude') ? 'Go away.' : 'Hello there, welcome!' };
        judgePrompts.push(request);
        const polite = /Hello|welcome/.test(request.prompt);
        return {
          text: polite
            ? '{"pass": true, "reason": "The reply greets the user warmly."}'
            : '```json\n{"pass": false, "reason": "The reply dismisses the user instead of greeting them."}\n```',
        };
      });
    });
    after(() => model.close());

    it('passes a case the judge accepts and fails one it rejects, with the judge reason', async () => {
      write('answer.flow.json', chatFlow(model.baseURL));
      const file = write('judged.flowtest.json', {
        version: 1,
        flow: 'answer.flow.json',
        judge: { provider: 'openai-compatible', model: 'judge-model', baseURL: model.baseURL },
        cases: [
          {
            name: 'polite',
            inputs: { question: 'Say hi' },
            expect: { answer: { judge: { rubric: 'The reply greets the user politely.' } } },
          },
          {
            name: 'rude',
            inputs: { question: 'Be rude' },
            expect: { answer: { judge: { rubric: 'The reply greets the user politely.' } } },
          },
        ],
      });
      const report = await runTestSuites([await loadTestSuite(file)]);
      const [polite, rude] = report.suites[0]!.cases;
      assert.equal(polite!.status, 'passed', polite!.failures[0]?.message);
      assert.deepEqual(polite!.judgements, [{ output: 'answer', pass: true, reason: 'The reply greets the user warmly.' }]);
      assert.equal(rude!.status, 'failed');
      assert.equal(rude!.failures[0]!.reason, 'The reply dismisses the user instead of greeting them.');
      assert.equal(rude!.failures[0]!.expected, 'The reply greets the user politely.');
      assert.equal(rude!.failures[0]!.actual, 'Go away.');
      // The judge saw the rubric, the case inputs and the output; its tokens are counted apart.
      const seen = judgePrompts.find((p) => p.prompt.includes('Go away.'))!;
      assert.match(seen.system, /Rubric:\nThe reply greets the user politely\./);
      assert.match(seen.prompt, /"question": "Be rude"/);
      assert.deepEqual(rude!.judgeUsage.inputTokens, 50);
      assert.deepEqual(rude!.usage.inputTokens, 50);
    });

    it('fails a judge assertion with a clear reason when no judge model is configured', async () => {
      write('answer.flow.json', chatFlow(model.baseURL));
      const file = write('nojudge.flowtest.json', {
        version: 1,
        flow: 'answer.flow.json',
        cases: [{ name: 'a', inputs: { question: 'hi' }, expect: { answer: { judge: { rubric: 'Is polite.' } } } }],
      });
      const report = await runTestSuites([await loadTestSuite(file)]);
      assert.match(report.suites[0]!.cases[0]!.failures[0]!.reason!, /the judge has no model: give it "provider" and "model"/);
    });
  });

  it('shares one MCP server process across the cases of a file', async function () {
    this.timeout(60_000);
    const file = write('sum.flowtest.json', {
      version: 1,
      flow: path.join(mcpFixtures, 'everything-sum.flow.json'),
      cases: Array.from({ length: 6 }, (_, i) => ({
        name: `sum ${i}`,
        inputs: { a: i, b: 10 },
        expect: { answer: `Echo: The sum of ${i} and 10 is ${i + 10}.` },
      })),
    });
    const pools: McpConnectionPool[] = [];
    const pids = new Set<number | undefined>();
    try {
      const report = await runTestSuites([await loadTestSuite(file)], {
        concurrency: 3,
        mcp: async (): Promise<McpAccess> => {
          const pool = await McpConnectionPool.fromWorkspace({ workspaceFolder: mcpFixtures });
          pools.push(pool);
          return pool;
        },
        onCaseEnd: () => pids.add(pools[0]?.processIdOf('everything')),
      });
      assert.deepEqual(
        report.suites[0]!.cases.map((c) => [c.status, c.failures[0]?.message]),
        Array.from({ length: 6 }, () => ['passed', undefined]),
      );
      assert.equal(pools.length, 1, 'one pool for the whole file');
      assert.equal(pids.size, 1, 'one server process for every case');
    } finally {
      for (const pool of pools) await pool.close();
    }
  });
});
