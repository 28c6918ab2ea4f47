// The Prompt flow examples kept as fixtures (test/fixtures/import/promptflow, MIT, from microsoft/promptflow)
// import into flows that validateFlow accepts, with each node mapped or kept as a note as expected.
import assert from 'node:assert/strict';
import { validateFlow, type Diagnostic, type Flow } from '../../../src/engine';
import { allMapped, type ImportResult } from '../../../src/engine/import/import-result';
import { importFixture } from './promptflow-fixtures';

function errors(flow: Flow): Diagnostic[] {
  return validateFlow(flow).filter((d) => d.severity === 'error');
}

function outcome(result: ImportResult, sourceId: string) {
  const found = result.nodes.find((n) => n.sourceId === sourceId);
  assert.ok(found, `no outcome for ${sourceId}`);
  return found;
}

function node(flow: Flow, id: string) {
  const found = flow.nodes.find((n) => n.id === id);
  assert.ok(found, `no node ${id} in ${flow.nodes.map((n) => n.id).join(', ')}`);
  return found;
}

function edgesInto(flow: Flow, id: string): string[] {
  return flow.edges.filter((e) => e.target === id).map((e) => `${e.source}.${e.sourceHandle} -> ${e.targetHandle}`);
}

describe('Prompt flow import: the example flows', () => {
  it('chat-basic becomes a chat input, a chat model fed the history, and a chat output, all mapped and valid', async () => {
    const result = await importFixture('chat-basic');
    assert.equal(result.from, 'promptflow');
    assert.ok(allMapped(result));
    assert.deepEqual(errors(result.flow), []);
    assert.deepEqual(validateFlow(result.flow), [], 'no warnings either');
    assert.equal(result.flow.name, 'chat-basic');

    assert.equal(node(result.flow, 'in_question').type, 'input.chat');
    const chat = node(result.flow, 'chat');
    assert.equal(chat.type, 'llm.chat');
    assert.deepEqual(chat.params, {
      provider: 'openai',
      model: 'gpt-3.5-turbo',
      apiKey: '{{secret:OPENAI_API_KEY}}',
      temperature: 0.7,
      maxTokens: 256,
      system: 'You are a helpful assistant.',
    });
    assert.deepEqual(edgesInto(result.flow, 'chat').sort(), ['in_question.history -> history', 'in_question.message -> prompt']);
    assert.equal(node(result.flow, 'out_answer').type, 'output.chat');
    assert.deepEqual(edgesInto(result.flow, 'out_answer'), ['chat.message -> message']);
    assert.deepEqual(result.secrets, ['OPENAI_API_KEY']);
    assert.ok(!result.flow.nodes.some((n) => n.id.includes('chat_history')), 'the history is no separate input');
  });

  it('basic-with-builtin-llm maps its prompt node to a template and its llm node to a chat model', async () => {
    const result = await importFixture('basic-with-builtin-llm');
    assert.ok(allMapped(result));
    assert.deepEqual(errors(result.flow), []);
    const prompt = node(result.flow, 'hello_prompt');
    assert.equal(prompt.type, 'text.template');
    assert.equal(
      prompt.params?.template,
      '# system:\nYou are a assistant which can write code. Response should only contain code.\n\n' +
        '# user:\nWrite a simple {{text}} program that displays the greeting message.',
    );
    assert.deepEqual(edgesInto(result.flow, 'hello_prompt'), ['in_text.text -> text']);
    const llm = node(result.flow, 'llm');
    assert.equal(llm.type, 'llm.chat');
    assert.equal(llm.params?.system, 'You are a assistant which can write code. Response should only contain code.');
    assert.equal(llm.params?.maxTokens, 120);
    // The llm node renders hello.jinja2 with only `prompt` set, so Prompt flow writes `text` as empty: so do we, and say so.
    assert.equal(node(result.flow, 'llm_prompt').params?.template, 'Write a simple  program that displays the greeting message.');
    assert.ok(result.warnings.some((w) => w.sourceId === 'llm' && /'text' is set by no input/.test(w.message)));
    assert.ok(result.warnings.some((w) => w.sourceId === 'llm' && /not used by the template: prompt/.test(w.message)));
    assert.deepEqual(edgesInto(result.flow, 'out_output'), ['llm.text -> text']);
  });

  it('basic keeps its Python tool as a sticky note with the source and the reason, and still validates', async () => {
    const result = await importFixture('basic');
    assert.ok(!allMapped(result));
    assert.deepEqual(errors(result.flow), []);
    const python = outcome(result, 'llm');
    assert.equal(python.outcome, 'note');
    assert.match(python.outcome === 'note' ? python.reason : '', /does not run Python/);
    const note = result.flow.notes?.find((n) => python.outcome === 'note' && n.id === python.noteId);
    assert.ok(note);
    assert.match(note.text, /```python\nimport os\n/);
    assert.match(note.text, /def my_python_tool\(/);
    assert.match(note.text, /- prompt: \$\{hello_prompt\.output\}/);
    assert.ok(result.warnings.some((w) => w.sourceId === 'llm' && /sticky note/.test(w.message)));
    // The output read the Python node: it stays unconnected, which validation reports as a warning.
    assert.deepEqual(edgesInto(result.flow, 'out_output'), []);
    assert.ok(validateFlow(result.flow).some((d) => d.code === 'unreachable-output'));
    assert.equal(outcome(result, 'hello_prompt').outcome, 'mapped');
  });

  it('web-classification takes the default variant, keeps loops and Python as notes, and says what they left unconnected', async () => {
    const result = await importFixture('web-classification');
    const summarize = node(result.flow, 'summarize_text_content');
    assert.equal(summarize.params?.maxTokens, 128, 'variant_0, the default, not variant_1 (256)');
    assert.ok(result.warnings.some((w) => w.sourceId === 'summarize_text_content' && /variant_1/.test(w.message)));
    const classify = outcome(result, 'classify_with_llm');
    assert.equal(classify.outcome, 'note');
    assert.match(classify.outcome === 'note' ? classify.reason : '', /\{% for %\}/);
    assert.deepEqual(
      result.nodes.filter((n) => n.outcome === 'note').map((n) => n.sourceId),
      ['fetch_text_content_from_url', 'prepare_examples', 'classify_with_llm', 'convert_to_dict'],
    );
    // The summary's template reads the Python fetcher: that input is left for the user to connect, and said so.
    assert.deepEqual(
      errors(result.flow).map((d) => d.message),
      ["node 'summarize_text_content_prompt' (text.template): required input 'text' is not connected"],
    );
    assert.ok(result.warnings.some((w) => /fetch_text_content_from_url\.output\}, which was not imported/.test(w.message)));
    assert.deepEqual(edgesInto(result.flow, 'out_category'), []);
    assert.ok(result.warnings.some((w) => /flow output 'category' read \$\{convert_to_dict\.output\.category\}/.test(w.message)));
  });

  it('lays every fixture out left to right: each node sits right of the nodes it reads', async () => {
    for (const name of ['chat-basic', 'basic-with-builtin-llm', 'basic', 'web-classification']) {
      const { flow } = await importFixture(name);
      const x = new Map(flow.nodes.map((n) => [n.id, n.position.x]));
      for (const edge of flow.edges) assert.ok(x.get(edge.source)! < x.get(edge.target)!, `${name}: ${edge.source} -> ${edge.target}`);
      const places = [...flow.nodes, ...(flow.notes ?? [])].map((n) => `${n.position.x},${n.position.y}`);
      assert.equal(new Set(places).size, places.length, `${name}: no two items share a place`);
    }
  });
});
