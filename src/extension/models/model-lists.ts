// The host side of the inspector's model picker: the editor's own chat models (vscode.lm) and the
// models a local or self-hosted server lists, for a node's provider. Only the host makes network
// requests (the webview's CSP forbids them), and an apiKey reference is resolved here, never sent on,
// and used only for an origin the key is bound to.
import * as vscode from 'vscode';
import type { SecretStore } from '../../engine';
import { listServerModels } from '../../engine/llm/server-models';
import type { ModelOption, ModelsMessage } from '../../protocol/messages';
import { editorPickerPolicy } from '../secrets/editor-secret-policy';
import { SecretStorageStore } from '../secrets/secret-storage-store';

/** Model params of a node, as the flow file has them (not yet validated). */
export interface NodeModelParams {
  provider?: unknown;
  baseURL?: unknown;
  apiKey?: unknown;
}

export type ModelList = Omit<ModelsMessage, 'type' | 'requestId'>;

/**
 * The editor's chat models, each with the `model` value selectEditorModel (editor-language-model.ts)
 * finds it by: "vendor/family", or "vendor/id" where a vendor has several models of one family.
 */
export async function editorChatModels(): Promise<ModelOption[]> {
  const models = await vscode.lm.selectChatModels({});
  const familyCount = new Map<string, number>();
  for (const m of models) familyCount.set(`${m.vendor}/${m.family}`, (familyCount.get(`${m.vendor}/${m.family}`) ?? 0) + 1);
  const options = new Map<string, ModelOption>();
  for (const m of models) {
    const byFamily = `${m.vendor}/${m.family}`;
    const id = familyCount.get(byFamily) === 1 ? byFamily : `${m.vendor}/${m.id}`;
    if (!options.has(id)) options.set(id, { id, label: m.name, detail: `${m.vendor} · ${m.family}` });
  }
  return [...options.values()];
}

/** What the picker can suggest for these params; failures come back as a note, never as an error. */
export async function modelListFor(params: NodeModelParams, secrets: SecretStore, isTrusted: boolean): Promise<ModelList> {
  const provider = typeof params.provider === 'string' ? params.provider : '';
  const baseURL = typeof params.baseURL === 'string' && params.baseURL ? params.baseURL : undefined;
  if (provider === 'vscode') {
    try {
      const models = await editorChatModels();
      return {
        provider,
        models,
        ...(models.length ? {} : { note: 'The editor offers no chat models (sign in to GitHub Copilot or another model provider).' }),
      };
    } catch (error) {
      return { provider, models: [], note: `The editor did not list its chat models: ${(error as Error).message}` };
    }
  }
  if (provider !== 'ollama' && provider !== 'openai-compatible') return { provider: provider || 'unknown', models: [] };
  const at = baseURL ? { baseURL } : {};
  // A flow file names the URL; in a workspace not trusted yet, opening the inspector must not contact it.
  if (!isTrusted) return { provider, ...at, models: [], note: 'Models are not listed from servers in an untrusted workspace.' };
  const list = await listServerModels({
    provider,
    baseURL,
    apiKey: typeof params.apiKey === 'string' && params.apiKey ? params.apiKey : undefined,
    sources: { secrets, env: process.env },
    policy: editorPickerPolicy(secrets instanceof SecretStorageStore ? secrets : undefined),
  });
  return { provider, ...at, models: list.models, ...(list.note ? { note: list.note } : {}) };
}
