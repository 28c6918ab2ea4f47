import assert from 'node:assert/strict';
import { runFlow, validateFlow, type AskAnswer, type AskRequest, type HumanInput } from '../../../src/engine';
import { buildFlow, collect } from '../../helpers/flow-builder';

/** A person who answers every question with `answer(request)`, remembering what was asked. */
function person(answer: (request: AskRequest) => AskAnswer | Promise<AskAnswer>): HumanInput & { asked: AskRequest[] } {
  const asked: AskRequest[] = [];
  return {
    asked,
    ask: async (request) => {
      asked.push(request);
      return answer(request);
    },
  };
}

const askName = buildFlow(
  {
    ask: ['input.ask', { name: 'who', message: 'Whom shall I greet?' }],
    tpl: ['text.template', { template: 'Hello, {{name}}!' }],
    out: ['output.text', { name: 'greeting' }],
  },
  ['ask.value -> tpl.name', 'tpl.text -> out.text'],
);

const expenseSchema = {
  type: 'object',
  properties: { amount: { type: 'number', minimum: 0 }, approved: { type: 'boolean' }, kind: { type: 'string', enum: ['travel', 'food'] } },
  required: ['amount', 'approved'],
};
const askExpense = buildFlow(
  {
    ask: ['input.ask', { name: 'expense', message: 'Approve the expense?', schema: expenseSchema }],
    out: ['output.json', { name: 'decision' }],
  },
  ['ask.value -> out.value'],
);

describe('input.ask', () => {
  it('asks for one string field named after the node and outputs the answered string', async () => {
    const human = person(() => ({ action: 'accept', content: { who: 'Ada' } }));
    const { result } = await collect(runFlow(askName, { humanInput: human }));
    assert.equal(result.status, 'ok', result.error?.message);
    assert.equal(result.outputs.greeting, 'Hello, Ada!');
    assert.equal(human.asked.length, 1);
    const request = human.asked[0]!;
    assert.equal(request.mode, 'form');
    assert.equal(request.message, 'Whom shall I greet?');
    assert.deepEqual(request.origin, { kind: 'node', nodeId: 'ask' });
    assert.deepEqual(request.mode === 'form' && request.requestedSchema.required, ['who']);
  });

  it('asks with the given schema and outputs the answered object', async () => {
    const human = person(() => ({ action: 'accept', content: { amount: 12.5, approved: true, kind: 'food' } }));
    const { result } = await collect(runFlow(askExpense, { humanInput: human }));
    assert.equal(result.status, 'ok', result.error?.message);
    assert.deepEqual(result.outputs.decision, { amount: 12.5, approved: true, kind: 'food' });
  });

  it('fails the node when the answer does not fit the schema, naming the field', async () => {
    const human = person(() => ({ action: 'accept', content: { amount: 'lots', approved: true } }));
    const { result } = await collect(runFlow(askExpense, { humanInput: human }));
    assert.equal(result.status, 'error');
    assert.equal(result.error?.nodeId, 'ask');
    assert.match(result.error?.message ?? '', /does not fit the schema: \/amount must be number/);
  });

  it('fails the node when the person declines or cancels', async () => {
    for (const action of ['decline', 'cancel'] as const) {
      const { result } = await collect(runFlow(askName, { humanInput: person(() => ({ action })) }));
      assert.equal(result.status, 'error');
      assert.match(result.error?.message ?? '', action === 'decline' ? /declined to answer/ : /cancelled the question/);
    }
  });

  it('says nobody can answer when the run has no human input', async () => {
    const { result } = await collect(runFlow(askName, {}));
    assert.equal(result.status, 'error');
    assert.match(result.error?.message ?? '', /nobody can answer: run it in the editor, on a terminal, or give --answers/);
  });

  it('ends the question after timeoutMs and when the run is cancelled, even if the host ignores the signal', async () => {
    const never = person(() => new Promise<AskAnswer>(() => undefined));
    const timed = buildFlow({ ask: ['input.ask', { name: 'who', message: 'Who?', timeoutMs: 50 }], out: ['output.text', { name: 'o' }] }, [
      'ask.value -> out.text',
    ]);
    const { result } = await collect(runFlow(timed, { humanInput: never }));
    assert.equal(result.status, 'error');
    assert.match(result.error?.message ?? '', /nobody answered within 0.05 s/);

    const handle = runFlow(askName, { humanInput: person(() => new Promise<AskAnswer>(() => undefined)) });
    const asked = new Promise<void>((resolve) => {
      void (async () => {
        for await (const event of handle) if (event.type === 'node.start' && event.nodeId === 'ask') return resolve();
      })();
    });
    await asked;
    handle.cancel();
    assert.equal((await handle.result).status, 'cancelled');
  });

  it('reports a schema that cannot be a form at validate time', () => {
    const nested = buildFlow({
      ask: ['input.ask', { name: 'x', message: 'm', schema: { type: 'object', properties: { address: { type: 'object' } } } }],
    });
    const problems = validateFlow(nested).filter((d) => d.nodeId === 'ask');
    assert.ok(
      problems.some((d) => /property 'address' must be a string, number, integer, boolean or enum/.test(d.message)),
      JSON.stringify(problems),
    );
  });
});
