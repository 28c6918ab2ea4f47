// Each Langflow component family on a flow of two or three nodes: the component it becomes, its params,
// and where its edges land on our ports.
import assert from 'node:assert/strict';
import { allMapped, importLangflow, validateFlow, type FlowNode, type ImportResult } from '../../../src/engine';
import { lfEdge, lfExport, lfNode } from './langflow-builder';

function importNodes(nodes: unknown[], edges: unknown[] = []): ImportResult {
  return importLangflow(lfExport(nodes, edges), { fileName: 'test.json' });
}

function node(result: ImportResult, id: string): FlowNode {
  const found = result.flow.nodes.find((n) => n.id === id);
  assert.ok(found, `node ${id} in ${result.flow.nodes.map((n) => n.id).join(', ')}`);
  return found;
}

function edgeInto(result: ImportResult, target: string, port: string) {
  return result.flow.edges.find((e) => e.target === target && e.targetHandle === port);
}

function errorsOf(result: ImportResult): string[] {
  return validateFlow(result.flow)
    .filter((d) => d.severity === 'error')
    .map((d) => d.message);
}

const chatIn = lfNode({ id: 'ChatInput-a', type: 'ChatInput', outputs: ['message'] });
const chatOut = lfNode({ id: 'ChatOutput-z', type: 'ChatOutput', fields: { input_value: '' } });

describe('Langflow import: component mappings', () => {
  it('rewrites prompt variables to {{name}} ports, undoes {{ }} escapes and fills unconnected variables', () => {
    const prompt = lfNode({
      id: 'Prompt-p',
      type: 'Prompt',
      fields: { template: 'Answer {question} as JSON like {{"a": 1}} for {audience}.', question: '', audience: 'children' },
      outputs: ['prompt'],
    });
    const result = importNodes(
      [chatIn, prompt, chatOut],
      [lfEdge('ChatInput-a', 'message', 'Prompt-p', 'question'), lfEdge('Prompt-p', 'prompt', 'ChatOutput-z', 'input_value')],
    );
    assert.equal(node(result, 'Prompt-p').params?.template, 'Answer {{question}} as JSON like {"a": 1} for children.');
    assert.equal(edgeInto(result, 'Prompt-p', 'question')?.source, 'ChatInput-a');
    assert.equal(edgeInto(result, 'ChatOutput-z', 'message')?.source, 'Prompt-p');
    assert.deepEqual(errorsOf(result), []);
  });

  for (const [type, fields, expected] of [
    [
      'AnthropicModel',
      {
        model_name: 'claude-3-5-sonnet-latest',
        api_key: { value: 'ANTHROPIC_API_KEY', password: true, load_from_db: true },
        temperature: 0.3,
      },
      { provider: 'anthropic', model: 'claude-3-5-sonnet-latest', apiKey: '{{secret:ANTHROPIC_API_KEY}}', temperature: 0.3 },
    ],
    [
      'OllamaModel',
      { model_name: 'llama3.2', base_url: 'http://127.0.0.1:11434' },
      { provider: 'ollama', model: 'llama3.2', baseURL: 'http://127.0.0.1:11434' },
    ],
    [
      'GroqModel',
      { model_name: 'llama-3.1-8b-instant', api_key: { value: '', password: true } },
      {
        provider: 'openai-compatible',
        model: 'llama-3.1-8b-instant',
        baseURL: 'https://api.groq.com/openai/v1',
        apiKey: '{{secret:GROQ_API_KEY}}',
      },
    ],
    [
      'AzureOpenAIModel',
      { azure_deployment: 'gpt4o-prod', azure_endpoint: 'https://acme.openai.azure.com/', api_key: { value: '', password: true } },
      { provider: 'azure', model: 'gpt4o-prod', baseURL: 'https://acme.openai.azure.com/', apiKey: '{{secret:AZURE_API_KEY}}' },
    ],
    [
      'GoogleGenerativeAIModel',
      { model: 'gemini-1.5-pro', google_api_key: { value: '', password: true } },
      { provider: 'google', model: 'gemini-1.5-pro', apiKey: '{{secret:GOOGLE_GENERATIVE_AI_API_KEY}}' },
    ],
    [
      'LanguageModelComponent',
      {
        provider: 'OpenAI',
        model_name: 'gpt-4.1',
        system_message: 'Be brief.',
        api_key: { value: 'OPENAI_API_KEY', password: true, load_from_db: true },
      },
      { provider: 'openai', model: 'gpt-4.1', system: 'Be brief.', apiKey: '{{secret:OPENAI_API_KEY}}' },
    ],
  ] as const) {
    it(`maps ${type} to llm.chat with its provider settings`, () => {
      const model = lfNode({ id: `${type}-m`, type, fields: { input_value: '', ...fields }, outputs: ['text_output', 'model_output'] });
      const result = importNodes(
        [chatIn, model, chatOut],
        [lfEdge('ChatInput-a', 'message', `${type}-m`, 'input_value'), lfEdge(`${type}-m`, 'text_output', 'ChatOutput-z', 'input_value')],
      );
      assert.equal(node(result, `${type}-m`).type, 'llm.chat');
      assert.deepEqual(node(result, `${type}-m`).params, expected);
      assert.equal(edgeInto(result, `${type}-m`, 'prompt')?.source, 'ChatInput-a');
      assert.deepEqual(errorsOf(result), []);
    });
  }

  it('keeps a model whose provider has no equivalent as a note', () => {
    const model = lfNode({
      id: 'LanguageModelComponent-b',
      type: 'LanguageModelComponent',
      fields: { provider: 'IBM watsonx.ai', model_name: 'granite' },
    });
    const result = importNodes([model]);
    const outcome = result.nodes[0]!;
    assert.equal(outcome.outcome, 'note');
    assert.match(outcome.outcome === 'note' ? outcome.reason : '', /watsonx/);
  });

  it('maps an Agent with MCP tools to agent + mcp.tools, the model connected as settings', () => {
    const model = lfNode({
      id: 'LanguageModelComponent-m',
      type: 'LanguageModelComponent',
      fields: { provider: 'Anthropic', model_name: 'claude-sonnet-4' },
      outputs: ['text_output', 'model_output'],
    });
    const mcp = lfNode({
      id: 'MCPTools-t',
      type: 'MCPTools',
      fields: { mcp_server: { name: 'everything', config: {} }, tool: '' },
      outputs: ['component_as_tool'],
    });
    const agent = lfNode({
      id: 'Agent-g',
      type: 'Agent',
      fields: { agent_llm: 'Custom', system_prompt: 'You help.', max_iterations: 8, input_value: '' },
      outputs: ['response'],
    });
    const result = importNodes(
      [chatIn, model, mcp, agent, chatOut],
      [
        lfEdge('ChatInput-a', 'message', 'Agent-g', 'input_value'),
        lfEdge('LanguageModelComponent-m', 'model_output', 'Agent-g', 'agent_llm'),
        lfEdge('MCPTools-t', 'component_as_tool', 'Agent-g', 'tools'),
        lfEdge('Agent-g', 'response', 'ChatOutput-z', 'input_value'),
      ],
    );
    assert.equal(allMapped(result), true);
    assert.deepEqual(node(result, 'Agent-g').params, {
      provider: 'anthropic',
      model: 'claude-sonnet-4',
      apiKey: '{{secret:ANTHROPIC_API_KEY}}',
      instructions: 'You help.',
      maxSteps: 8,
    });
    assert.deepEqual(node(result, 'MCPTools-t'), { ...node(result, 'MCPTools-t'), type: 'mcp.tools', params: { server: 'everything' } });
    assert.equal(edgeInto(result, 'Agent-g', 'tools')?.source, 'MCPTools-t');
    assert.deepEqual(edgeInto(result, 'Agent-g', 'history'), {
      ...edgeInto(result, 'Agent-g', 'history'),
      source: 'ChatInput-a',
      sourceHandle: 'history',
    });
    // Without an MCP configuration here, the one error is that the server is not known.
    assert.deepEqual(
      errorsOf(result).filter((m) => !/MCP servers are not available/.test(m)),
      [],
    );
    assert.equal(
      result.flow.nodes.some((n) => n.id === 'LanguageModelComponent-m'),
      false,
      'the model became the agent settings',
    );
  });

  it('maps a vector store with its embedding model to rag.embed -> rag.store and rag.embed -> rag.retrieve', () => {
    const file = lfNode({ id: 'File-f', type: 'File', fields: { path: '' }, outputs: ['message'] });
    const split = lfNode({
      id: 'SplitText-s',
      type: 'SplitText',
      fields: { chunk_size: 500, chunk_overlap: 50, data_inputs: '' },
      outputs: ['dataframe'],
    });
    const embeddings = lfNode({
      id: 'OpenAIEmbeddings-e',
      type: 'OpenAIEmbeddings',
      fields: { model: 'text-embedding-3-small', openai_api_key: { value: 'OPENAI_API_KEY', password: true, load_from_db: true } },
      outputs: ['embeddings'],
    });
    const store = lfNode({
      id: 'Chroma-c',
      type: 'Chroma',
      fields: { collection_name: 'my docs', ingest_data: '', search_query: '', embedding: '', number_of_results: 3 },
      outputs: ['search_results'],
    });
    const prompt = lfNode({ id: 'Prompt-p', type: 'Prompt', fields: { template: 'Context: {context}' }, outputs: ['prompt'] });
    const result = importNodes(
      [file, split, embeddings, store, chatIn, prompt],
      [
        lfEdge('File-f', 'message', 'SplitText-s', 'data_inputs'),
        lfEdge('SplitText-s', 'dataframe', 'Chroma-c', 'ingest_data'),
        lfEdge('OpenAIEmbeddings-e', 'embeddings', 'Chroma-c', 'embedding'),
        lfEdge('ChatInput-a', 'message', 'Chroma-c', 'search_query'),
        lfEdge('Chroma-c', 'search_results', 'Prompt-p', 'context'),
      ],
    );
    assert.equal(allMapped(result), true);
    assert.deepEqual(node(result, 'SplitText-s').params, { size: 500, overlap: 50 });
    assert.deepEqual(node(result, 'Chroma-c-store').params, { store: 'my_docs' });
    assert.deepEqual(node(result, 'Chroma-c-retrieve').params, { store: 'my_docs', topK: 3 });
    assert.deepEqual(node(result, 'Chroma-c-embed-query').params, {
      provider: 'openai',
      model: 'text-embedding-3-small',
      apiKey: '{{secret:OPENAI_API_KEY}}',
    });
    assert.equal(edgeInto(result, 'Chroma-c-embed-documents', 'documents')?.source, 'SplitText-s');
    assert.equal(edgeInto(result, 'Chroma-c-embed-query', 'text')?.source, 'ChatInput-a');
    assert.equal(edgeInto(result, 'Prompt-p', 'context')?.source, 'Chroma-c-retrieve');
    assert.equal(edgeInto(result, 'SplitText-s', 'text')?.source, 'File-f');
    assert.deepEqual(errorsOf(result), []);
  });

  it('maps If-Else "not equals" to logic.if with its outputs swapped', () => {
    const router = lfNode({
      id: 'ConditionalRouter-r',
      type: 'ConditionalRouter',
      fields: { input_text: '', match_text: 'yes', operator: 'not equals', case_sensitive: true },
      outputs: ['true_result', 'false_result'],
    });
    const yes = lfNode({ id: 'ChatOutput-y', type: 'ChatOutput', fields: { input_value: '' } });
    const result = importNodes(
      [chatIn, router, yes],
      [
        lfEdge('ChatInput-a', 'message', 'ConditionalRouter-r', 'input_text'),
        lfEdge('ConditionalRouter-r', 'true_result', 'ChatOutput-y', 'input_value'),
      ],
    );
    assert.deepEqual(node(result, 'ConditionalRouter-r').params, { operator: 'equals', value: 'yes' });
    assert.equal(edgeInto(result, 'ChatOutput-y', 'message')?.sourceHandle, 'false');
    assert.deepEqual(errorsOf(result), []);
  });

  it('maps If-Else "starts with" without case to a case-insensitive anchored regex', () => {
    const router = lfNode({
      id: 'ConditionalRouter-r',
      type: 'ConditionalRouter',
      fields: { match_text: 'a.b', operator: 'starts with', case_sensitive: false },
    });
    assert.deepEqual(node(importNodes([router]), 'ConditionalRouter-r').params, { operator: 'matches', value: '(?i)^a\\.b' });
  });

  it('maps API Request to http.request with its header key as a secret reference', () => {
    const api = lfNode({
      id: 'APIRequest-h',
      type: 'APIRequest',
      fields: {
        url_input: 'https://api.example.com/items',
        method: 'POST',
        headers: [
          { key: 'Authorization', value: 'Bearer tok-123456' },
          { key: 'Accept', value: 'application/json' },
        ],
        body: [{ key: 'q', value: 'x' }],
        timeout: 5,
      },
      outputs: ['data'],
    });
    const result = importNodes([api]);
    assert.deepEqual(node(result, 'APIRequest-h').params, {
      method: 'POST',
      url: 'https://api.example.com/items',
      headers: { Authorization: '{{secret:APIREQUEST_AUTHORIZATION}}', Accept: 'application/json' },
      body: '{"q":"x"}',
      timeoutMs: 5000,
    });
    assert.doesNotMatch(JSON.stringify(result), /tok-123456/);
  });

  it('maps Structured Output to llm.structured with a JSON Schema from its table', () => {
    const model = lfNode({
      id: 'OpenAIModel-m',
      type: 'OpenAIModel',
      fields: { model_name: 'gpt-4o', api_key: { value: 'OPENAI_API_KEY', password: true, load_from_db: true } },
      outputs: ['text_output', 'model_output'],
    });
    const structured = lfNode({
      id: 'StructuredOutput-s',
      type: 'StructuredOutput',
      fields: {
        input_value: '',
        llm: '',
        output_schema: [
          { name: 'total', type: 'float', description: 'Sum', multiple: 'False' },
          { name: 'tags', type: 'str', multiple: 'True' },
        ],
      },
      outputs: ['structured_output'],
    });
    const result = importNodes(
      [chatIn, model, structured],
      [
        lfEdge('OpenAIModel-m', 'model_output', 'StructuredOutput-s', 'llm'),
        lfEdge('ChatInput-a', 'message', 'StructuredOutput-s', 'input_value'),
      ],
    );
    assert.deepEqual(node(result, 'StructuredOutput-s').params?.schema, {
      type: 'object',
      properties: { total: { type: 'number', description: 'Sum' }, tags: { type: 'array', items: { type: 'string' } } },
      required: ['total', 'tags'],
      additionalProperties: false,
    });
    assert.equal(node(result, 'StructuredOutput-s').type, 'llm.structured');
    assert.deepEqual(errorsOf(result), []);
  });

  it('turns a chat output fed with JSON into output.json, since JSON cannot pose as a chat message', () => {
    const model = lfNode({
      id: 'OpenAIModel-m',
      type: 'OpenAIModel',
      fields: { model_name: 'gpt-4o', api_key: { value: 'OPENAI_API_KEY', password: true, load_from_db: true } },
    });
    const structured = lfNode({
      id: 'StructuredOutput-s',
      type: 'StructuredOutput',
      fields: { output_schema: [{ name: 'a', type: 'str' }] },
      outputs: ['structured_output'],
    });
    const result = importNodes(
      [chatIn, model, structured, chatOut],
      [
        lfEdge('OpenAIModel-m', 'model_output', 'StructuredOutput-s', 'llm'),
        lfEdge('ChatInput-a', 'message', 'StructuredOutput-s', 'input_value'),
        lfEdge('StructuredOutput-s', 'structured_output', 'ChatOutput-z', 'input_value'),
      ],
    );
    assert.equal(node(result, 'ChatOutput-z').type, 'output.json');
    assert.equal(edgeInto(result, 'ChatOutput-z', 'value')?.source, 'StructuredOutput-s');
    assert.deepEqual(errorsOf(result), []);
  });

  it('keeps a Loop as a note that points to flow.map', () => {
    const result = importNodes([lfNode({ id: 'LoopComponent-l', type: 'LoopComponent', fields: { data: '' } })]);
    const outcome = result.nodes[0]!;
    assert.equal(outcome.outcome, 'note');
    assert.match(outcome.outcome === 'note' ? outcome.reason : '', /flow\.map/);
  });

  it('keeps a tool-mode component feeding an agent as a note and leaves out its edge with a warning', () => {
    const agent = lfNode({
      id: 'Agent-g',
      type: 'Agent',
      fields: { agent_llm: 'OpenAI', model_name: 'gpt-4o', api_key: { value: '', password: true }, input_value: '' },
    });
    const calculator = lfNode({
      id: 'CalculatorComponent-c',
      type: 'CalculatorComponent',
      fields: { expression: '' },
      outputs: ['component_as_tool'],
    });
    const result = importNodes(
      [chatIn, agent, calculator],
      [
        lfEdge('ChatInput-a', 'message', 'Agent-g', 'input_value'),
        lfEdge('CalculatorComponent-c', 'component_as_tool', 'Agent-g', 'tools'),
      ],
    );
    const outcome = result.nodes.find((n) => n.sourceId === 'CalculatorComponent-c')!;
    assert.equal(outcome.outcome, 'note');
    assert.match(outcome.outcome === 'note' ? outcome.reason : '', /Tool Mode/);
    assert.ok(result.warnings.some((w) => /Calculator.*left out/.test(w.message)));
    assert.equal(
      result.flow.notes?.some((n) => outcome.outcome === 'note' && n.id === outcome.noteId && n.position.x === 100),
      true,
    );
    assert.deepEqual(errorsOf(result), []);
  });

  it('keeps a custom component as a note with its source and a warning', () => {
    const custom = lfNode({
      id: 'CustomComponent-k',
      type: 'CustomComponent',
      code: 'class Mine(Component):\n    def build(self):\n        return 42\n',
    });
    const result = importNodes([custom]);
    assert.equal(result.nodes[0]!.outcome, 'note');
    assert.match(result.flow.notes![0]!.text, /```python\nclass Mine\(Component\):[\s\S]*return 42/);
    assert.equal(result.warnings.length, 1);
  });
});
