// Each assertion kind, passing and failing, with what it reports for a diff.
import { strict as assert } from 'node:assert';
import { checkAssertion, parseAssertion, type Grade } from '../../../src/engine';

const noJudge: Grade = () => Promise.reject(new Error('no judge in this test'));
const check = (expect: unknown, actual: unknown, grade: Grade = noJudge) => checkAssertion(parseAssertion(expect), actual, grade);

describe('test assertions', () => {
  it('equals: a plain value or {"equals"} compares deeply and strictly', async () => {
    assert.equal((await check({ a: [1, 2] }, { a: [1, 2] })).pass, true);
    assert.equal((await check({ equals: { contains: 'x' } }, { contains: 'x' })).pass, true);
    const failed = await check(42, '42');
    assert.equal(failed.pass, false);
    assert.equal(failed.message, 'expected 42, got "42"');
    assert.equal(failed.expected, 42);
    assert.equal(failed.actual, '42');
  });

  it('contains: a substring of text, an element of a list, a part of other values as JSON', async () => {
    assert.equal((await check({ contains: 'lo, A' }, 'Hello, Ada!')).pass, true);
    assert.equal((await check({ contains: 'Bob' }, 'Hello, Ada!')).pass, false);
    assert.equal((await check({ contains: { id: 2 } }, [{ id: 1 }, { id: 2 }])).pass, true);
    assert.equal((await check({ contains: { id: 3 } }, [{ id: 1 }, { id: 2 }])).pass, false);
    assert.equal((await check({ contains: 'Ada' }, { name: 'Ada' })).pass, true);
    assert.equal((await check({ contains: 'x' }, undefined)).pass, false);
  });

  it('matches: a linear-time regular expression found anywhere in the text', async () => {
    assert.equal((await check({ matches: '^Hello, \\w+!$' }, 'Hello, Ada!')).pass, true);
    const failed = await check({ matches: '^\\d+$' }, 'Hello');
    assert.equal(failed.pass, false);
    assert.equal(failed.message, 'does not match /^\\d+$/');
    // A pattern that backtracks exponentially in JavaScript's engine would hang here past the test timeout.
    assert.equal((await check({ matches: '^(a+)+$' }, `${'a'.repeat(5000)}b`)).pass, false);
  });

  it('schema: validates with JSON Schema and says which part failed', async () => {
    const schema = { schema: { type: 'object', required: ['score'], properties: { score: { type: 'number', maximum: 10 } } } };
    assert.equal((await check(schema, { score: 7 })).pass, true);
    const failed = await check(schema, { score: 11 });
    assert.equal(failed.pass, false);
    assert.match(failed.message, /\/score must be <= 10/);
  });

  it('not: inverts any assertion and keeps what it was about', async () => {
    assert.equal((await check({ not: { contains: 'Goodbye' } }, 'Hello')).pass, true);
    const failed = await check({ not: 'Hello' }, 'Hello');
    assert.equal(failed.pass, false);
    assert.equal(failed.message, 'not (equals "Hello")');
    assert.deepEqual(failed.expected, { not: 'Hello' });
  });

  it('judge: takes the grader verdict and keeps its reason, passed or failed', async () => {
    const rubrics: string[] = [];
    const grade: Grade = async (judge, actual) => {
      rubrics.push(judge.rubric);
      return actual === 'kind words' ? { pass: true, reason: 'it is kind' } : { pass: false, reason: 'it is rude' };
    };
    const passed = await check({ judge: { rubric: 'is kind' } }, 'kind words', grade);
    assert.deepEqual([passed.pass, passed.reason], [true, 'it is kind']);
    const failed = await check({ not: { judge: { rubric: 'is rude' } } }, 'rude words', grade);
    assert.deepEqual([failed.pass, failed.reason], [true, 'it is rude']);
    assert.deepEqual(rubrics, ['is kind', 'is rude']);
  });
});
