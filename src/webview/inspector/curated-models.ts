// Current model ids of the cloud providers, suggested by the inspector's model picker. Short on
// purpose: providers add models all the time, so the picker always takes any other id as typed.
// Reviewed 2025-11; edit here only.
import type { ModelOption } from '../../protocol/messages';

export type ModelPurpose = 'chat' | 'embedding';

export type CloudProvider = 'openai' | 'azure' | 'anthropic' | 'google' | 'vertex';

const gemini: Record<ModelPurpose, ModelOption[]> = {
  chat: [
    { id: 'gemini-2.5-pro', detail: 'Google' },
    { id: 'gemini-2.5-flash', detail: 'Google' },
    { id: 'gemini-2.5-flash-lite', detail: 'Google' },
    { id: 'gemini-2.0-flash', detail: 'Google' },
  ],
  embedding: [
    { id: 'gemini-embedding-001', detail: 'Google' },
    { id: 'text-embedding-004', detail: 'Google' },
  ],
};

export const CURATED_MODELS: Record<CloudProvider, Record<ModelPurpose, ModelOption[]>> = {
  openai: {
    chat: [
      { id: 'gpt-5', detail: 'OpenAI' },
      { id: 'gpt-5-mini', detail: 'OpenAI' },
      { id: 'gpt-5-nano', detail: 'OpenAI' },
      { id: 'gpt-4.1', detail: 'OpenAI' },
      { id: 'gpt-4.1-mini', detail: 'OpenAI' },
      { id: 'gpt-4o', detail: 'OpenAI' },
      { id: 'gpt-4o-mini', detail: 'OpenAI' },
      { id: 'o3', detail: 'OpenAI' },
      { id: 'o4-mini', detail: 'OpenAI' },
    ],
    embedding: [
      { id: 'text-embedding-3-small', detail: 'OpenAI' },
      { id: 'text-embedding-3-large', detail: 'OpenAI' },
    ],
  },
  // Azure calls a model by the deployment name its owner chose; there is nothing general to suggest.
  azure: { chat: [], embedding: [] },
  anthropic: {
    chat: [
      { id: 'claude-sonnet-4-5', detail: 'Anthropic' },
      { id: 'claude-opus-4-1', detail: 'Anthropic' },
      { id: 'claude-haiku-4-5', detail: 'Anthropic' },
      { id: 'claude-sonnet-4-0', detail: 'Anthropic' },
      { id: 'claude-3-5-haiku-latest', detail: 'Anthropic' },
    ],
    embedding: [],
  },
  google: gemini,
  vertex: gemini,
};

export function isCloudProvider(provider: string): provider is CloudProvider {
  return Object.hasOwn(CURATED_MODELS, provider);
}
