// What the Langflow importer refuses (with where and what, in bounded time) and what it never lets through:
// a key value pasted into an export reaches no param, note, warning or message.
import assert from 'node:assert/strict';
import { detectImportSource, importLangflow, ImportError, serializeFlow, validateFlow } from '../../../src/engine';
import { lfEdge, lfExport, lfNode, lfNote } from './langflow-builder';

const KEY = 'sk-proj-LIVEKEY0123456789abcdefABCDEF';

function importText(text: string) {
  return importLangflow(text, { fileName: 'export.json' });
}

function refusal(text: string): ImportError {
  try {
    importText(text);
  } catch (error) {
    assert.ok(error instanceof ImportError, `an ImportError, not ${String(error)}`);
    return error;
  }
  assert.fail('the import was not refused');
}

describe('Langflow import: secrets', () => {
  it('replaces a literal API key with a secret reference and never writes its value anywhere', () => {
    const chat = lfNode({ id: 'ChatInput-a', type: 'ChatInput', outputs: ['message'] });
    const model = lfNode({
      id: 'LanguageModelComponent-m',
      type: 'LanguageModelComponent',
      // The key pasted as a value (not a Langflow variable), and again where a careless user put it.
      fields: { provider: 'OpenAI', model_name: 'gpt-4o-mini', api_key: { value: KEY, password: true }, system_message: `key is ${KEY}` },
      outputs: ['text_output'],
    });
    const prompt = lfNode({ id: 'Prompt-p', type: 'Prompt', fields: { template: `Use ${KEY} for {q}` } });
    const note = lfNote('note-n', `My key: ${KEY}`);
    const result = importText(
      lfExport([chat, model, prompt, note], [lfEdge('ChatInput-a', 'message', 'LanguageModelComponent-m', 'input_value')]),
    );
    assert.equal(result.flow.nodes.find((n) => n.id === 'LanguageModelComponent-m')?.params?.apiKey, '{{secret:OPENAI_API_KEY}}');
    assert.deepEqual(result.secrets, ['OPENAI_API_KEY']);
    assert.ok(
      result.warnings.some((w) => /OPENAI_API_KEY/.test(w.message)),
      'a warning says which secret to set',
    );
    const everything = JSON.stringify(result) + serializeFlow(result.flow);
    assert.equal(everything.includes(KEY), false, 'the key value reached the import result');
    assert.equal(everything.includes(KEY.slice(0, 20)), false);
  });

  it('keeps the name of a Langflow global variable as the secret name', () => {
    const model = lfNode({
      id: 'OpenAIModel-m',
      type: 'OpenAIModel',
      fields: { model_name: 'gpt-4o', api_key: { value: 'MY_TEAM_OPENAI', password: true, load_from_db: true } },
    });
    const result = importText(lfExport([model]));
    assert.equal(result.flow.nodes[0]?.params?.apiKey, '{{secret:MY_TEAM_OPENAI}}');
    assert.deepEqual(result.secrets, ['MY_TEAM_OPENAI']);
  });

  it('keeps a key out of a custom component note too', () => {
    const custom = lfNode({
      id: 'CustomComponent-k',
      type: 'CustomComponent',
      fields: { token: { value: KEY, password: true } },
      code: `API_KEY = "${KEY}"\nclass C(Component): pass\n`,
    });
    const result = importText(lfExport([custom]));
    assert.equal(JSON.stringify(result).includes(KEY), false);
    assert.match(result.flow.notes![0]!.text, /API_KEY = "\[key removed\]"/);
  });
});

describe('Langflow import: bad input', () => {
  it('refuses text that is not JSON, saying where', () => {
    const error = refusal('{"data": {"nodes": [}');
    assert.match(error.message, /^export\.json: not JSON: .* at line 1, column \d+/);
  });

  it('refuses JSON that is not a Langflow export', () => {
    assert.match(refusal('{"version": 1, "nodes": 3}').message, /export\.json: not a Langflow export: no "data\.nodes"/);
    assert.match(refusal('[1, 2]').message, /the top level is not a JSON object/);
  });

  it('refuses a node without an id, naming the node', () => {
    assert.match(
      refusal(JSON.stringify({ data: { nodes: [{ data: {} }], edges: [] } })).message,
      /export\.json: data\.nodes\[0\]: a node has no "id"/,
    );
  });

  it('refuses a bundle of several flows', () => {
    const flow = JSON.parse(lfExport([])) as unknown;
    assert.match(refusal(JSON.stringify({ flows: [flow, flow] })).message, /bundles 2 flows/);
  });

  it('refuses deeply nested JSON at once, before parsing it', () => {
    const deep = `{"data": {"nodes": [${'['.repeat(200_000)}${']'.repeat(200_000)}]}}`;
    const started = performance.now();
    assert.match(refusal(deep).message, /nested deeper than 100 levels at line 1, column \d+/);
    assert.ok(performance.now() - started < 2000);
  });

  it('refuses a huge file at once', () => {
    const huge = `{"data": {"nodes": [], "pad": "${'x'.repeat(21 * 1024 * 1024)}"}}`;
    const started = performance.now();
    assert.match(refusal(huge).message, /exports over 20 MiB are not imported/);
    assert.ok(performance.now() - started < 2000);
  });

  it('leaves out an edge to a node the export does not have, with a warning', () => {
    const chat = lfNode({ id: 'ChatInput-a', type: 'ChatInput' });
    const result = importText(lfExport([chat], [lfEdge('ChatInput-a', 'message', 'Ghost-1', 'input_value')]));
    assert.equal(result.flow.edges.length, 0);
    assert.match(result.warnings[0]?.message ?? '', /Ghost-1.*does not have/);
    assert.deepEqual(
      validateFlow(result.flow).filter((d) => d.severity === 'error'),
      [],
    );
  });
});

describe('importFlow format detection', () => {
  it('takes JSON with data.nodes for Langflow and YAML with nodes/inputs/outputs for Prompt flow', () => {
    assert.equal(detectImportSource(lfExport([]), 'a.json'), 'langflow');
    assert.equal(detectImportSource('inputs:\n  question:\n    type: string\nnodes: []\n', 'flow.dag.yaml'), 'promptflow');
  });

  it('refuses huge or deeply nested text before parsing it', () => {
    const started = performance.now();
    assert.throws(() => detectImportSource(`[${'x'.repeat(21 * 1024 * 1024)}]`, 'big.json'), /big\.json: the file is larger than 20 MiB/);
    assert.throws(
      () => detectImportSource(`${'['.repeat(500_000)}${']'.repeat(500_000)}`, 'deep.json'),
      /deep\.json: nested deeper than 100 levels/,
    );
    assert.ok(performance.now() - started < 2000);
  });

  it('says what it is when it is neither', () => {
    assert.throws(() => detectImportSource('{"hello": 1}', 'a.json'), /a\.json: not a Langflow export .* nor a Prompt flow DAG/);
    assert.throws(() => detectImportSource('just: text\n', 'a.yaml'), /a\.yaml: not a Langflow export nor a Prompt flow/);
    assert.throws(() => detectImportSource('{"a": [}', 'a.json'), /a\.json: not JSON/);
  });
});
