// Where the editor lets a resolved `{{secret:}}` or `{{env:}}` go. Secrets go to the destinations
// stored with them; `{{env:NAME}}` resolves only names listed in flowstudio.allowedEnvironmentVariables
// (the editor's environment holds cloud and Git tokens). A run asks before sending to anything else;
// the model picker never asks and never sends.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { createBindingPolicy, type BindingAnswer, type SecretBindingPolicy, type SecretUse } from '../../engine/secrets/binding-policy';
import { DEFAULT_SECRET_ORIGINS } from '../../engine/secrets/destinations';
import type { SecretStorageStore, ShowModal } from './secret-storage-store';

export const ALLOWED_ENV_SETTING = 'flowstudio.allowedEnvironmentVariables';

export const ALLOW_ONCE = 'Allow Once';
export const ALLOW_ALWAYS = 'Allow Always for This Origin';
export const DENY = 'Deny';

export function allowedEnvironmentVariables(): readonly string[] {
  const names = vscode.workspace.getConfiguration('flowstudio').get<unknown>('allowedEnvironmentVariables', []);
  return Array.isArray(names) ? names.filter((n): n is string => typeof n === 'string') : [];
}

/** For validation: why a `{{env:NAME}}` reference will be refused in this workspace, if it will be. */
export function unlistedEnvReason(name: string): string | undefined {
  if (allowedEnvironmentVariables().includes(name)) return undefined;
  return (
    `the editor resolves only environment variables listed in the setting ${ALLOWED_ENV_SETTING}, and ${name} is not; ` +
    'add it there (workspace settings) to use it in the editor'
  );
}

export function refuseUnlistedEnv(name: string): string | undefined {
  if (allowedEnvironmentVariables().includes(name)) return undefined;
  return (
    `{{env:${name}}} is refused: environment variable '${name}' is not listed in the setting ${ALLOWED_ENV_SETTING}; ` +
    'add it there (workspace settings) to use it in the editor'
  );
}

function howToBind(use: SecretUse & { destination: string }): string {
  return use.kind === 'secret'
    ? `add ${use.destination} to its destinations with "FlowStudio: Secret Destinations"`
    : `allow it when asked, or add the destination with "FlowStudio: Secret Destinations"`;
}

/** The modal of a run: the secret, the origin, the flow file and node; allow once, always for this origin, or deny. */
export async function askToSend(use: SecretUse & { destination: string }, showModal: ShowModal): Promise<BindingAnswer> {
  const what = use.kind === 'secret' ? `secret "${use.name}"` : `environment variable "${use.name}"`;
  const file = use.file ? vscode.workspace.asRelativePath(use.file) : 'this flow';
  const answer = await showModal(
    `Send ${what} to ${use.destination}?`,
    {
      modal: true,
      detail:
        `Node "${use.nodeId}" (${use.nodeType}) in ${file || path.basename(use.file ?? '')} would send it there, ` +
        'but it is not bound to that destination. Only allow origins you trust with this value.',
    },
    ALLOW_ONCE,
    ALLOW_ALWAYS,
    DENY,
  );
  return answer === ALLOW_ONCE ? 'once' : answer === ALLOW_ALWAYS ? 'always' : 'deny';
}

/** The policy of one editor run: asks about unbound destinations, and stores "allow always". */
export function editorRunPolicy(store: SecretStorageStore): SecretBindingPolicy {
  return createBindingPolicy({
    boundTo: (kind, name) => store.destinationsOf(kind, name),
    refuseEnvName: refuseUnlistedEnv,
    ask: (use) => askToSend(use, store.showModal),
    bind: (kind, name, destination) => store.addDestination(kind, name, destination, DEFAULT_SECRET_ORIGINS),
    howToBind,
  });
}

/** The model picker's policy: a key only for a bound origin, no prompt while the user merely looks at a node. */
export function editorPickerPolicy(store: SecretStorageStore | undefined): SecretBindingPolicy {
  return createBindingPolicy({
    boundTo: (kind, name) => store?.destinationsOf(kind, name),
    refuseEnvName: refuseUnlistedEnv,
    howToBind: (use) => `${howToBind(use)}, then reopen the node`,
  });
}
