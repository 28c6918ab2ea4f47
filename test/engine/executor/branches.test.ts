import assert from 'node:assert/strict';
import { runFlow } from '../../../src/engine';
import { buildFlow, collect, eventsOf } from '../../helpers/flow-builder';

const branching = buildFlow(
  {
    in: ['input.text', { name: 'word' }],
    check: ['logic.if', { operator: 'equals', value: 'yes' }],
    yes: ['text.template', { template: 'agreed: {{v}}' }],
    no: ['text.template', { template: 'refused: {{v}}' }],
    after: ['text.template', { template: '{{v}}!' }],
    out: ['output.text', { name: 'answer' }],
  },
  [
    'in.text -> check.value',
    'check.true -> yes.v',
    'check.false -> no.v',
    'no.text -> after.v',
    'yes.text -> out.text',
    'after.text -> out.text',
  ],
);

describe('executor branches', () => {
  it('skips the untaken branch of logic.if and everything only it feeds', async () => {
    const { events, result } = await collect(runFlow(branching, { inputs: { word: 'yes' } }));
    assert.equal(result.outputs.answer, 'agreed: yes');
    assert.deepEqual(
      eventsOf(events, 'node.skip')
        .map((e) => e.nodeId)
        .sort(),
      ['after', 'no'],
    );
    assert.equal(result.nodes.skipped, 2);
  });

  it('takes the other branch for another value, merging into the same output', async () => {
    const { events, result } = await collect(runFlow(branching, { inputs: { word: 'maybe' } }));
    assert.equal(result.outputs.answer, 'refused: maybe!');
    assert.deepEqual(
      eventsOf(events, 'node.skip').map((e) => e.nodeId),
      ['yes'],
    );
  });

  it('routes logic.switch to the first matching case or to default', async () => {
    const flow = buildFlow(
      {
        in: ['input.text', { name: 'color' }],
        sw: [
          'logic.switch',
          {
            cases: [
              { when: 'red', port: 'warm' },
              { when: 'blue', port: 'cold' },
              { when: 'zz', port: 'never', operator: 'contains' },
            ],
          },
        ],
        warm: ['text.template', { template: 'warm {{v}}' }],
        cold: ['text.template', { template: 'cold {{v}}' }],
        other: ['text.template', { template: 'other {{v}}' }],
        join: ['text.join', { separator: '' }],
        out: ['output.text', { name: 'r' }],
      },
      [
        'in.text -> sw.value',
        'sw.warm -> warm.v',
        'sw.cold -> cold.v',
        'sw.default -> other.v',
        'warm.text -> join.items',
        'cold.text -> join.items',
        'other.text -> join.items',
        'join.text -> out.text',
      ],
    );
    const run = async (color: string) => (await runFlow(flow, { inputs: { color } }).result).outputs.r;
    assert.equal(await run('red'), 'warm red');
    assert.equal(await run('blue'), 'cold blue');
    assert.equal(await run('green'), 'other green');
  });

  it('skips a node whose required input sits on the untaken branch even if another input is active', async () => {
    const flow = buildFlow(
      {
        in: ['input.text', { name: 'x' }],
        check: ['logic.if', { operator: 'empty' }],
        both: ['text.template', { template: '{{a}} {{b}}' }],
        out: ['output.text', { name: 'r' }],
      },
      ['in.text -> check.value', 'check.true -> both.a', 'in.text -> both.b', 'both.text -> out.text'],
    );
    const { events, result } = await collect(runFlow(flow, { inputs: { x: 'full' } }));
    assert.equal(result.status, 'ok');
    const skip = eventsOf(events, 'node.skip').find((e) => e.nodeId === 'both');
    assert.match(skip?.reason ?? '', /required input 'a'/);
    assert.equal('r' in result.outputs, false);
  });

  it('routes a failure to the error output when the component declares one and it is connected', async () => {
    const flow = buildFlow(
      {
        in: ['input.text', { name: 'raw' }],
        parse: ['json.parse'],
        good: ['output.json', { name: 'value' }],
        bad: ['output.text', { name: 'problem' }],
      },
      ['in.text -> parse.text', 'parse.value -> good.value', 'parse.error -> bad.text'],
    );
    const { events, result } = await collect(runFlow(flow, { inputs: { raw: '{oops' } }));
    assert.equal(result.status, 'ok');
    assert.match(String(result.outputs.problem), /not JSON/);
    assert.equal(eventsOf(events, 'node.error')[0]?.handled, true);
    assert.deepEqual(
      eventsOf(events, 'node.skip').map((e) => e.nodeId),
      ['good'],
    );

    const ok = await runFlow(flow, { inputs: { raw: '{"a":1}' } }).result;
    assert.deepEqual(ok.outputs, { value: { a: 1 } });
  });
});
