// text.split and text.replace: separators, linear-time regular expressions and their refusals.
import assert from 'node:assert/strict';
import { runFlow, validateFlow, type Flow } from '../../../src/engine';
import { buildFlow, collect } from '../../helpers/flow-builder';

function oneNode(type: string, params: Record<string, unknown>, inPort: string, outPort: string): Flow {
  return buildFlow({ t: ['input.text', { name: 't' }], n: [type, params], out: ['output.json', { name: 'out' }] }, [
    `t.text -> n.${inPort}`,
    `n.${outPort} -> out.value`,
  ]);
}

async function outputOf(flow: Flow, t: string): Promise<unknown> {
  const { result } = await collect(runFlow(flow, { inputs: { t } }));
  assert.equal(result.status, 'ok', result.error?.message);
  return result.outputs.out;
}

describe('text.split', () => {
  const split = (params: Record<string, unknown>) => oneNode('text.split', params, 'text', 'items');

  it('splits at line breaks by default', async () => {
    assert.deepEqual(await outputOf(split({}), 'a\nb\n\nc'), ['a', 'b', '', 'c']);
  });

  it('splits at a plain separator, trimming and dropping empty parts when asked', async () => {
    assert.deepEqual(await outputOf(split({ separator: ',', trim: true, dropEmpty: true }), ' a, b ,, c ,'), ['a', 'b', 'c']);
    // A separator is plain text: a dot is a dot, not "any character".
    assert.deepEqual(await outputOf(split({ separator: '.' }), 'a.b-c'), ['a', 'b-c']);
  });

  it('splits at each match of a regular expression', async () => {
    assert.deepEqual(await outputOf(split({ regex: '\\s*[;,]\\s*' }), 'a ; b,c'), ['a', 'b', 'c']);
  });

  it('outputs the count of parts', async () => {
    const flow = buildFlow(
      { t: ['input.text', { name: 't' }], n: ['text.split', { separator: '|' }], out: ['output.json', { name: 'out' }] },
      ['t.text -> n.text', 'n.count -> out.value'],
    );
    assert.equal(await outputOf(flow, 'a|b|c'), 3);
  });

  it('splits in linear time with a pattern that backtracks for ever in JavaScript', async () => {
    const started = performance.now();
    const parts = await outputOf(split({ regex: '(a+)+$' }), `${'a'.repeat(5_000)}b`);
    assert.ok(Array.isArray(parts));
    assert.ok(performance.now() - started < 5_000);
  });

  it('reports bad params when validating: both separator and regex, an empty separator, a backreference', () => {
    const problems = (params: Record<string, unknown>) =>
      validateFlow(split(params))
        .filter((d) => d.nodeId === 'n')
        .map((d) => d.message)
        .join('\n');
    assert.match(problems({ separator: ',', regex: ';' }), /set either separator or regex, not both/);
    assert.match(problems({ separator: '' }), /separator must not be empty/);
    assert.match(problems({ regex: '(a)\\1' }), /backreferences such as \\1 are not supported/);
  });
});

describe('text.replace', () => {
  const replace = (params: Record<string, unknown>) => oneNode('text.replace', params, 'text', 'text');

  it('replaces every match, with $1 and $<name> groups', async () => {
    assert.equal(
      await outputOf(replace({ pattern: '(\\w+)@(\\w+)', replacement: '$2 at $1' }), 'ada@home, alan@work'),
      'home at ada, work at alan',
    );
    assert.equal(await outputOf(replace({ pattern: '(?P<word>\\w+)!', replacement: '<$<word>>' }), 'hi! there!'), '<hi> <there>');
  });

  it('replaces only the first match when asked', async () => {
    assert.equal(await outputOf(replace({ pattern: 'a', replacement: 'o', first: true }), 'banana'), 'bonana');
  });

  it('treats pattern and replacement as plain text when literal', async () => {
    assert.equal(
      await outputOf(replace({ pattern: '$1.00', replacement: '$2', literal: true }), 'costs $1.00 or $1x00'),
      'costs $2 or $1x00',
    );
  });

  it('removes matches with an empty replacement', async () => {
    assert.equal(await outputOf(replace({ pattern: '\\s+' }), ' a b  c '), 'abc');
  });

  it('reports a pattern RE2 cannot run when validating', () => {
    const diagnostics = validateFlow(replace({ pattern: '(?=x)y', replacement: '' }));
    assert.ok(
      diagnostics.some((d) => d.nodeId === 'n' && /lookahead and lookbehind/.test(d.message)),
      JSON.stringify(diagnostics),
    );
  });
});
