// The calling MCP client's model as an AI SDK model: each generation is one sampling/createMessage
// request to the client, so llm.chat with provider 'mcp-client' needs no key of the server's own.
// Sampling answers with one message at once; the stream form replays it as a single delta.
import type {
  LanguageModelV3,
  LanguageModelV3CallOptions,
  LanguageModelV3Content,
  LanguageModelV3FinishReason,
  LanguageModelV3Prompt,
  LanguageModelV3StreamPart,
  LanguageModelV3Usage,
} from '@ai-sdk/provider';
import type { CreateMessageRequestParamsBase, SamplingMessage } from '@modelcontextprotocol/server';
import type { CallerChannel } from './caller-services';

const unknownUsage: LanguageModelV3Usage = {
  inputTokens: { total: undefined, noCache: undefined, cacheRead: undefined, cacheWrite: undefined },
  outputTokens: { total: undefined, text: undefined, reasoning: undefined },
};

/** Sampling requires a token limit; this is asked for when the node sets none. */
const DEFAULT_MAX_TOKENS = 1000;

export class SamplingLanguageModel implements LanguageModelV3 {
  readonly specificationVersion = 'v3';
  readonly provider = 'mcp-client';
  readonly supportedUrls = {};

  constructor(
    /** Passed to the client as a model preference hint; the client picks the model. */
    readonly modelId: string,
    private readonly caller: CallerChannel,
  ) {}

  async doGenerate(options: LanguageModelV3CallOptions) {
    if (!this.caller.capabilities()?.sampling) {
      throw new Error(
        "provider 'mcp-client' uses the model of the MCP client that called the flow, but this client does not accept " +
          'sampling requests; call the flow from a client that supports sampling, or give the node another provider',
      );
    }
    if (options.tools?.some((tool) => tool.type === 'function')) {
      throw new Error("provider 'mcp-client' cannot offer tools to the caller's model; give this agent another provider");
    }
    const params: CreateMessageRequestParamsBase = {
      messages: samplingMessagesOf(options.prompt),
      maxTokens: options.maxOutputTokens ?? DEFAULT_MAX_TOKENS,
      ...(systemOf(options.prompt) ? { systemPrompt: systemOf(options.prompt) } : {}),
      ...(options.temperature !== undefined ? { temperature: options.temperature } : {}),
      ...(options.stopSequences?.length ? { stopSequences: options.stopSequences } : {}),
      ...(this.modelId ? { modelPreferences: { hints: [{ name: this.modelId }] } } : {}),
    };
    const result = await this.caller.sample(params, options.abortSignal);
    const blocks = Array.isArray(result.content) ? result.content : [result.content];
    const text = blocks.flatMap((block) => (block.type === 'text' ? [block.text] : [])).join('');
    const content: LanguageModelV3Content[] = text ? [{ type: 'text', text }] : [];
    return {
      content,
      finishReason: finishReasonOf(result.stopReason),
      usage: unknownUsage,
      warnings: [],
      response: { modelId: result.model },
    };
  }

  async doStream(options: LanguageModelV3CallOptions) {
    const generated = await this.doGenerate(options);
    const text = generated.content.flatMap((part) => (part.type === 'text' ? [part.text] : [])).join('');
    const stream = new ReadableStream<LanguageModelV3StreamPart>({
      start(controller) {
        controller.enqueue({ type: 'stream-start', warnings: [] });
        if (text) {
          controller.enqueue({ type: 'text-start', id: 'text' });
          controller.enqueue({ type: 'text-delta', id: 'text', delta: text });
          controller.enqueue({ type: 'text-end', id: 'text' });
        }
        controller.enqueue({ type: 'finish', usage: unknownUsage, finishReason: generated.finishReason });
        controller.close();
      },
    });
    return { stream };
  }
}

function systemOf(prompt: LanguageModelV3Prompt): string | undefined {
  const parts = prompt.flatMap((message) => (message.role === 'system' ? [message.content] : []));
  return parts.length ? parts.join('\n\n') : undefined;
}

/** User and assistant text turns; sampling has no system or tool role (the system text goes separately). */
function samplingMessagesOf(prompt: LanguageModelV3Prompt): SamplingMessage[] {
  const messages: SamplingMessage[] = [];
  for (const message of prompt) {
    if (message.role !== 'user' && message.role !== 'assistant') continue;
    const text = message.content.flatMap((part) => (part.type === 'text' ? [part.text] : [])).join('');
    messages.push({ role: message.role, content: { type: 'text', text } });
  }
  return messages;
}

function finishReasonOf(stopReason: string | undefined): LanguageModelV3FinishReason {
  switch (stopReason) {
    case 'endTurn':
    case 'stopSequence':
      return { unified: 'stop', raw: stopReason };
    case 'maxTokens':
      return { unified: 'length', raw: stopReason };
    default:
      return { unified: stopReason === undefined ? 'stop' : 'other', raw: stopReason };
  }
}
