import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import * as vscode from 'vscode';
import type { FlowEditorSession } from '../../src/extension/editor/flow-editor-session';
import type { FlowStudioApi } from '../../src/extension/extension';
import type { HostToWebview } from '../../src/protocol/messages';
import { flowStudio, nextEvent, workspaceFile, writeFile } from './helpers/vscode-waits';

// The chat provider API (VS Code 1.104+) is newer than the @types/vscode this project builds against.
interface TestChatProvider {
  provideLanguageModelChatInformation(): {
    id: string;
    name: string;
    family: string;
    version: string;
    maxInputTokens: number;
    maxOutputTokens: number;
    capabilities: object;
  }[];
  provideLanguageModelChatResponse(): Promise<void>;
  provideTokenCount(): Promise<number>;
}
const lm = vscode.lm as unknown as {
  registerLanguageModelChatProvider?: (vendor: string, provider: TestChatProvider) => vscode.Disposable;
};

type ModelsMessage = Extract<HostToWebview, { type: 'models' }>;

/** A port on 127.0.0.1 that nothing listens on: one the system just gave out and took back. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  return address.port;
}

function modelsMessage(session: FlowEditorSession, accept: (m: ModelsMessage) => boolean, what: string): Promise<ModelsMessage> {
  return nextEvent(session.onDidPost, (m): boolean => m.type === 'models' && accept(m), what) as Promise<ModelsMessage>;
}

describe("the inspector's model picker, host side", () => {
  let api: FlowStudioApi;
  before(async () => {
    api = await flowStudio();
  });
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it("lists the editor's chat models for provider 'vscode', and sends the list again when they change", async function () {
    assert.ok(lm.registerLanguageModelChatProvider, 'this VS Code has no registerLanguageModelChatProvider');
    const uri = workspaceFile('model-picker.flow.json');
    await writeFile(
      uri,
      JSON.stringify({
        version: 1,
        name: 'model-picker',
        nodes: [{ id: 'llm', type: 'llm.chat', position: { x: 0, y: 0 }, params: { provider: 'vscode', model: 'anything' } }],
        edges: [],
      }),
    );
    const opened = nextEvent(api.editors.onDidOpen, (s) => s.document.uri.toString() === uri.toString(), 'the flow editor');
    await vscode.commands.executeCommand('vscode.openWith', uri, 'flowstudio.flowEditor');
    const session = api.editors.sessionsOf(uri)[0] ?? (await opened);
    await session.ready;

    const registration = lm.registerLanguageModelChatProvider('flowstudio-test', {
      provideLanguageModelChatInformation: () => [
        {
          id: 'picker-1',
          name: 'Picker Model',
          family: 'picker',
          version: '1',
          maxInputTokens: 8000,
          maxOutputTokens: 1000,
          capabilities: {},
        },
      ],
      provideLanguageModelChatResponse: async () => {},
      provideTokenCount: async () => 1,
    });
    let isRegistered = true;
    try {
      const hasPicker = (m: ModelsMessage) => m.provider === 'vscode' && m.models.some((model) => model.id === 'flowstudio-test/picker');
      // Either the answer has the model, or (if VS Code had not taken the registration in yet) the list sent when it does.
      const listed = modelsMessage(session, hasPicker, "a model list with the test vendor's model");
      const answered = modelsMessage(session, (m) => m.requestId === 'models-1', 'the answer to listModels');
      await session.receive({ type: 'listModels', requestId: 'models-1', nodeId: 'llm' });
      assert.equal((await answered).provider, 'vscode');
      const list = await listed;
      // The value is what provider 'vscode' selects a model by ("vendor/family"), the name is what the user reads.
      assert.deepEqual(
        list.models.find((m) => m.id === 'flowstudio-test/picker'),
        { id: 'flowstudio-test/picker', label: 'Picker Model', detail: 'flowstudio-test · picker' },
      );

      const dropped = modelsMessage(
        session,
        (m) => m.provider === 'vscode' && m.requestId === undefined && !hasPicker(m),
        'a list without the unregistered model',
      );
      registration.dispose();
      isRegistered = false;
      await dropped;
    } finally {
      if (isRegistered) registration.dispose();
    }
  });

  it("answers with a note, not an error dialog, when nothing listens at the server's address, and lists nothing for a cloud provider", async () => {
    const uri = workspaceFile('model-picker-server.flow.json');
    const baseURL = `http://127.0.0.1:${await closedPort()}/v1`;
    await writeFile(
      uri,
      JSON.stringify({
        version: 1,
        name: 'model-picker-server',
        nodes: [
          { id: 'local', type: 'llm.chat', position: { x: 0, y: 0 }, params: { provider: 'openai-compatible', model: 'm', baseURL } },
          {
            id: 'cloud',
            type: 'llm.chat',
            position: { x: 0, y: 200 },
            params: { provider: 'openai', model: 'gpt-4o-mini', apiKey: '{{secret:OPENAI_API_KEY}}' },
          },
        ],
        edges: [],
      }),
    );
    const opened = nextEvent(api.editors.onDidOpen, (s) => s.document.uri.toString() === uri.toString(), 'the flow editor');
    await vscode.commands.executeCommand('vscode.openWith', uri, 'flowstudio.flowEditor');
    const session = api.editors.sessionsOf(uri)[0] ?? (await opened);
    await session.ready;
    const posted: HostToWebview[] = [];
    const recording = session.onDidPost((m) => posted.push(m));
    try {
      const local = modelsMessage(session, (m) => m.requestId === 'local-1', 'the answer for the local server');
      await session.receive({ type: 'listModels', requestId: 'local-1', nodeId: 'local' });
      assert.deepEqual(await local, {
        type: 'models',
        requestId: 'local-1',
        provider: 'openai-compatible',
        baseURL,
        models: [],
        note: `Nothing is listening at ${baseURL}/models (is the server running?).`,
      });
      const cloud = modelsMessage(session, (m) => m.requestId === 'cloud-1', 'the answer for the cloud node');
      await session.receive({ type: 'listModels', requestId: 'cloud-1', nodeId: 'cloud' });
      assert.deepEqual(await cloud, { type: 'models', requestId: 'cloud-1', provider: 'openai', models: [] });
      assert.ok(!posted.some((m) => m.type === 'response'), 'no error response (which would show a dialog)');
    } finally {
      recording.dispose();
    }
  });
});
