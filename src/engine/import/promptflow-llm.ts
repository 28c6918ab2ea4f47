// The model settings of a Prompt flow `llm` node as `llm.chat` params: the provider from the node's
// provider/module/connection, the model or deployment, temperature and max_tokens. A connection's key
// becomes a `{{secret:NAME}}` reference; no value is ever read or copied.
import { PROVIDER_KEY_NAMES, type ProviderName } from '../llm/providers';
import type { PromptflowNode } from './promptflow-yaml';

/** Node inputs that set the model call rather than fill the template. */
const CARRIED_SETTINGS = new Set(['deployment_name', 'model', 'temperature', 'max_tokens']);
const DROPPED_SETTINGS = new Set([
  'top_p',
  'stop',
  'presence_penalty',
  'frequency_penalty',
  'logit_bias',
  'response_format',
  'seed',
  'tools',
  'tool_choice',
  'functions',
  'function_call',
  'n',
  'user',
  'suffix',
  'echo',
  'best_of',
  'logprobs',
  'detail',
  'stream',
]);
/** Inputs that may hold a credential; never copied anywhere. (Not `max_tokens`: a count, not a token.) */
export const CREDENTIAL_INPUT = /api_?key|secret|passw(or)?d|credential|access_?token|auth_?token|bearer|^token$|(^|_)key$/i;

export function isModelSettingInput(name: string): boolean {
  return CARRIED_SETTINGS.has(name) || DROPPED_SETTINGS.has(name) || CREDENTIAL_INPUT.test(name);
}

export interface ModelSettings {
  params: Record<string, unknown>;
  /** Secret names the params refer to. */
  secrets: string[];
  warnings: string[];
}

function providerOf(node: PromptflowNode): { provider: ProviderName; guessed: boolean } {
  const named = (node.provider ?? '').toLowerCase();
  if (named === 'azureopenai') return { provider: 'azure', guessed: false };
  if (named === 'openai') return { provider: 'openai', guessed: false };
  if (named === 'serverless') return { provider: 'openai-compatible', guessed: false };
  if (node.module === 'promptflow.tools.aoai') return { provider: 'azure', guessed: false };
  if (node.module === 'promptflow.tools.openai') return { provider: 'openai', guessed: false };
  const connection = node.connection ?? '';
  if (/azure|aoai/i.test(connection)) return { provider: 'azure', guessed: false };
  if (/serverless|maas/i.test(connection)) return { provider: 'openai-compatible', guessed: false };
  if (/open_?ai/i.test(connection)) return { provider: 'openai', guessed: false };
  const inputs = node.inputs ?? {};
  if (inputs.deployment_name !== undefined && inputs.model === undefined) return { provider: 'azure', guessed: true };
  return { provider: 'openai', guessed: true };
}

function numberOf(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}

function secretNameFor(provider: ProviderName, connection: string | undefined): string {
  const known = PROVIDER_KEY_NAMES[provider];
  if (known) return known;
  const base = (connection ?? 'model').toUpperCase().replace(/[^A-Z0-9]+/g, '_');
  return `${base}_API_KEY`;
}

export function modelSettingsOf(node: PromptflowNode): ModelSettings {
  const inputs = node.inputs ?? {};
  const warnings: string[] = [];
  const { provider, guessed } = providerOf(node);
  if (guessed) warnings.push(`the connection type is not named in the DAG; assumed provider '${provider}'`);

  // A model named by a reference (`${inputs.model}`) or holding `{{...}}` is not a fixed model name: left for the user to choose.
  const text = (value: unknown): string | undefined =>
    typeof value === 'string' && value.trim() !== '' && !/\$\{|\{\{/.test(value) ? value.trim() : undefined;
  const model =
    provider === 'azure' ? (text(inputs.deployment_name) ?? text(inputs.model)) : (text(inputs.model) ?? text(inputs.deployment_name));
  if (model === undefined) warnings.push('no model or deployment_name is set; choose a model');

  const secret = secretNameFor(provider, node.connection ?? undefined);
  const params: Record<string, unknown> = { provider, ...(model !== undefined ? { model } : {}), apiKey: `{{secret:${secret}}}` };
  if (provider === 'azure') {
    params.baseURL = '{{env:AZURE_OPENAI_ENDPOINT}}';
    warnings.push('Azure OpenAI: set the environment variable AZURE_OPENAI_ENDPOINT to https://RESOURCE.openai.azure.com/openai');
  } else if (provider === 'openai-compatible') {
    const endpoint = secret.replace(/_API_KEY$/, '_ENDPOINT');
    params.baseURL = `{{env:${endpoint}}}`;
    warnings.push(`serverless model: set the environment variable ${endpoint} to its OpenAI-compatible endpoint`);
  }

  const temperature = numberOf(inputs.temperature);
  if (temperature !== undefined && temperature >= 0 && temperature <= 2) params.temperature = temperature;
  else if (inputs.temperature !== undefined)
    warnings.push(`temperature ${JSON.stringify(inputs.temperature)} is not a number from 0 to 2; left out`);
  const maxTokens = numberOf(inputs.max_tokens);
  if (maxTokens !== undefined && Number.isInteger(maxTokens) && maxTokens > 0) params.maxTokens = maxTokens;
  else if (inputs.max_tokens !== undefined && inputs.max_tokens !== null && inputs.max_tokens !== '') {
    warnings.push(`max_tokens ${JSON.stringify(inputs.max_tokens)} is not a positive whole number; left out`);
  }

  const dropped = Object.keys(inputs).filter((name) => DROPPED_SETTINGS.has(name) && !isUnset(inputs[name]));
  if (dropped.length > 0) warnings.push(`model settings not carried over: ${dropped.join(', ')}`);
  const credentials = Object.keys(inputs).filter((name) => CREDENTIAL_INPUT.test(name));
  if (credentials.length > 0)
    warnings.push(`credential inputs not copied (${credentials.join(', ')}); the key comes from {{secret:${secret}}}`);
  return { params, secrets: [secret], warnings };
}

function isUnset(value: unknown): boolean {
  return value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
}
