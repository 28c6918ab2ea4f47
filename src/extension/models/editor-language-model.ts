// The editor's own chat models (vscode.lm: Copilot, or any extension's model provider) as AI SDK
// models, so `llm.chat` and `agent` nodes with provider "vscode" stream and call tools the same way
// as with a cloud provider. The model param picks by id, family or vendor ("copilot/gpt-4o" too).
import type {
  LanguageModelV3,
  LanguageModelV3CallOptions,
  LanguageModelV3Content,
  LanguageModelV3FinishReason,
  LanguageModelV3Prompt,
  LanguageModelV3StreamPart,
  LanguageModelV3Usage,
} from '@ai-sdk/provider';
import * as vscode from 'vscode';
import type { ModelProvider } from '../../engine/llm/run-services';

const unknownUsage: LanguageModelV3Usage = {
  inputTokens: { total: undefined, noCache: undefined, cacheRead: undefined, cacheWrite: undefined },
  outputTokens: { total: undefined, text: undefined, reasoning: undefined },
};

export const editorModelProvider: ModelProvider = {
  id: 'vscode',
  languageModel: (modelId: string) => new EditorLanguageModel(modelId),
};

/** In the editor the MCP client that runs a flow is the editor itself, so provider 'mcp-client' is its model too. */
export const editorAsMcpClientModelProvider: ModelProvider = {
  id: 'mcp-client',
  languageModel: (modelId: string) => new EditorLanguageModel(modelId),
};

/** Finds the chat model a `model` param names: "vendor/family", an id, a family, or "" for any. */
export async function selectEditorModel(modelId: string): Promise<vscode.LanguageModelChat> {
  const [vendor, family] = modelId.includes('/') ? modelId.split('/', 2) : [undefined, modelId];
  const all = await vscode.lm.selectChatModels(vendor ? { vendor } : {});
  const found = family ? all.find((m) => m.id === family || m.family === family || m.name === family) : all[0];
  if (found) return found;
  const names = all.map((m) => `${m.vendor}/${m.family}`);
  throw new Error(
    names.length
      ? `the editor has no chat model "${modelId}"; it has: ${[...new Set(names)].join(', ')}`
      : 'the editor offers no chat models (install and sign in to a model provider such as GitHub Copilot, or pick another provider)',
  );
}

class EditorLanguageModel implements LanguageModelV3 {
  readonly specificationVersion = 'v3';
  readonly provider = 'vscode';
  readonly supportedUrls = {};

  constructor(readonly modelId: string) {}

  async doGenerate(options: LanguageModelV3CallOptions) {
    const { stream } = await this.doStream(options);
    const content: LanguageModelV3Content[] = [];
    let text = '';
    let finishReason: LanguageModelV3FinishReason = { unified: 'stop', raw: undefined };
    const reader = stream.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (value.type === 'text-delta') text += value.delta;
      else if (value.type === 'tool-call') content.push(value);
      else if (value.type === 'finish') finishReason = value.finishReason;
      else if (value.type === 'error') throw value.error;
    }
    if (text) content.unshift({ type: 'text', text });
    return { content, finishReason, usage: unknownUsage, warnings: [] };
  }

  async doStream(options: LanguageModelV3CallOptions) {
    const model = await selectEditorModel(this.modelId);
    const cancellation = new vscode.CancellationTokenSource();
    options.abortSignal?.addEventListener('abort', () => cancellation.cancel(), { once: true });
    const tools = (options.tools ?? []).flatMap((t) =>
      t.type === 'function' ? [{ name: t.name, description: t.description ?? '', inputSchema: t.inputSchema as object }] : [],
    );
    const response = await model.sendRequest(
      toEditorMessages(options.prompt),
      {
        justification: 'A FlowStudio flow you started calls this model.',
        ...(tools.length ? { tools } : {}),
        modelOptions: {
          ...(options.temperature !== undefined ? { temperature: options.temperature } : {}),
          ...(options.maxOutputTokens !== undefined ? { maxTokens: options.maxOutputTokens } : {}),
        },
      },
      cancellation.token,
    );
    const stream = new ReadableStream<LanguageModelV3StreamPart>({
      async start(controller) {
        controller.enqueue({ type: 'stream-start', warnings: [] });
        let hasText = false;
        let hasToolCalls = false;
        try {
          for await (const part of response.stream) {
            if (part instanceof vscode.LanguageModelTextPart) {
              if (!hasText) controller.enqueue({ type: 'text-start', id: 'text' });
              hasText = true;
              controller.enqueue({ type: 'text-delta', id: 'text', delta: part.value });
            } else if (part instanceof vscode.LanguageModelToolCallPart) {
              hasToolCalls = true;
              controller.enqueue({ type: 'tool-call', toolCallId: part.callId, toolName: part.name, input: JSON.stringify(part.input) });
            }
          }
          if (hasText) controller.enqueue({ type: 'text-end', id: 'text' });
          controller.enqueue({
            type: 'finish',
            usage: unknownUsage,
            finishReason: { unified: hasToolCalls ? 'tool-calls' : 'stop', raw: undefined },
          });
        } catch (error) {
          controller.enqueue({ type: 'error', error });
        } finally {
          controller.close();
          cancellation.dispose();
        }
      },
      cancel() {
        cancellation.cancel();
      },
    });
    return { stream };
  }
}

/**
 * vscode.lm has no system role: the system text leads the first user message. Tool results go back
 * as user messages, the way the API expects them.
 */
function toEditorMessages(prompt: LanguageModelV3Prompt): vscode.LanguageModelChatMessage[] {
  const system = prompt.flatMap((m) => (m.role === 'system' ? [m.content] : [])).join('\n\n');
  const messages: vscode.LanguageModelChatMessage[] = [];
  for (const message of prompt) {
    switch (message.role) {
      case 'system':
        break;
      case 'user': {
        const text = message.content.flatMap((p) => (p.type === 'text' ? [p.text] : [])).join('');
        messages.push(vscode.LanguageModelChatMessage.User(text));
        break;
      }
      case 'assistant': {
        const parts: (vscode.LanguageModelTextPart | vscode.LanguageModelToolCallPart)[] = [];
        for (const p of message.content) {
          if (p.type === 'text') parts.push(new vscode.LanguageModelTextPart(p.text));
          else if (p.type === 'tool-call')
            parts.push(new vscode.LanguageModelToolCallPart(p.toolCallId, p.toolName, (p.input ?? {}) as object));
        }
        messages.push(vscode.LanguageModelChatMessage.Assistant(parts));
        break;
      }
      case 'tool': {
        const parts = message.content.flatMap((p) =>
          p.type === 'tool-result'
            ? [new vscode.LanguageModelToolResultPart(p.toolCallId, [new vscode.LanguageModelTextPart(toolOutputText(p.output))])]
            : [],
        );
        messages.push(vscode.LanguageModelChatMessage.User(parts));
        break;
      }
    }
  }
  if (system) {
    const first = messages[0];
    if (first && first.role === vscode.LanguageModelChatMessageRole.User && typeof first.content === 'object') {
      messages[0] = vscode.LanguageModelChatMessage.User([
        new vscode.LanguageModelTextPart(`${system}\n\n`),
        ...(first.content as vscode.LanguageModelTextPart[]),
      ]);
    } else {
      messages.unshift(vscode.LanguageModelChatMessage.User(system));
    }
  }
  return messages;
}

function toolOutputText(output: { type: string; value?: unknown }): string {
  return typeof output.value === 'string' ? output.value : JSON.stringify(output.value ?? null);
}
