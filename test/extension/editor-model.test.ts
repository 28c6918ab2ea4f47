import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { RunResult } from '../../src/engine';
import { flowStudio, workspaceFile, writeFile } from './helpers/vscode-waits';

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
  provideLanguageModelChatResponse(
    model: unknown,
    messages: readonly vscode.LanguageModelChatMessage[],
    options: unknown,
    progress: vscode.Progress<vscode.LanguageModelTextPart>,
  ): Promise<void>;
  provideTokenCount(): Promise<number>;
}
const lm = vscode.lm as unknown as {
  registerLanguageModelChatProvider?: (vendor: string, provider: TestChatProvider) => vscode.Disposable;
};

describe("the editor's own language model as provider 'vscode'", () => {
  it('streams an llm.chat node through a chat model registered with vscode.lm', async function () {
    assert.ok(lm.registerLanguageModelChatProvider, 'this VS Code has no registerLanguageModelChatProvider');
    await flowStudio();
    const seen: string[] = [];
    const registration = lm.registerLanguageModelChatProvider('flowstudio-test', {
      provideLanguageModelChatInformation: () => [
        { id: 'echo-1', name: 'Echo', family: 'echo', version: '1', maxInputTokens: 8000, maxOutputTokens: 1000, capabilities: {} },
      ],
      async provideLanguageModelChatResponse(_model, messages, _options, progress) {
        const text = messages
          .map((m) => m.content.map((p) => (p instanceof vscode.LanguageModelTextPart ? p.value : '')).join(''))
          .join('|');
        seen.push(text);
        for (const word of ['echo: ', text]) progress.report(new vscode.LanguageModelTextPart(word));
      },
      provideTokenCount: async () => 1,
    });
    try {
      const uri = workspaceFile('editor-model.flow.json');
      await writeFile(
        uri,
        JSON.stringify({
          version: 1,
          name: 'editor-model',
          nodes: [
            { id: 'q', type: 'input.text', position: { x: 0, y: 0 }, params: { name: 'question' } },
            {
              id: 'llm',
              type: 'llm.chat',
              position: { x: 200, y: 0 },
              params: { provider: 'vscode', model: 'flowstudio-test/echo', system: 'Be brief.' },
            },
            { id: 'out', type: 'output.text', position: { x: 400, y: 0 }, params: { name: 'answer' } },
          ],
          edges: [
            { id: 'e1', source: 'q', sourceHandle: 'text', target: 'llm', targetHandle: 'prompt' },
            { id: 'e2', source: 'llm', sourceHandle: 'text', target: 'out', targetHandle: 'text' },
          ],
        }),
      );
      const result = (await vscode.commands.executeCommand('flowstudio.run', uri, { inputs: { question: 'why?' } })) as
        RunResult | undefined;
      assert.ok(result);
      assert.equal(result.status, 'ok', result.error?.message);
      assert.equal(result.outputs.answer, 'echo: Be brief.\n\nwhy?');
      assert.deepEqual(seen, ['Be brief.\n\nwhy?']);
    } finally {
      registration.dispose();
    }
  });
});
