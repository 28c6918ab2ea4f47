// Saved results: what changed between two runs, and the side-by-side table of two runs of a dataset.
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import {
  compareResults,
  compareRunsMarkdown,
  loadTestSuite,
  parseSavedResults,
  runTestSuites,
  toSavedResults,
  type SavedResults,
} from '../../../src/engine';

const fixtures = path.resolve(__dirname, '../../fixtures/testing');

function results(cases: Record<string, 'passed' | 'failed'>, outputs: Record<string, unknown> = {}): SavedResults {
  return {
    version: 1,
    startedAt: '2026-12-05T08:00:00.000Z',
    summary: {
      total: 0,
      passed: 0,
      failed: 0,
      passRate: 1,
      durationMs: 1,
      usage: { inputTokens: 0, outputTokens: 0 },
      judgeUsage: { inputTokens: 0, outputTokens: 0 },
    },
    files: [
      {
        file: 'a.flowtest.json',
        flow: 'a.flow.json',
        cases: Object.entries(cases).map(([name, status]) => ({
          name,
          status,
          durationMs: 12.5,
          runStatus: 'ok' as const,
          outputs: { answer: outputs[name] ?? 'x' },
          failures: [],
          judgements: [],
          usage: { inputTokens: 50, outputTokens: 5 },
          judgeUsage: { inputTokens: 0, outputTokens: 0 },
        })),
      },
    ],
  };
}

describe('test results', () => {
  it('saves a run with paths relative to the workspace and the line of each case', async () => {
    const suite = await loadTestSuite(path.join(fixtures, 'people.flowtest.json'));
    const saved = toSavedResults(await runTestSuites([suite]), path.resolve(fixtures, '..'));
    assert.equal(saved.files[0]!.file, 'testing/people.flowtest.json');
    assert.deepEqual(
      saved.files[0]!.cases.map((c) => [c.name, c.status, c.dataset, c.line]),
      [
        ['row 1', 'passed', 'testing/people.csv', 2],
        ['row 2', 'passed', 'testing/people.csv', 3],
        ['row 3', 'passed', 'testing/people.csv', 4],
      ],
    );
    assert.deepEqual(parseSavedResults(JSON.stringify(saved), 'r.json'), JSON.parse(JSON.stringify(saved)));
  });

  it('lists the cases that changed between pass and fail, and those added or removed', () => {
    const before = results({ a: 'passed', b: 'failed', c: 'passed', gone: 'passed' });
    const after = results({ a: 'failed', b: 'passed', c: 'passed', added: 'failed' });
    assert.deepEqual(compareResults(before, after), [
      { file: 'a.flowtest.json', name: 'a', before: 'passed', after: 'failed' },
      { file: 'a.flowtest.json', name: 'b', before: 'failed', after: 'passed' },
      { file: 'a.flowtest.json', name: 'added', before: 'absent', after: 'failed' },
      { file: 'a.flowtest.json', name: 'gone', before: 'passed', after: 'absent' },
    ]);
  });

  it('refuses a file that is not saved results, saying what is wrong', () => {
    assert.throws(() => parseSavedResults('{"version":1}', 'r.json'), /^Error: r\.json: not a test results file \(files: /);
    assert.throws(() => parseSavedResults('nope', 'r.json'), /r\.json: not a test results file \(invalid JSON/);
  });

  it('shows two runs side by side, escaping what would break the table', () => {
    const table = compareRunsMarkdown(
      { name: 'before', results: results({ 'row 1': 'passed', 'row 2': 'failed' }, { 'row 1': 'yes | no', 'row 2': '<b>bold</b>\nnext' }) },
      { name: 'after', results: results({ 'row 1': 'passed', 'row 2': 'passed' }) },
    );
    const rows = table.split('\n').filter((line) => line.startsWith('| row'));
    assert.deepEqual(rows, [
      '| row 1 | ✔ → ✔ | answer: yes \\| no | answer: x | 12.5 ms | 12.5 ms | 55 | 55 |',
      '| row 2 | ✖ → ✔ | answer: \\<b\\>bold\\</b\\> next | answer: x | 12.5 ms | 12.5 ms | 55 | 55 |',
    ]);
    assert.match(table, /\| Pass rate \| 100\.0% \(0\/0\) \| 100\.0% \(0\/0\) \|/);
  });
});
