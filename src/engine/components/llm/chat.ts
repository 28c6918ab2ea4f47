// `llm.chat`: one streamed reply from a chat model, with optional system prompt and chat history.
import * as z from 'zod';
import { languageModelFor, checkModelSettings, modelParams } from '../../llm/providers';
import { runModelConversation, toModelMessages } from '../../llm/stream-model-call';
import { describeMedia, isMediaValue, type MediaValue } from '../../ports/media';
import { isChatMessage, textOf, type ChatMessage } from '../../ports/port-types';
import { defineComponent } from '../define-component';

export const llmChat = defineComponent({
  id: 'llm.chat',
  category: 'models',
  title: 'Chat Model',
  description: 'Sends a prompt (with optional system prompt, history and images) to a language model and streams its reply.',
  icon: 'sparkle',
  params: z.object({
    ...modelParams,
    temperature: z.number().min(0).max(2).optional(),
    maxTokens: z.number().int().positive().optional().describe('Longest reply, in tokens'),
    system: z.string().optional().describe('System prompt; a connected system input replaces it'),
  }),
  inputs: [
    { name: 'prompt', type: 'text', required: true },
    { name: 'system', type: 'text' },
    { name: 'history', type: 'messages', description: 'Earlier turns, oldest first' },
    { name: 'images', type: 'media', many: true, description: 'Images sent with the prompt, for models that read images' },
  ],
  outputs: [
    { name: 'text', type: 'text' },
    { name: 'message', type: 'message' },
  ],
  // A model's reply differs run to run; reusing one silently would surprise.
  cacheable: false,
  check: (p) => checkModelSettings(p),
  run: async ({ params, inputs, nodeId, ai, signal, emit, emitDetail }) => {
    const model = await languageModelFor(params, ai.modelProviders);
    const system = inputs.system !== undefined ? textOf(inputs.system) : params.system;
    const result = await runModelConversation({
      site: { nodeId, provider: params.provider, model: params.model, apiKey: params.apiKey },
      model,
      system: system === '' ? undefined : system,
      messages: toModelMessages(historyOf(inputs.history), textOf(inputs.prompt), imagesOf(inputs.images)),
      temperature: params.temperature,
      maxTokens: params.maxTokens,
      signal,
      emitToken: emit,
      emitDetail,
    });
    const message: ChatMessage = { role: 'assistant', content: result.text };
    return { text: result.text, message };
  },
});

/** The images wired into `images`: each must be an image with its bytes, or the node fails saying which. */
function imagesOf(value: unknown): MediaValue[] {
  if (value === undefined) return [];
  const values = Array.isArray(value) ? value : [value];
  return values.map((item, index) => {
    const where = `input 'images' (edge ${index + 1})`;
    if (!isMediaValue(item)) throw new Error(`${where} holds no image; connect an image output such as mcp.tool's 'image'`);
    if (item.media !== 'image' || !item.mimeType.startsWith('image/'))
      throw new Error(`${where} is ${item.media} (${item.mimeType}); a chat model here takes images only`);
    if (item.data === undefined) throw new Error(`${where}: ${describeMedia(item)} has no bytes to send`);
    return item;
  });
}

export function historyOf(value: unknown): ChatMessage[] {
  if (!Array.isArray(value)) return [];
  return value.filter(isChatMessage);
}
