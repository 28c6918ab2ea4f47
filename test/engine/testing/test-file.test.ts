// Reading *.flowtest.json files: the format, and problems placed at file:line:col.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadTestSuite, parseTestFile, TestFileError } from '../../../src/engine';

const fixtures = path.resolve(__dirname, '../../fixtures/testing');

function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof TestFileError, `expected a TestFileError, got ${String(error)}`);
    return error.message.split('\n');
  }
  assert.fail('the test file was accepted');
}

async function loadProblems(text: string, files: Record<string, string> = {}): Promise<string[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'flowtest-'));
  try {
    for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), content);
    const file = path.join(dir, 'a.flowtest.json');
    writeFileSync(file, text);
    await loadTestSuite(file);
  } catch (error) {
    assert.ok(error instanceof TestFileError, `expected a TestFileError, got ${String(error)}`);
    return error.message.split('\n').map((line) => line.replace(`${dir}${path.sep}`, ''));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  assert.fail('the test file was accepted');
}

const greet = JSON.stringify({ version: 1, flow: path.join(fixtures, 'greet.flow.json'), cases: [] });

describe('test files (*.flowtest.json)', () => {
  it('reads cases with plain and operator assertions', () => {
    const text = JSON.stringify({
      version: 1,
      flow: 'greet.flow.json',
      cases: [{ name: 'a', inputs: { person: 'Ada' }, expect: { greeting: 'Hello, Ada!', other: { contains: 'x' }, $status: 'ok' } }],
    });
    const parsed = parseTestFile(text, 'a.flowtest.json');
    const [expectations] = parsed.caseExpectations;
    assert.equal(expectations!.status, 'ok');
    assert.deepEqual(
      expectations!.outputs.map((o) => [o.output, o.assertion.kind]),
      [
        ['greeting', 'equals'],
        ['other', 'contains'],
      ],
    );
  });

  it('treats an object with several keys, or one unknown key, as a value to equal', () => {
    const text = JSON.stringify({
      version: 1,
      flow: 'f.flow.json',
      cases: [{ name: 'a', expect: { v: { contains: 1, extra: 2 }, w: { n: 1 } } }],
    });
    const kinds = parseTestFile(text).caseExpectations[0]!.outputs.map((o) => o.assertion.kind);
    assert.deepEqual(kinds, ['equals', 'equals']);
  });

  it('places a JSON syntax error at its line and column', () => {
    const problems = problemsOf(() => parseTestFile('{\n  "version": 1,\n  "flow": "x.flow.json"\n  "cases": []\n}', 'bad.flowtest.json'));
    assert.match(problems[0]!, /^bad\.flowtest\.json:4:3: invalid JSON: comma expected/);
  });

  it('places a schema problem at the field, and refuses unknown fields', () => {
    const text = '{\n  "version": 1,\n  "flow": "x.flow.json",\n  "cases": [\n    { "name": "a", "expects": {} }\n  ]\n}';
    const problems = problemsOf(() => parseTestFile(text, 't.flowtest.json'));
    assert.match(problems[0]!, /^t\.flowtest\.json:5:5: cases\[0\]: Unrecognized key: "expects"/);
  });

  it('needs cases or a dataset, and expectEach only with a dataset', () => {
    assert.match(problemsOf(() => parseTestFile('{"version":1,"flow":"x.flow.json"}', 't.json'))[0]!, /needs cases or a dataset/);
    const text = JSON.stringify({ version: 1, flow: 'x.flow.json', cases: [{ name: 'a' }], expectEach: { a: 1 } });
    assert.match(problemsOf(() => parseTestFile(text, 't.json'))[0]!, /expectEach applies to dataset rows/);
  });

  it('reports bad assertions where they are written: a backreference, a broken schema, a judge without a rubric', () => {
    const text = [
      '{',
      '  "version": 1,',
      '  "flow": "x.flow.json",',
      '  "cases": [',
      '    { "name": "a", "expect": {',
      '      "one": { "matches": "(a)\\\\1" },',
      '      "two": { "schema": { "type": "nonsense" } },',
      '      "three": { "not": { "judge": { "provider": "openai" } } },',
      '      "$status": "broken"',
      '    } }',
      '  ]',
      '}',
    ].join('\n');
    const problems = problemsOf(() => parseTestFile(text, 't.flowtest.json'));
    assert.equal(problems.length, 4, problems.join('\n'));
    assert.match(
      problems.find((p) => p.includes('$status'))!,
      /^t\.flowtest\.json:9:7: \$status is "ok" or "error"/,
    );
    assert.match(
      problems.find((p) => p.includes('matches'))!,
      /^t\.flowtest\.json:6:16: matches: .*backreferences/,
    );
    assert.match(
      problems.find((p) => p.includes('schema'))!,
      /^t\.flowtest\.json:7:16: schema is not a valid JSON Schema/,
    );
    assert.match(
      problems.find((p) => p.includes('judge'))!,
      /^t\.flowtest\.json:8:27: judge: rubric: a judge needs a rubric/,
    );
  });

  it('refuses an API key written into a judge, in an assertion or in the file defaults', () => {
    const text = JSON.stringify({
      version: 1,
      flow: 'x.flow.json',
      judge: { provider: 'openai', model: 'gpt-4o-mini', apiKey: 'sk-live-123' },
      cases: [{ name: 'a', expect: { o: { judge: { rubric: 'r', apiKey: 'sk-live-456' } } } }],
    });
    const problems = problemsOf(() => parseTestFile(text, 't.json'));
    assert.equal(problems.length, 2);
    for (const p of problems) assert.match(p, /literal key/);
    assert.ok(!problems.join('\n').includes('sk-live'), 'the key itself must not be repeated in the error');
  });

  it('refuses two cases with the same name', () => {
    const text = JSON.stringify({ version: 1, flow: 'x.flow.json', cases: [{ name: 'same' }, { name: 'same' }] });
    assert.match(problemsOf(() => parseTestFile(text, 't.json'))[0]!, /cases\[1\]\.name: another case is named 'same'/);
  });

  it('names an unknown flow at the flow field', async () => {
    const problems = await loadProblems('{\n  "version": 1,\n  "flow": "missing.flow.json",\n  "cases": [{ "name": "a" }]\n}');
    assert.match(problems[0]!, /^a\.flowtest\.json:3:3: unknown flow 'missing\.flow\.json': .*no such file/);
  });

  it('names unknown outputs and inputs with the ones the flow has', async () => {
    const text = JSON.parse(greet) as Record<string, unknown>;
    text.cases = [{ name: 'a', inputs: { persn: 'Ada' }, expect: { greting: 'x', $status: 'ok' } }];
    const problems = await loadProblems(JSON.stringify(text, null, 2));
    assert.equal(problems.length, 2, problems.join('\n'));
    assert.ok(problems.some((p) => /unknown output 'greting': the flow '.*' has the outputs 'greeting'/.test(p)));
    assert.ok(problems.some((p) => /unknown input 'persn': the flow '.*' has the inputs 'person'/.test(p)));
  });

  it('reports a bad assertion and an unknown output together, in file order', async () => {
    const text = JSON.parse(greet) as Record<string, unknown>;
    text.cases = [{ name: 'a', expect: { greting: 'x', greeting: { matches: '(a)\\1' } } }];
    const problems = await loadProblems(JSON.stringify(text, null, 2));
    assert.equal(problems.length, 2, problems.join('\n'));
    assert.match(problems[0]!, /unknown output 'greting'/);
    assert.match(problems[1]!, /matches: .*backreferences/);
  });

  it('turns dataset rows into cases, with placeholders filled and columns typed', async () => {
    const suite = await loadTestSuite(path.join(fixtures, 'people.flowtest.json'));
    assert.deepEqual(
      suite.cases.map((c) => [c.name, c.inputs, c.row?.line]),
      [
        ['row 1', { person: 'Ada' }, 2],
        ['row 2', { person: 'Grace "Amazing" Hopper' }, 3],
        ['row 3', { person: 'Linus' }, 4],
      ],
    );
    const first = suite.cases[0]!.expectations.outputs[0]!;
    assert.deepEqual(first.assertion, { kind: 'equals', value: 'Hello, Ada!' });
  });

  it('reports a dataset problem with the dataset line', async () => {
    const problems = await loadProblems(
      JSON.stringify({ version: 1, flow: path.join(fixtures, 'greet.flow.json'), dataset: 'rows.jsonl' }),
      {
        'rows.jsonl': '{"person":"Ada"}\n{"person": oops}\n',
      },
    );
    assert.match(problems[0]!, /^a\.flowtest\.json:1:\d+: dataset rows\.jsonl:2: not a JSON line/);
  });

  it('fails only the row whose placeholder names a missing column', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'flowtest-'));
    try {
      writeFileSync(path.join(dir, 'rows.jsonl'), '{"person":"Ada","want":"Hello, Ada!"}\n{"person":"Bob"}\n');
      const file = path.join(dir, 't.flowtest.json');
      writeFileSync(
        file,
        JSON.stringify({
          version: 1,
          flow: path.join(fixtures, 'greet.flow.json'),
          dataset: 'rows.jsonl',
          expectEach: { greeting: '{{row.want}}' },
        }),
      );
      const suite = await loadTestSuite(file);
      assert.deepEqual(suite.cases[0]!.problems, []);
      assert.deepEqual(suite.cases[1]!.problems, ["{{row.want}}: the row has no column 'want'"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
