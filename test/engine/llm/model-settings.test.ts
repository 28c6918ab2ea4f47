// What validateFlow says about model settings before a run, and the host-supplied provider.
import { strict as assert } from 'node:assert';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { runFlow, validateFlow, type ModelProvider } from '../../../src/engine';
import { buildFlow, collect, eventsOf } from '../../helpers/flow-builder';
import { WireServer } from './helpers/wire-server';

const chat = (params: Record<string, unknown>) =>
  buildFlow({ q: ['input.text', { name: 'q' }], model: ['llm.chat', params], a: ['output.text', { name: 'a' }] }, [
    'q.text -> model.prompt',
    'model.text -> a.text',
  ]);

describe('llm.chat settings', () => {
  it('reports a missing API key before the run, naming the setting to add', () => {
    const diagnostics = validateFlow(chat({ provider: 'openai', model: 'gpt-4o-mini' }));
    assert.equal(diagnostics.length, 1);
    assert.equal(diagnostics[0]!.code, 'missing-secret');
    assert.deepEqual(diagnostics[0]!.path, ['nodes', 1, 'params', 'apiKey']);
    assert.match(diagnostics[0]!.message, /provider 'openai' needs an API key: set params\.apiKey to \{\{secret:OPENAI_API_KEY\}\}/);
  });

  it('refuses a literal key in the flow file', () => {
    const diagnostics = validateFlow(chat({ provider: 'anthropic', model: 'claude', apiKey: 'sk-ant-123' }));
    assert.equal(diagnostics.length, 1);
    assert.match(diagnostics[0]!.message, /literal key; keys must not be stored in flow files: use \{\{secret:ANTHROPIC_API_KEY\}\}/);
    assert.ok(!diagnostics[0]!.message.includes('sk-ant-123'));
  });

  it('reports an unset secret or environment variable, by name, when told what is set', () => {
    const flow = chat({ provider: 'openai', model: 'gpt-4o-mini', apiKey: '{{env:MY_OPENAI_KEY}}' });
    const unset = validateFlow(flow, undefined, { references: { isSet: () => false } });
    assert.equal(unset.length, 1);
    assert.equal(unset[0]!.severity, 'error');
    assert.match(
      unset[0]!.message,
      /node 'model' \(llm\.chat\): params\.apiKey uses \{\{env:MY_OPENAI_KEY\}\}, but the environment variable MY_OPENAI_KEY is not set/,
    );
    const set = validateFlow(flow, undefined, { references: { isSet: (kind, name) => kind === 'env' && name === 'MY_OPENAI_KEY' } });
    assert.deepEqual(set, []);
  });

  it('needs a baseURL for Azure and OpenAI-compatible servers', () => {
    const diagnostics = validateFlow(chat({ provider: 'openai-compatible', model: 'qwen' }));
    assert.match(diagnostics[0]!.message, /provider 'openai-compatible' needs params\.baseURL/);
  });

  it("fails provider 'vscode' outside the editor with a clear reason", async () => {
    const { result } = await collect(runFlow(chat({ provider: 'vscode', model: 'copilot-gpt-4o' }), { inputs: { q: 'hi' } }));
    assert.equal(result.status, 'error');
    assert.match(
      result.error?.message ?? '',
      /provider 'vscode' \(the editor's own language model\) is only available inside VS Code; not available outside the editor/,
    );
  });

  describe('with a host-supplied provider', () => {
    let server: WireServer;
    before(async () => (server = await WireServer.start()));
    after(() => server.close());

    it("streams from the model the host plugs in as provider 'vscode'", async () => {
      server.on('POST', '/v1/chat/completions', { fixture: 'openai-chat.text.sse' });
      const requested: string[] = [];
      // Stands where the extension puts its vscode.lm adapter; any AI SDK model will do for the engine.
      const editorModels: ModelProvider = {
        id: 'vscode',
        languageModel: (modelId) => {
          requested.push(modelId);
          return createOpenAICompatible({ name: 'editor', baseURL: `${server.url}/v1`, includeUsage: true })(modelId);
        },
      };
      const { result, events } = await collect(
        runFlow(chat({ provider: 'vscode', model: 'copilot-gpt-4o' }), { inputs: { q: 'hi' }, modelProviders: [editorModels] }),
      );
      assert.equal(result.status, 'ok', result.error?.message);
      assert.deepEqual(requested, ['copilot-gpt-4o']);
      assert.equal(eventsOf(events, 'node.token').length, 5);
      assert.equal(result.outputs.a, 'Hello from the local server.');
    });
  });
});
