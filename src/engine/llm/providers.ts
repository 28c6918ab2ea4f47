// Model providers by the name a flow uses in `params.provider`: the AI SDK provider packages, plus
// whatever the host plugs in (the editor's own model as 'vscode', the model of the MCP client that
// called a served flow as 'mcp-client').
// Provider packages are imported when a model is first built, not at startup (see ai-sdk.ts).
import type { EmbeddingModel, LanguageModel } from 'ai';
import * as z from 'zod';
import type { ComponentProblem } from '../components/define-component';
import { hasReferences } from '../secrets/references';
import type { ModelProvider } from './run-services';

export const PROVIDER_NAMES = [
  'openai',
  'azure',
  'anthropic',
  'google',
  'vertex',
  'ollama',
  'openai-compatible',
  'vscode',
  'mcp-client',
] as const;

/** Providers only a host supplies: the editor's model, or the caller's model when the flow is served over MCP. */
export const HOST_ONLY_PROVIDERS: readonly ProviderName[] = ['vscode', 'mcp-client'];

/** Why a host-only provider cannot be used where none is supplied, for validation and run errors alike. */
export function hostProviderMissing(provider: string): string | undefined {
  if (provider === 'vscode')
    return (
      "provider 'vscode' (the editor's own language model) is only available inside VS Code; not available outside the editor, " +
      'so pick another provider (openai, anthropic, ollama, ...) to run this flow from the CLI'
    );
  if (provider === 'mcp-client')
    return (
      "provider 'mcp-client' (the model of the MCP client that calls this flow, through sampling) is only available when the flow " +
      'is served with `flowstudio mcp serve` or run in the editor; pick another provider to run it from the CLI'
    );
  return undefined;
}
export type ProviderName = (typeof PROVIDER_NAMES)[number];

/** The params every model-using component shares. */
export const modelParams = {
  provider: z.enum(PROVIDER_NAMES).describe('Who serves the model'),
  model: z.string().min(1).describe('Model id (a deployment name for Azure)'),
  baseURL: z.string().min(1).optional().describe('API endpoint, for Azure, OpenAI-compatible servers, Ollama elsewhere, or a proxy'),
  apiKey: z.string().optional().describe('A {{secret:NAME}} or {{env:NAME}} reference, never the key itself'),
};

export interface ModelSettings {
  provider: ProviderName;
  model: string;
  baseURL?: string;
  apiKey?: string;
}

/** The environment variable each provider's documentation names, suggested when apiKey is missing. */
export const PROVIDER_KEY_NAMES: Partial<Record<ProviderName, string>> = {
  openai: 'OPENAI_API_KEY',
  azure: 'AZURE_API_KEY',
  anthropic: 'ANTHROPIC_API_KEY',
  google: 'GOOGLE_GENERATIVE_AI_API_KEY',
};

/** Static checks: a key where one is needed, only as a reference, and an endpoint where one is needed. */
export function checkModelSettings(settings: ModelSettings): ComponentProblem[] {
  const problems: ComponentProblem[] = [];
  const keyName = PROVIDER_KEY_NAMES[settings.provider];
  if (settings.apiKey !== undefined && settings.apiKey !== '' && !hasReferences(settings.apiKey)) {
    problems.push({
      severity: 'error',
      code: 'invalid-params',
      message: `params.apiKey holds a literal key; keys must not be stored in flow files: use {{secret:${keyName ?? 'NAME'}}} or {{env:${keyName ?? 'NAME'}}}`,
      path: ['apiKey'],
    });
  } else if (keyName && !settings.apiKey) {
    problems.push({
      severity: 'error',
      code: 'missing-secret',
      message:
        `provider '${settings.provider}' needs an API key: ` +
        `set params.apiKey to {{secret:${keyName}}} (stored in the editor's secret storage) or {{env:${keyName}}}`,
      path: ['apiKey'],
    });
  }
  if ((settings.provider === 'azure' || settings.provider === 'openai-compatible') && !settings.baseURL) {
    const example = settings.provider === 'azure' ? 'https://RESOURCE.openai.azure.com/openai/v1' : 'http://127.0.0.1:1234/v1';
    problems.push({
      severity: 'error',
      code: 'invalid-params',
      message: `provider '${settings.provider}' needs params.baseURL, such as ${example}`,
      path: ['baseURL'],
    });
  }
  return problems;
}

export class ProviderUnavailableError extends Error {}

function hostProvider(settings: ModelSettings, hosted: readonly ModelProvider[]): ModelProvider | undefined {
  const found = hosted.find((p) => p.id === settings.provider);
  const missing = found ? undefined : hostProviderMissing(settings.provider);
  if (missing) throw new ProviderUnavailableError(missing);
  return found;
}

/** An AI SDK chat model for these settings. The key is passed explicitly so no provider reads the environment on its own. */
export async function languageModelFor(settings: ModelSettings, hosted: readonly ModelProvider[]): Promise<LanguageModel> {
  const host = hostProvider(settings, hosted);
  if (host) return host.languageModel(settings.model);
  const { apiKey, baseURL, model } = settings;
  switch (settings.provider) {
    case 'openai':
      return (await import('@ai-sdk/openai')).createOpenAI({ apiKey, baseURL }).responses(model);
    case 'azure':
      return (await import('@ai-sdk/azure')).createAzure({ apiKey, baseURL }).responses(model);
    case 'anthropic':
      return (await import('@ai-sdk/anthropic')).createAnthropic({ apiKey, baseURL })(model);
    case 'google':
      return (await import('@ai-sdk/google')).createGoogleGenerativeAI({ apiKey, baseURL })(model);
    case 'vertex':
      return (await import('@ai-sdk/google-vertex')).createVertex({ apiKey, baseURL })(model);
    case 'ollama':
      return (await import('ollama-ai-provider-v2')).createOllama({ baseURL })(model);
    case 'openai-compatible':
      return (await compatible(settings))(model);
    case 'vscode':
    case 'mcp-client':
      throw new ProviderUnavailableError(`provider '${settings.provider}' is not available here`);
  }
}

/** An AI SDK embedding model for these settings. */
export async function embeddingModelFor(settings: ModelSettings, hosted: readonly ModelProvider[]): Promise<EmbeddingModel> {
  const host = hostProvider(settings, hosted);
  if (host) {
    if (!host.embeddingModel)
      throw new ProviderUnavailableError(
        `provider '${settings.provider}' offers no embedding models; choose another provider for embeddings`,
      );
    return host.embeddingModel(settings.model);
  }
  const { apiKey, baseURL, model } = settings;
  switch (settings.provider) {
    case 'openai':
      return (await import('@ai-sdk/openai')).createOpenAI({ apiKey, baseURL }).embeddingModel(model);
    case 'azure':
      return (await import('@ai-sdk/azure')).createAzure({ apiKey, baseURL }).embeddingModel(model);
    case 'google':
      return (await import('@ai-sdk/google')).createGoogleGenerativeAI({ apiKey, baseURL }).embeddingModel(model);
    case 'vertex':
      return (await import('@ai-sdk/google-vertex')).createVertex({ apiKey, baseURL }).embeddingModel(model);
    case 'ollama':
      return (await import('ollama-ai-provider-v2')).createOllama({ baseURL }).textEmbeddingModel(model);
    case 'openai-compatible':
      return (await compatible(settings)).embeddingModel(model);
    case 'anthropic':
    case 'vscode':
    case 'mcp-client':
      throw new ProviderUnavailableError(
        `provider '${settings.provider}' offers no embedding models; use openai, google, vertex, azure, ollama or openai-compatible for rag.embed`,
      );
  }
}

async function compatible(settings: ModelSettings) {
  if (!settings.baseURL) throw new ProviderUnavailableError("provider 'openai-compatible' needs params.baseURL");
  const { createOpenAICompatible } = await import('@ai-sdk/openai-compatible');
  // includeUsage asks the server for token counts in the stream (stream_options.include_usage).
  return createOpenAICompatible({ name: 'openai-compatible', baseURL: settings.baseURL, apiKey: settings.apiKey, includeUsage: true });
}
