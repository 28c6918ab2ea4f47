// Lists the models a local or self-hosted server offers (Ollama's /api/tags, an OpenAI-compatible
// /models) for the inspector's model picker. A failure is a short note for the picker, never a throw:
// the picker still takes free text.
import * as z from 'zod';
import type { SecretBindingPolicy } from '../secrets/binding-policy';
import { originOf } from '../secrets/destinations';
import { readReferences, referencesIn, substituteReferences, type ReferenceSources } from '../secrets/references';

export const OLLAMA_DEFAULT_BASE_URL = 'http://127.0.0.1:11434/api';
export const MODEL_LIST_TIMEOUT_MS = 3000;

export interface ServerModel {
  id: string;
  detail?: string;
}

export interface ServerModelList {
  models: ServerModel[];
  /** Why the list is empty or partial, in a few words for the picker. */
  note?: string;
}

export interface ServerModelQuery {
  provider: 'ollama' | 'openai-compatible';
  baseURL?: string | undefined;
  /** The node's apiKey param: a reference, resolved only if the server refuses without it. */
  apiKey?: string | undefined;
  sources: ReferenceSources;
  /**
   * Decides whether the key may go to the server's origin. It must not ask the user: the picker lists
   * models while the user merely looks at a node, so an unbound origin gets a note, never the key.
   */
  policy: SecretBindingPolicy;
  /** The node the list is for, named in the note. */
  nodeId?: string;
  timeoutMs?: number;
}

const MAX_MODELS = 500;

const ollamaTagsSchema = z.object({
  models: z.array(
    z.looseObject({
      name: z.string().min(1),
      details: z.looseObject({ parameter_size: z.string().optional(), family: z.string().optional() }).optional(),
    }),
  ),
});
const openAiModelsSchema = z.object({ data: z.array(z.looseObject({ id: z.string().min(1), owned_by: z.string().optional() })) });

/** The URL of the model list: Ollama's base URL ends in /api for the AI SDK provider, but users also write the bare server. */
export function modelListUrl(provider: ServerModelQuery['provider'], baseURL: string | undefined): string {
  const base = (baseURL || (provider === 'ollama' ? OLLAMA_DEFAULT_BASE_URL : '')).replace(/\/+$/, '');
  if (provider === 'openai-compatible') return `${base}/models`;
  return base.endsWith('/api') ? `${base}/tags` : `${base}/api/tags`;
}

/** A URL as it may be shown: no user:password part, no query. */
function shownUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return 'the server';
  }
}

export async function listServerModels(query: ServerModelQuery): Promise<ServerModelList> {
  if (query.provider === 'openai-compatible' && !query.baseURL) return { models: [], note: 'Set baseURL to list the server’s models.' };
  const url = modelListUrl(query.provider, query.baseURL);
  try {
    new URL(url);
  } catch {
    return { models: [], note: `baseURL “${query.baseURL ?? ''}” is not a URL.` };
  }
  const where = shownUrl(url);
  const timeoutMs = query.timeoutMs ?? MODEL_LIST_TIMEOUT_MS;
  try {
    let response = await get(url, undefined, timeoutMs);
    // The key goes out only when the server asks for one, so a list from an open server never carries it.
    if ((response.status === 401 || response.status === 403) && query.apiKey) {
      const key = await resolveKey(query, url);
      if (key.note) return { models: [], note: key.note };
      response = await get(url, key.value, timeoutMs);
    }
    if (response.status === 401 || response.status === 403) {
      return {
        models: [],
        note: `${where} answered ${response.status}: ${query.apiKey ? 'the apiKey was refused' : 'set apiKey to a {{secret:NAME}} reference'}.`,
      };
    }
    if (!response.ok) return { models: [], note: `${where} answered ${response.status}.` };
    const body = await jsonOrUndefined(response);
    const models = query.provider === 'ollama' ? ollamaModels(body) : openAiModels(body);
    if (!models) return { models: [], note: `${where} did not send a model list.` };
    return models.length
      ? { models: models.sort((a, b) => a.id.localeCompare(b.id)).slice(0, MAX_MODELS) }
      : { models: [], note: `${where} lists no models.` };
  } catch (error) {
    return { models: [], note: failureNote(error, where, timeoutMs) };
  }
}

function get(url: string, apiKey: string | undefined, timeoutMs: number): Promise<Response> {
  return fetch(url, {
    headers: { accept: 'application/json', ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}) },
    signal: AbortSignal.timeout(timeoutMs),
  });
}

/** The body as JSON, or undefined when it is not JSON; a timeout while reading still throws. */
async function jsonOrUndefined(response: Response): Promise<unknown> {
  try {
    return (await response.json()) as unknown;
  } catch (error) {
    if (error instanceof SyntaxError) return undefined;
    throw error;
  }
}

/** The key for the list URL, only when every reference in it is bound to that origin; otherwise why not. */
async function resolveKey(query: ServerModelQuery, url: string): Promise<{ value?: string; note?: string }> {
  const reference = query.apiKey ?? '';
  const references = referencesIn(reference);
  if (references.length === 0) return { note: 'apiKey must be a {{secret:NAME}} reference.' };
  const destination = originOf(url);
  for (const use of references) {
    const decision = await query.policy.check({ ...use, destination, nodeId: query.nodeId ?? 'model', nodeType: 'model list' });
    if (!decision.allowed) return { note: `${shownUrl(url)} needs a key, and it was not sent: ${decision.reason}.` };
  }
  try {
    const value = substituteReferences(reference, await readReferences(references, query.sources));
    return typeof value === 'string' && value ? { value } : { note: 'apiKey is empty.' };
  } catch (error) {
    return { note: `apiKey: ${(error as Error).message}.` };
  }
}

function ollamaModels(body: unknown): ServerModel[] | undefined {
  const parsed = ollamaTagsSchema.safeParse(body);
  if (!parsed.success) return undefined;
  return parsed.data.models.map((m) => {
    const detail = [m.details?.family, m.details?.parameter_size].filter(Boolean).join(' · ');
    return { id: m.name, ...(detail ? { detail } : {}) };
  });
}

function openAiModels(body: unknown): ServerModel[] | undefined {
  const parsed = openAiModelsSchema.safeParse(body);
  if (!parsed.success) return undefined;
  return parsed.data.data.map((m) => ({ id: m.id, ...(m.owned_by ? { detail: m.owned_by } : {}) }));
}

function failureNote(error: unknown, where: string, timeoutMs: number): string {
  const name = error instanceof Error ? error.name : '';
  if (name === 'TimeoutError' || name === 'AbortError') return `${where} did not answer within ${timeoutMs / 1000} s.`;
  const code =
    error instanceof Error && typeof (error.cause as { code?: unknown } | undefined)?.code === 'string'
      ? (error.cause as { code: string }).code
      : '';
  if (code === 'ECONNREFUSED') return `Nothing is listening at ${where} (is the server running?).`;
  if (code === 'ENOTFOUND') return `${where}: host not found.`;
  return `Could not reach ${where}${code ? ` (${code})` : ''}.`;
}
