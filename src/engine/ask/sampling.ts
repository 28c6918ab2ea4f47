// How a run answers an MCP server that asks the client's model for a completion (sampling) while a
// node calls it. The host decides who answers and always asks the person first: a server must not
// spend the user's model, or read what it says, without a yes for each request (or for the server).
import type { LanguageModel } from 'ai';
import { loadAiSdk } from '../llm/ai-sdk';
import { languageModelFor, PROVIDER_NAMES, type ModelSettings } from '../llm/providers';
import type { ModelProvider } from '../llm/run-services';

/** A server's sampling request, reduced to what a person can judge and a model can answer. */
export interface SamplingRequest {
  server: string;
  /** The node whose call the request arrived in, and its flow file when known. */
  nodeId?: string;
  flowFile?: string;
  messages: { role: 'user' | 'assistant'; text: string }[];
  systemPrompt?: string;
  maxTokens: number;
  temperature?: number;
  stopSequences?: string[];
  /** Model names the server would like, most preferred first; only hints. */
  modelHints: string[];
}

export interface SamplingReply {
  /** The model that answered, as the server is told. */
  model: string;
  text: string;
  stopReason: 'endTurn' | 'maxTokens' | 'stopSequence';
}

/** The host's answerer: asks the person, then a model. Throws (with the reason) when refused. */
export interface McpSampling {
  createMessage(request: SamplingRequest, signal: AbortSignal): Promise<SamplingReply>;
}

/** The person's side: true only on an explicit yes for this request (or a standing yes for its server). */
export type SamplingApproval = (request: SamplingRequest, signal: AbortSignal) => Promise<boolean>;

export class SamplingRefusedError extends Error {}

/** The one way hosts build sampling: the approval first, always, then one completion of `model`. */
export function approvedSampling(options: {
  approve: SamplingApproval;
  /** The model that answers (the flow's configured model, or the editor's own), made once a request is approved. */
  model: () => Promise<{ name: string; model: LanguageModel }>;
}): McpSampling {
  return {
    createMessage: async (request, signal) => {
      if (!(await options.approve(request, signal)))
        throw new SamplingRefusedError(`the user did not allow MCP server '${request.server}' to use the model (sampling refused)`);
      const { name, model } = await options.model();
      const { generateText } = await loadAiSdk();
      const result = await generateText({
        model,
        system: request.systemPrompt,
        messages: request.messages.map((m) => ({ role: m.role, content: m.text })),
        maxOutputTokens: request.maxTokens,
        temperature: request.temperature,
        stopSequences: request.stopSequences,
        abortSignal: signal,
      });
      const stopReason = result.finishReason === 'length' ? 'maxTokens' : 'endTurn';
      return { model: name, text: result.text, stopReason };
    },
  };
}

/** The model a flow is set up with: its first chat model or agent node's provider and model, which answers sampling. */
export function configuredModelOf(flow: {
  nodes: readonly { type: string; params?: Record<string, unknown> }[];
}): { provider: string; model: string; baseURL?: string; apiKey?: string } | undefined {
  for (const node of flow.nodes) {
    if (node.type !== 'llm.chat' && node.type !== 'agent' && node.type !== 'llm.structured') continue;
    const { provider, model, baseURL, apiKey } = node.params ?? {};
    if (typeof provider !== 'string' || typeof model !== 'string') continue;
    return {
      provider,
      model,
      ...(typeof baseURL === 'string' ? { baseURL } : {}),
      ...(typeof apiKey === 'string' ? { apiKey } : {}),
    };
  }
  return undefined;
}

/**
 * The flow's configured model, to answer sampling with. A model that needs an API key is refused:
 * the key's destination binding covers the flow's own model nodes, not requests a server makes.
 */
export async function flowModelForSampling(
  flow: Parameters<typeof configuredModelOf>[0],
  hosted: readonly ModelProvider[],
): Promise<{ name: string; model: LanguageModel }> {
  const settings = configuredModelOf(flow);
  if (!settings) throw new Error('the flow has no model to answer with: add an llm.chat or agent node, whose provider and model answer');
  const name = `${settings.provider}/${settings.model}`;
  if (!(PROVIDER_NAMES as readonly string[]).includes(settings.provider))
    throw new Error(`the flow's model ${name} has an unknown provider`);
  if (settings.apiKey)
    throw new Error(
      `the flow's model ${name} needs an API key, which is not used for a server's requests; ` +
        `answer with a model that needs none (ollama, openai-compatible, or the editor's own)`,
    );
  return { name, model: await languageModelFor(settings as ModelSettings, hosted) };
}
