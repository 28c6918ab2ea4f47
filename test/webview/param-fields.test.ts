import * as assert from 'node:assert/strict';
import * as z from 'zod';
import { componentViews } from '../../src/extension/editor/flow-catalog';
import { createCoreRegistry } from '../../src/engine';
import { fieldCommit, fieldProblem, initialParams, paramFields, parseFieldInput } from '../../src/webview/inspector/param-fields';

const views = componentViews(createCoreRegistry());
const view = (id: string) => {
  const found = views.find((v) => v.id === id);
  if (!found) throw new Error(`no component ${id}`);
  return found;
};

describe('inspector fields from params JSON Schema', () => {
  it('offers every core component a form (its params schema converts to JSON Schema)', () => {
    for (const v of views) assert.equal(typeof v.paramsSchema, 'object', v.id);
    assert.ok(views.length >= 25);
  });

  it('reads llm.chat params: provider as an enum, temperature as a number with bounds, apiKey with the secret picker', () => {
    const fields = paramFields(view('llm.chat').paramsSchema);
    const byName = Object.fromEntries(fields.map((f) => [f.name, f]));
    assert.equal(byName.provider?.kind, 'enum');
    assert.ok(byName.provider?.options?.includes('openai-compatible'));
    assert.equal(byName.temperature?.kind, 'number');
    assert.equal(byName.system?.kind, 'multiline');
    assert.equal(byName.apiKey?.isSecretCandidate, true);
    assert.equal(byName.model?.isSecretCandidate, false);
    assert.equal(fieldProblem(byName.temperature!, 3), 'temperature must be at most 2');
    assert.equal(fieldProblem(byName.temperature!, 0.5), undefined);
    assert.equal(fieldProblem(byName.model!, ''), 'model is required');
  });

  it('parses typed text by kind and explains what does not parse', () => {
    const fields = paramFields(
      z.toJSONSchema(z.object({ ms: z.number().int(), data: z.unknown(), on: z.boolean() })) as Record<string, unknown>,
    );
    const [ms, data] = fields;
    assert.deepEqual(parseFieldInput(ms!, '250'), { value: 250 });
    assert.deepEqual(parseFieldInput(ms!, 'soon'), { error: 'ms must be a number' });
    assert.equal(fieldProblem(ms!, 2.5), 'ms must be a whole number');
    assert.deepEqual(parseFieldInput(data!, '{"a":[1]}'), { value: { a: [1] } });
    assert.match((parseFieldInput(data!, '{a') as { error: string }).error, /^data: not valid JSON/);
    assert.equal(fields[2]?.kind, 'boolean');
  });

  it('commits typed text only when it parses, passes and changes the value', () => {
    const byName = Object.fromEntries(paramFields(view('llm.chat').paramsSchema).map((f) => [f.name, f]));
    assert.deepEqual(fieldCommit(byName.temperature!, '0.5', 0.2), { problem: undefined, changed: { value: 0.5 } });
    assert.deepEqual(fieldCommit(byName.temperature!, '0.5', 0.5), { problem: undefined }, 'the same value writes nothing');
    assert.deepEqual(fieldCommit(byName.temperature!, '3', 0.5), { problem: 'temperature must be at most 2' });
    assert.deepEqual(fieldCommit(byName.temperature!, 'warm', 0.5), { problem: 'temperature must be a number' });
    assert.deepEqual(fieldCommit(byName.model!, '', 'gpt'), { problem: 'model is required' });
  });

  it('starts a new input.text with its name from the node id and llm.chat with the first provider', () => {
    assert.deepEqual(initialParams(view('input.text').paramsSchema, 'text1'), { name: 'text1' });
    const chat = initialParams(view('llm.chat').paramsSchema, 'chat1');
    assert.equal(chat.provider, 'openai');
    assert.equal(chat.model, '');
  });
});
