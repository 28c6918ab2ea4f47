// What the inspector's model picker suggests for a node's provider: the host's live lists (the
// editor's chat models, a server's models) or the curated ids of a cloud provider, filtered by what
// is typed. An unknown model is never a problem here: it is just not in the list.
import type { ModelOption, ModelsMessage } from '../../protocol/messages';
import { CURATED_MODELS, isCloudProvider, type ModelPurpose } from './curated-models';

/** A live list as the store keeps it: the host's last answer, and whether a newer one is on its way. */
export interface ModelListView {
  models: ModelOption[];
  note?: string;
  isLoading: boolean;
}

export interface ModelSuggestions {
  options: ModelOption[];
  /** Why there are no (or few) suggestions. */
  note?: string;
  /** How to fill the field for this provider. */
  hint?: string;
  isLoading: boolean;
}

/** The key a live list is kept under, or undefined when the provider's list is not the host's to give. */
export function modelListKey(provider: unknown, baseURL: unknown): string | undefined {
  if (provider === 'vscode') return 'vscode';
  if (provider === 'ollama' || provider === 'openai-compatible') return `${provider} ${typeof baseURL === 'string' ? baseURL : ''}`;
  return undefined;
}

export function modelListKeyOf(message: Pick<ModelsMessage, 'provider' | 'baseURL'>): string | undefined {
  return modelListKey(message.provider, message.baseURL);
}

/** Embedding components get embedding models; everything else that has a model chats. */
export function modelPurposeOf(componentId: string): ModelPurpose {
  return componentId === 'rag.embed' ? 'embedding' : 'chat';
}

/** Whether a param is the model of a component that also names its provider: the picker's fields. */
export function isModelPickerField(fieldName: string, fieldNames: readonly string[]): boolean {
  return fieldName === 'model' && fieldNames.includes('provider');
}

export function modelSuggestions(provider: unknown, purpose: ModelPurpose, live: ModelListView | undefined): ModelSuggestions {
  if (typeof provider !== 'string' || provider === '')
    return { options: [], note: 'Choose a provider to see its models.', isLoading: false };
  if (isCloudProvider(provider)) {
    const options = CURATED_MODELS[provider][purpose];
    if (provider === 'azure')
      return { options, hint: 'Azure: type the deployment name you gave the model in Azure, not the model id.', isLoading: false };
    if (options.length === 0)
      return { options, note: `${provider} offers no ${purpose} models; choose another provider.`, isLoading: false };
    return { options, hint: 'A few current models; any other id the provider offers can be typed.', isLoading: false };
  }
  if (provider === 'vscode' && purpose === 'embedding')
    return { options: [], note: 'The editor’s models cannot embed text; choose another provider for rag.embed.', isLoading: false };
  const options = live?.models ?? [];
  const hint =
    provider === 'vscode'
      ? 'The editor’s chat models (GitHub Copilot or another model provider).'
      : 'Models the server lists now; any other id can be typed.';
  return { options, ...(live?.note ? { note: live.note } : {}), hint, isLoading: live === undefined || live.isLoading };
}

/** The options matching what is typed (by id, name or detail); all of them while the value is one of them. */
export function filterModelOptions(options: readonly ModelOption[], typed: string): ModelOption[] {
  const text = typed.trim().toLowerCase();
  if (!text || options.some((o) => o.id === typed)) return [...options];
  return options.filter((o) => [o.id, o.label, o.detail].some((s) => s?.toLowerCase().includes(text)));
}
