// The inspector's model picker: which fields get it, what it suggests for each provider (curated
// cloud ids, the host's live lists, notes when a list failed), and the store's round trip with the
// host (listModels out, a zod-valid `models` message back, kept per provider and server).
import * as assert from 'node:assert/strict';
import { hostToWebviewSchema, parseMessage, webviewToHostSchema, type HostToWebview } from '../../src/protocol/messages';
import { fieldProblem, paramFields } from '../../src/webview/inspector/param-fields';
import {
  filterModelOptions,
  isModelPickerField,
  modelListKey,
  modelPurposeOf,
  modelSuggestions,
} from '../../src/webview/inspector/model-suggestions';
import { openStore } from './helpers/recording-host';

const flowText = (llmParams: Record<string, unknown>) =>
  JSON.stringify({
    version: 1,
    name: 'models',
    nodes: [
      { id: 'llm', type: 'llm.chat', position: { x: 0, y: 0 }, params: llmParams },
      {
        id: 'embed',
        type: 'rag.embed',
        position: { x: 0, y: 200 },
        params: { provider: 'openai', model: 'text-embedding-3-small', apiKey: '{{secret:OPENAI_API_KEY}}' },
      },
    ],
    edges: [],
  });

function open(llmParams: Record<string, unknown>) {
  const opened = openStore(flowText(llmParams), '/w/models.flow.json');
  return { ...opened, showDocument: (params: Record<string, unknown>, version: number) => opened.show(flowText(params), version) };
}

/** A host message, through the same zod check the webview applies to every message. */
function fromHost(message: unknown): HostToWebview {
  const parsed = parseMessage(hostToWebviewSchema, message);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.message;
}

const ids = (options: readonly { id: string }[]) => options.map((o) => o.id);

describe('the model picker', () => {
  it('is the model field of every component that names a provider: llm.chat, agent and rag.embed', () => {
    const { store } = open({ provider: 'openai', model: 'gpt-4o-mini' });
    const components = store.getState().componentsById;
    for (const type of ['llm.chat', 'agent', 'rag.embed']) {
      const names = paramFields(components.get(type)?.paramsSchema ?? {}).map((f) => f.name);
      assert.ok(isModelPickerField('model', names), type);
      assert.ok(!isModelPickerField('provider', names), type);
    }
    const templateNames = paramFields(components.get('text.template')?.paramsSchema ?? {}).map((f) => f.name);
    assert.ok(!isModelPickerField('template', templateNames));
    assert.equal(modelPurposeOf('rag.embed'), 'embedding');
    assert.equal(modelPurposeOf('agent'), 'chat');
  });

  it('suggests curated ids for cloud providers, embedding models for rag.embed, and deployment names for Azure', () => {
    const openai = modelSuggestions('openai', 'chat', undefined);
    assert.ok(ids(openai.options).includes('gpt-4o-mini'));
    assert.ok(!ids(openai.options).some((id) => id.startsWith('text-embedding')));
    assert.equal(openai.isLoading, false);
    assert.deepEqual(ids(modelSuggestions('openai', 'embedding', undefined).options), ['text-embedding-3-small', 'text-embedding-3-large']);
    assert.ok(ids(modelSuggestions('anthropic', 'chat', undefined).options).every((id) => id.startsWith('claude-')));
    assert.match(modelSuggestions('anthropic', 'embedding', undefined).note ?? '', /anthropic offers no embedding models/);
    assert.ok(ids(modelSuggestions('google', 'chat', undefined).options).every((id) => id.startsWith('gemini-')));
    assert.deepEqual(
      ids(modelSuggestions('vertex', 'chat', undefined).options),
      ids(modelSuggestions('google', 'chat', undefined).options),
    );
    const azure = modelSuggestions('azure', 'chat', undefined);
    assert.deepEqual(azure.options, []);
    assert.match(azure.hint ?? '', /deployment name/);
  });

  it('shows the host’s live list for vscode, ollama and openai-compatible, loading until it arrives, with its note', () => {
    assert.deepEqual(modelSuggestions('vscode', 'chat', undefined), {
      options: [],
      hint: 'The editor’s chat models (GitHub Copilot or another model provider).',
      isLoading: true,
    });
    const vscodeModels = modelSuggestions('vscode', 'chat', {
      models: [{ id: 'copilot/gpt-4o', label: 'GPT-4o', detail: 'copilot · gpt-4o' }],
      isLoading: false,
    });
    assert.deepEqual(ids(vscodeModels.options), ['copilot/gpt-4o']);
    assert.match(modelSuggestions('vscode', 'embedding', undefined).note ?? '', /cannot embed/);
    const failed = modelSuggestions('ollama', 'chat', {
      models: [],
      note: 'Nothing is listening at http://127.0.0.1:11434/api/tags (is the server running?).',
      isLoading: false,
    });
    assert.deepEqual(failed.options, []);
    assert.match(failed.note ?? '', /Nothing is listening/);
    assert.equal(failed.isLoading, false);
  });

  it('keeps live lists per provider and server, so a node’s suggestions follow its provider and baseURL', () => {
    assert.equal(modelListKey('vscode', 'http://ignored'), 'vscode');
    assert.equal(modelListKey('ollama', undefined), 'ollama ');
    assert.notEqual(
      modelListKey('openai-compatible', 'http://127.0.0.1:1234/v1'),
      modelListKey('openai-compatible', 'http://127.0.0.1:8080/v1'),
    );
    assert.equal(modelListKey('openai', undefined), undefined, 'cloud lists are curated, not asked of the host');
  });

  it('filters by what is typed, and offers every model while the value is one of them', () => {
    const options = [
      { id: 'qwen3:8b', detail: 'qwen3 · 8.2B' },
      { id: 'llama3.2:latest', detail: 'llama · 3.2B' },
      { id: 'copilot/gpt-4o', label: 'GPT-4o' },
    ];
    assert.deepEqual(ids(filterModelOptions(options, 'LLA')), ['llama3.2:latest']);
    assert.deepEqual(ids(filterModelOptions(options, 'gpt-4o')), ['copilot/gpt-4o'], 'matches the name as well as the id');
    assert.deepEqual(ids(filterModelOptions(options, 'qwen3:8b')), ids(options));
    assert.deepEqual(ids(filterModelOptions(options, '')), ids(options));
    assert.deepEqual(filterModelOptions(options, 'no-such-model'), []);
  });

  it('accepts a model that is in no list: any id the provider might add is valid', () => {
    const { store } = open({ provider: 'openai', model: 'gpt-4o-mini' });
    const model = paramFields(store.getState().componentsById.get('llm.chat')?.paramsSchema ?? {}).find((f) => f.name === 'model');
    assert.ok(model);
    assert.equal(fieldProblem(model, 'gpt-7-preview-from-next-week'), undefined);
    assert.equal(fieldProblem(model, ''), 'model is required');
  });

  it('asks the host for the node’s models by node id and shows the answer; a provider change keeps the model and asks again', () => {
    const { store, api, showDocument } = open({ provider: 'ollama', model: 'qwen3:8b' });
    store.getState().listModels('llm');
    const request = api.posted.at(-1);
    assert.equal(request?.type, 'listModels');
    assert.equal(request?.type === 'listModels' && request.nodeId, 'llm');
    assert.deepEqual(store.getState().modelLists[modelListKey('ollama', undefined)!], { models: [], isLoading: true });

    store.getState().receive(
      fromHost({
        type: 'models',
        requestId: request && 'requestId' in request ? request.requestId : undefined,
        provider: 'ollama',
        models: [{ id: 'qwen3:8b', detail: 'qwen3 · 8.2B' }, { id: 'llama3.2:latest' }],
      }),
    );
    const ollama = store.getState().modelLists[modelListKey('ollama', undefined)!];
    assert.deepEqual(modelSuggestions('ollama', 'chat', ollama).options, [
      { id: 'qwen3:8b', detail: 'qwen3 · 8.2B' },
      { id: 'llama3.2:latest' },
    ]);

    // The user switches the provider: the document keeps the model, the picker asks for the new provider's list.
    showDocument({ provider: 'openai-compatible', model: 'qwen3:8b', baseURL: 'http://127.0.0.1:1234/v1' }, 2);
    assert.equal(store.getState().flow?.nodes.find((n) => n.id === 'llm')?.params?.model, 'qwen3:8b');
    const key = modelListKey('openai-compatible', 'http://127.0.0.1:1234/v1')!;
    assert.equal(
      modelSuggestions('openai-compatible', 'chat', store.getState().modelLists[key]).isLoading,
      true,
      'nothing from the other server yet',
    );
    store.getState().listModels('llm');
    assert.equal(api.posted.filter((m) => m.type === 'listModels').length, 2);
    store.getState().receive(
      fromHost({
        type: 'models',
        provider: 'openai-compatible',
        baseURL: 'http://127.0.0.1:1234/v1',
        models: [],
        note: 'http://127.0.0.1:1234/v1/models did not answer within 3 s.',
      }),
    );
    const failed = modelSuggestions('openai-compatible', 'chat', store.getState().modelLists[key]);
    assert.deepEqual(failed, {
      options: [],
      note: 'http://127.0.0.1:1234/v1/models did not answer within 3 s.',
      hint: 'Models the server lists now; any other id can be typed.',
      isLoading: false,
    });
    assert.equal(store.getState().notice, undefined, 'a failed list is a note in the picker, not an error notice');
    assert.deepEqual(
      ids(store.getState().modelLists[modelListKey('ollama', undefined)!]?.models ?? []),
      ['qwen3:8b', 'llama3.2:latest'],
      'the other list is kept',
    );
  });

  it('takes an unrequested list of the editor’s models (they changed) and asks nothing for cloud providers', () => {
    const { store, api } = open({ provider: 'openai', model: 'gpt-4o-mini' });
    store.getState().listModels('llm');
    store.getState().listModels('embed');
    assert.deepEqual(
      api.posted.filter((m) => m.type === 'listModels'),
      [],
    );
    store.getState().receive(
      fromHost({
        type: 'models',
        provider: 'vscode',
        models: [{ id: 'flowstudio-test/echo', label: 'Echo', detail: 'flowstudio-test · echo' }],
      }),
    );
    assert.deepEqual(ids(modelSuggestions('vscode', 'chat', store.getState().modelLists.vscode).options), ['flowstudio-test/echo']);
  });

  it('refuses a models message that does not fit the protocol', () => {
    assert.equal(parseMessage(hostToWebviewSchema, { type: 'models', provider: 'ollama', models: [{ id: '' }] }).ok, false);
    assert.equal(parseMessage(hostToWebviewSchema, { type: 'models', provider: 'ollama', models: 'qwen3' }).ok, false);
    assert.equal(parseMessage(webviewToHostSchema, { type: 'listModels', requestId: 'w1' }).ok, false, 'a node id is required');
  });
});
