// How each kind of Prompt flow node, input and output maps to our components, and what is kept as a note.
import assert from 'node:assert/strict';
import { validateFlow, type Flow } from '../../../src/engine';
import { ImportError, type ImportResult } from '../../../src/engine/import/import-result';
import { importDag } from './promptflow-fixtures';

function node(flow: Flow, id: string) {
  const found = flow.nodes.find((n) => n.id === id);
  assert.ok(found, `no node ${id} in ${flow.nodes.map((n) => n.id).join(', ')}`);
  return found;
}

function edges(flow: Flow): string[] {
  return flow.edges.map((e) => `${e.source}.${e.sourceHandle} -> ${e.target}.${e.targetHandle}`).sort();
}

function reasonOf(result: ImportResult, sourceId: string): string {
  const found = result.nodes.find((n) => n.sourceId === sourceId);
  assert.ok(found?.outcome === 'note', `${sourceId} should be a note, got ${JSON.stringify(found)}`);
  return found.reason;
}

function errorsOf(flow: Flow): string[] {
  return validateFlow(flow)
    .filter((d) => d.severity === 'error')
    .map((d) => d.message);
}

const llmNode = (extra = '', inputs = '    question: ${inputs.question}') => `
inputs:
  question: {type: string}
outputs:
  answer: {type: string, reference: "\${ask.output}"}
nodes:
- name: ask
  type: llm
  source: {type: code, path: ask.jinja2}
  api: chat
${extra}
  inputs:
    deployment_name: gpt-4o-deploy
    model: gpt-4o
${inputs}
`;

describe('Prompt flow import: mapping', () => {
  it('maps flow inputs by type: string to text, int and double to number, list, object and bool to JSON', async () => {
    const result = await importDag(`
inputs:
  topic: {type: string, default: cats, description: What to write about}
  count: {type: int, default: 3}
  ratio: {type: double}
  tags: {type: list, default: [a, b]}
  options: {type: object, default: {x: 1}}
  strict: {type: bool, default: true}
outputs: {}
nodes: []
`);
    const byName = Object.fromEntries(result.flow.nodes.map((n) => [n.params?.name, [n.type, n.params?.default]]));
    assert.deepEqual(byName, {
      topic: ['input.text', 'cats'],
      count: ['input.number', 3],
      ratio: ['input.number', undefined],
      tags: ['input.json', ['a', 'b']],
      options: ['input.json', { x: 1 }],
      strict: ['input.json', true],
    });
    assert.equal(node(result.flow, 'in_topic').params?.description, 'What to write about');
    assert.deepEqual(errorsOf(result.flow), []);
  });

  it('maps a prompt node to text.template: Jinja variables become placeholders fed by edges, literal inputs are written in', async () => {
    const result = await importDag(
      `
inputs:
  name: {type: string}
outputs:
  greeting: {type: string, reference: "\${greet.output}"}
nodes:
- name: greet
  type: prompt
  source: {type: code, path: greet.jinja2}
  inputs:
    name: \${inputs.name}
    tone: warm
`,
      { 'greet.jinja2': '{# a comment #}Hello {{ name }}, in a {{tone}} voice: {{- name | safe }}!' },
    );
    assert.equal(node(result.flow, 'greet').type, 'text.template');
    assert.equal(node(result.flow, 'greet').params?.template, 'Hello {{name}}, in a warm voice:{{name}}!');
    assert.deepEqual(edges(result.flow), ['greet.text -> out_greeting.text', 'in_name.text -> greet.name']);
    assert.deepEqual(errorsOf(result.flow), []);
  });

  it('maps an llm node: provider from the provider field, the deployment as Azure model, the system block as a param', async () => {
    const result = await importDag(llmNode('  provider: AzureOpenAI\n  connection: my_connection'), {
      'ask.jinja2': 'system:\nBe brief.\n\nuser:\n{{question}}\n',
    });
    assert.deepEqual(node(result.flow, 'ask').params, {
      provider: 'azure',
      model: 'gpt-4o-deploy',
      apiKey: '{{secret:AZURE_API_KEY}}',
      baseURL: '{{env:AZURE_OPENAI_ENDPOINT}}',
      system: 'Be brief.',
    });
    assert.deepEqual(edges(result.flow), ['ask.text -> out_answer.text', 'in_question.text -> ask.prompt']);
    assert.deepEqual(result.secrets, ['AZURE_API_KEY']);
    assert.ok(result.warnings.some((w) => /AZURE_OPENAI_ENDPOINT/.test(w.message)));
    assert.deepEqual(errorsOf(result.flow), []);
  });

  it('takes the provider from the module or the connection name, and a serverless connection as an OpenAI-compatible endpoint', async () => {
    const files = { 'ask.jinja2': '{{question}}' };
    const paramsFor = async (extra: string) => node((await importDag(llmNode(extra), files)).flow, 'ask').params;
    assert.equal((await paramsFor('  module: promptflow.tools.aoai'))?.provider, 'azure');
    assert.equal((await paramsFor('  connection: azure_open_ai_connection'))?.provider, 'azure');
    const openai = await paramsFor('  connection: open_ai_connection');
    assert.deepEqual([openai?.provider, openai?.model, openai?.apiKey], ['openai', 'gpt-4o', '{{secret:OPENAI_API_KEY}}']);
    const serverless = await paramsFor('  connection: my_serverless_llama');
    assert.deepEqual(
      [serverless?.provider, serverless?.apiKey, serverless?.baseURL],
      ['openai-compatible', '{{secret:MY_SERVERLESS_LLAMA_API_KEY}}', '{{env:MY_SERVERLESS_LLAMA_ENDPOINT}}'],
    );
  });

  it('carries temperature and max_tokens (numbers or numeric strings) and names the settings it drops', async () => {
    const result = await importDag(
      llmNode(
        '  connection: open_ai_connection',
        '    question: ${inputs.question}\n    temperature: "0.3"\n    max_tokens: 64\n    top_p: 0.9\n    stop: ["END"]',
      ),
      {
        'ask.jinja2': '{{question}}',
      },
    );
    const params = node(result.flow, 'ask').params;
    assert.equal(params?.temperature, 0.3);
    assert.equal(params?.maxTokens, 64);
    assert.ok(result.warnings.some((w) => w.sourceId === 'ask' && w.message === 'model settings not carried over: top_p, stop'));
  });

  it('sends a template that has only a system: message as the prompt, and says so', async () => {
    const result = await importDag(llmNode('  connection: open_ai_connection'), {
      'ask.jinja2': 'system:\nRate this answer: {{question}}',
    });
    assert.equal(node(result.flow, 'ask_prompt').params?.template, 'Rate this answer: {{question}}');
    assert.equal(node(result.flow, 'ask').params?.system, undefined);
    assert.ok(result.warnings.some((w) => w.sourceId === 'ask' && /only a system: message; it is sent as the prompt/.test(w.message)));
    assert.deepEqual(errorsOf(result.flow), []);
  });

  it('feeds a system block with variables through its own template into the system port', async () => {
    const result = await importDag(
      llmNode('  connection: open_ai_connection', '    question: ${inputs.question}\n    persona: ${inputs.question}'),
      {
        'ask.jinja2': '# system:\nYou are {{persona}}.\n# user:\nAnswer: {{question}}',
      },
    );
    assert.equal(node(result.flow, 'ask_system').params?.template, 'You are {{persona}}.');
    assert.equal(node(result.flow, 'ask_prompt').params?.template, 'Answer: {{question}}');
    assert.equal(node(result.flow, 'ask').params?.system, undefined);
    assert.deepEqual(edges(result.flow), [
      'ask.text -> out_answer.text',
      'ask_prompt.text -> ask.prompt',
      'ask_system.text -> ask.system',
      'in_question.text -> ask_prompt.question',
      'in_question.text -> ask_system.persona',
    ]);
    assert.deepEqual(errorsOf(result.flow), []);
  });

  it('keeps an llm node as a note when its template holds fixed assistant turns, a filter, or a conditional', async () => {
    const cases: [string, RegExp][] = [
      ['system:\nClassify.\nuser:\nhi\nassistant:\ngreeting\nuser:\n{{question}}', /fixed assistant: turns/],
      ['user:\n{{ question | upper }}', /\{\{ question \| upper \}\}/],
      ['user:\n{% if question %}{{question}}{% endif %}', /\{% if %\}/],
      ['user:\n{{ question.text }}', /\{\{ question\.text \}\}/],
    ];
    for (const [template, reason] of cases) {
      const result = await importDag(llmNode('  connection: open_ai_connection'), { 'ask.jinja2': template });
      assert.match(reasonOf(result, 'ask'), reason);
      const note = result.flow.notes?.[0]?.text ?? '';
      assert.ok(note.includes(template), 'the note keeps the template text');
      assert.ok(!result.flow.nodes.some((n) => n.type === 'llm.chat'));
      assert.ok(result.warnings.some((w) => w.sourceId === 'ask' && /sticky note/.test(w.message)));
    }
  });

  it('reads a field of a node output (${node.output.field}) through json.parse and json.get', async () => {
    const result = await importDag(llmNode('  connection: open_ai_connection').replace('${ask.output}', '${ask.output.category}'), {
      'ask.jinja2': '{{question}}',
    });
    assert.deepEqual(node(result.flow, 'ask_category').params, { path: 'category' });
    assert.deepEqual(edges(result.flow), [
      'ask.text -> ask_json.text',
      'ask_category.value -> out_answer.text',
      'ask_json.value -> ask_category.value',
      'in_question.text -> ask.prompt',
    ]);
    assert.deepEqual(errorsOf(result.flow), []);
  });

  it("turns `activate` into logic.if when every input of the node is the condition's value", async () => {
    const result = await importDag(
      `
inputs:
  mood: {type: string}
outputs:
  reply: {type: string, reference: "\${cheer.output}"}
nodes:
- name: cheer
  type: prompt
  source: {type: code, path: cheer.jinja2}
  inputs: {mood: "\${inputs.mood}"}
  activate: {when: "\${inputs.mood}", is: sad}
`,
      { 'cheer.jinja2': 'Cheer up, you seem {{mood}}.' },
    );
    assert.deepEqual(node(result.flow, 'cheer_if').params, { operator: 'equals', value: 'sad' });
    assert.deepEqual(edges(result.flow), ['cheer.text -> out_reply.text', 'cheer_if.true -> cheer.mood', 'in_mood.text -> cheer_if.value']);
    assert.deepEqual(errorsOf(result.flow), []);
  });

  it('warns, and runs the node always, when `activate` cannot be expressed by a branch', async () => {
    const result = await importDag(
      `
inputs:
  mood: {type: string}
  name: {type: string}
outputs: {}
nodes:
- name: cheer
  type: prompt
  source: {type: code, path: cheer.jinja2}
  inputs: {name: "\${inputs.name}"}
  activate: {when: "\${inputs.mood}", is: sad}
`,
      { 'cheer.jinja2': 'Cheer up, {{name}}.' },
    );
    assert.ok(!result.flow.nodes.some((n) => n.type === 'logic.if'));
    assert.ok(
      result.warnings.some(
        (w) => w.sourceId === 'cheer' && /activate \(when \$\{inputs\.mood\} is "sad"\) was not carried over/.test(w.message),
      ),
    );
  });

  it('keeps package tools, aggregation nodes and unknown node types as notes with their reasons', async () => {
    const result = await importDag(`
inputs: {}
outputs: {}
nodes:
- name: embed
  type: python
  source: {type: package, tool: promptflow.tools.embedding.embedding}
  inputs: {input: hello}
- name: total
  type: python
  aggregation: true
  source: {type: code, path: total.py}
- name: vision
  type: custom_llm
  source: {type: package_with_prompt, path: v.jinja2, tool: promptflow.tools.aoai_gpt4v.AzureOpenAI.chat}
`);
    assert.match(reasonOf(result, 'embed'), /package tool promptflow\.tools\.embedding\.embedding/);
    assert.match(reasonOf(result, 'total'), /aggregation/);
    assert.match(reasonOf(result, 'vision'), /promptflow\.tools\.aoai_gpt4v/);
    assert.equal(result.flow.notes?.length, 3);
    assert.deepEqual(errorsOf(result.flow), []);
  });

  it('refuses a DAG with a cycle, naming the nodes and the line', async () => {
    await assert.rejects(
      importDag(`
inputs: {}
outputs: {}
nodes:
- name: a
  type: prompt
  source: {type: code, path: a.jinja2}
  inputs: {x: "\${b.output}"}
- name: b
  type: prompt
  source: {type: code, path: b.jinja2}
  inputs: {x: "\${a.output}"}
`),
      (error: unknown) =>
        error instanceof ImportError && /project\/flow\.dag\.yaml:5: not a DAG: nodes 'a', 'b' depend on each other/.test(error.message),
    );
  });

  it('refuses references to nodes or inputs the DAG does not have, and YAML that does not parse, with the line', async () => {
    await assert.rejects(
      importDag('inputs: {}\noutputs:\n  x: {type: string, reference: "${ghost.output}"}\nnodes: []\n'),
      /flow\.dag\.yaml:3: flow output 'x' reads node 'ghost', which the DAG does not have/,
    );
    await assert.rejects(
      importDag('inputs: {}\noutputs: {}\nnodes:\n- name: a\n  type: prompt\n  inputs: {x: "${inputs.nope}"}\n'),
      /flow\.dag\.yaml:6: node 'a' input 'x' reads flow input 'nope', which the DAG does not declare/,
    );
    await assert.rejects(importDag('inputs: {}\nnodes:\n  - name: [unclosed\n'), /flow\.dag\.yaml:\d+:\d+: not valid YAML/);
    await assert.rejects(importDag('nodes: 3\n'), /flow\.dag\.yaml:1: not a Prompt flow DAG: nodes/);
    await assert.rejects(importDag('- just\n- a list\n'), /not a Prompt flow DAG: expected a mapping/);
  });
});
