// Regexes written in flows run in linear time, or are refused when the flow is validated.
import assert from 'node:assert/strict';
import { createCoreRegistry, runFlow, validateFlow } from '../../../src/engine';
import { buildFlow } from '../../helpers/flow-builder';

const ifFlow = (pattern: string) =>
  buildFlow(
    {
      in: ['input.text', { name: 'text', required: true }],
      check: ['logic.if', { operator: 'matches', value: pattern }],
      yes: ['output.text', { name: 'yes' }],
      no: ['output.text', { name: 'no' }],
    },
    ['in.text -> check.value', 'check.true -> yes.text', 'check.false -> no.text'],
  );

describe('regular expressions in flows', function () {
  this.timeout(30_000);

  it('runs a catastrophic-backtracking pattern against a hostile text in bounded time', async () => {
    // On a backtracking engine `^(a+)+$` against 'a'*40 + 'b' needs about 2^40 steps.
    const deadline = Date.now() + 10_000;
    const result = await runFlow(ifFlow('^(a+)+$'), { registry: createCoreRegistry(), inputs: { text: `${'a'.repeat(40)}b` } }).result;
    assert.ok(Date.now() < deadline, 'the match took more than 10 s');
    assert.equal(result.status, 'ok', result.error?.message);
    assert.deepEqual(result.outputs, { no: `${'a'.repeat(40)}b` });
  });

  it('still matches the way the pattern says', async () => {
    const result = await runFlow(ifFlow('^[A-Z]{3}-\\d+$'), { registry: createCoreRegistry(), inputs: { text: 'ABC-42' } }).result;
    assert.deepEqual(result.outputs, { yes: 'ABC-42' });
  });

  for (const [pattern, reason] of [
    ['(a)\\1', /backreferences such as \\1 are not supported/],
    ['(?=a)a', /lookahead and lookbehind.* are not supported/],
    ['(?<!x)y', /lookahead and lookbehind.* are not supported/],
    ['abc[', /missing closing \]/],
  ] as const) {
    it(`refuses ${pattern} in logic.if at validate time, naming the node and param`, () => {
      const [problem, ...rest] = validateFlow(ifFlow(pattern)).filter((d) => d.severity === 'error');
      assert.equal(rest.length, 0);
      assert.equal(problem?.nodeId, 'check');
      assert.deepEqual(problem?.path, ['nodes', 1, 'params', 'value']);
      assert.match(problem?.message ?? '', /^node 'check' \(logic\.if\): params\.value: not a supported regular expression: /);
      assert.match(problem?.message ?? '', reason);
    });
  }

  it('refuses a logic.switch case whose matches pattern RE2 cannot run, at that case', () => {
    const flow = buildFlow(
      {
        in: ['input.text', { name: 'text' }],
        pick: [
          'logic.switch',
          {
            cases: [
              { when: 'x', port: 'x' },
              { when: '(\\w)\\1', port: 'twice', operator: 'matches' },
            ],
          },
        ],
      },
      ['in.text -> pick.value'],
    );
    const problems = validateFlow(flow).filter((d) => d.severity === 'error');
    assert.deepEqual(
      problems.map((d) => [d.nodeId, d.path]),
      [['pick', ['nodes', 1, 'params', 'cases', 1, 'when']]],
    );
    assert.match(problems[0]!.message, /backreferences/);
  });

  it('runs a logic.switch matches case in bounded time', async () => {
    const flow = buildFlow(
      {
        in: ['input.text', { name: 'text' }],
        pick: ['logic.switch', { cases: [{ when: '^(x+x+)+y$', port: 'evil', operator: 'matches' }] }],
        evil: ['output.text', { name: 'evil' }],
        other: ['output.text', { name: 'other' }],
      },
      ['in.text -> pick.value', 'pick.evil -> evil.text', 'pick.default -> other.text'],
    );
    const deadline = Date.now() + 10_000;
    const result = await runFlow(flow, { registry: createCoreRegistry(), inputs: { text: 'x'.repeat(5000) } }).result;
    assert.ok(Date.now() < deadline, 'the match took more than 10 s');
    assert.deepEqual(result.outputs, { other: 'x'.repeat(5000) });
  });
});
