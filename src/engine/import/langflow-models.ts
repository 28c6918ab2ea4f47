// The model settings of Langflow's chat and embedding components: provider, model, endpoint and key reference.
import type { ProviderName } from '../llm/providers';
import type { LangflowNode } from './langflow-source';
import type { SecretReferences } from './langflow-secrets';

export interface ImportedModel {
  provider: ProviderName;
  model: string;
  baseURL?: string;
  apiKey?: string;
  temperature?: number;
  maxTokens?: number;
}

interface ProviderInfo {
  provider: ProviderName;
  keyName?: string;
  /** For providers reached through their OpenAI-compatible endpoint. */
  baseURL?: string;
  defaultModel: string;
}

const PROVIDERS: Record<string, ProviderInfo> = {
  openai: { provider: 'openai', keyName: 'OPENAI_API_KEY', defaultModel: 'gpt-4o-mini' },
  azure: { provider: 'azure', keyName: 'AZURE_API_KEY', defaultModel: 'gpt-4o-mini' },
  anthropic: { provider: 'anthropic', keyName: 'ANTHROPIC_API_KEY', defaultModel: 'claude-3-5-haiku-latest' },
  google: { provider: 'google', keyName: 'GOOGLE_GENERATIVE_AI_API_KEY', defaultModel: 'gemini-1.5-flash' },
  ollama: { provider: 'ollama', defaultModel: 'llama3.2' },
  groq: {
    provider: 'openai-compatible',
    keyName: 'GROQ_API_KEY',
    baseURL: 'https://api.groq.com/openai/v1',
    defaultModel: 'llama-3.1-8b-instant',
  },
  mistral: {
    provider: 'openai-compatible',
    keyName: 'MISTRAL_API_KEY',
    baseURL: 'https://api.mistral.ai/v1',
    defaultModel: 'mistral-small-latest',
  },
};

/** Which provider a Langflow component class or provider label means, e.g. 'AnthropicModel' or 'Google Generative AI'. */
export function providerKeyOf(label: string): string | undefined {
  const l = label.toLowerCase();
  if (l.includes('azure')) return 'azure';
  if (l.includes('openai')) return 'openai';
  if (l.includes('anthropic')) return 'anthropic';
  if (l.includes('google') || l.includes('gemini')) return 'google';
  if (l.includes('ollama')) return 'ollama';
  if (l.includes('groq')) return 'groq';
  if (l.includes('mistral')) return 'mistral';
  return undefined;
}

function stringField(node: LangflowNode, ...names: string[]): string | undefined {
  for (const name of names) {
    const value = node.fields.get(name)?.value;
    if (typeof value === 'string' && value.trim() !== '') return value.trim();
  }
  return undefined;
}

function numberField(node: LangflowNode, name: string): number | undefined {
  const value = node.fields.get(name)?.value;
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

/**
 * The model a chat or embedding component names, or undefined when its provider has no FlowStudio
 * equivalent (Bedrock, NVIDIA, watsonx, ...). `providerLabel` is the provider dropdown's value where the
 * component has one (LanguageModelComponent, Agent, EmbeddingModel); else the class name decides.
 */
export function importedModelOf(
  node: LangflowNode,
  secrets: SecretReferences,
  providerLabel: string = stringField(node, 'provider', 'agent_llm') ?? node.type,
): ImportedModel | undefined {
  const key = providerKeyOf(providerLabel);
  const info = key ? PROVIDERS[key] : undefined;
  if (!info) return undefined;
  const model: ImportedModel = {
    provider: info.provider,
    model: stringField(node, 'model_name', 'model', 'azure_deployment', 'deployment_name') ?? info.defaultModel,
  };
  const baseURL =
    stringField(
      node,
      'openai_api_base',
      'base_url',
      'azure_endpoint',
      'anthropic_api_url',
      'groq_api_base',
      'mistral_api_base',
      'api_base',
    ) ?? info.baseURL;
  if (baseURL) model.baseURL = baseURL;
  // A provider that needs a key gets a reference to it even where the component had no key field (set elsewhere in Langflow).
  if (info.keyName) model.apiKey = secrets.referenceOfAny(node, info.keyName) ?? `{{secret:${info.keyName}}}`;
  const temperature = numberField(node, 'temperature');
  if (temperature !== undefined && temperature >= 0 && temperature <= 2) model.temperature = temperature;
  const maxTokens = numberField(node, 'max_tokens');
  if (maxTokens !== undefined && Number.isInteger(maxTokens) && maxTokens > 0) model.maxTokens = maxTokens;
  return model;
}

/** The settings an embedding component (rag.embed) takes: no temperature or token limit. */
export function embeddingSettingsOf(model: ImportedModel): Record<string, unknown> {
  const { provider, model: id, baseURL, apiKey } = model;
  return withoutUndefined({ provider, model: id, baseURL, apiKey });
}

export function withoutUndefined(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined));
}
