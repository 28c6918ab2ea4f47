// `{{secret:NAME}}` and `{{env:NAME}}` references in params, resolved only at run time so a secret
// value never lands in a flow file. Resolving, checking where the value goes and registering it with
// the run's redactor happen together in resolveNodeReferences (resolve-node.ts).
import type { SecretStore } from './secret-store';

const REFERENCE = /\{\{\s*(secret|env):([A-Za-z0-9_.-]+)\s*\}\}/g;

export interface ReferenceSources {
  secrets: SecretStore;
  env: NodeJS.ProcessEnv;
}

export interface Reference {
  kind: 'secret' | 'env';
  name: string;
}

export function hasReferences(value: unknown): boolean {
  if (typeof value === 'string') return /\{\{\s*(secret|env):/.test(value);
  if (Array.isArray(value)) return value.some(hasReferences);
  if (typeof value === 'object' && value !== null) return Object.values(value).some(hasReferences);
  return false;
}

/** Every distinct reference in `value`, in order of first appearance. */
export function referencesIn(value: unknown): Reference[] {
  const seen = new Map<string, Reference>();
  const visit = (item: unknown) => {
    if (typeof item === 'string') {
      for (const match of item.matchAll(REFERENCE)) {
        const reference = { kind: match[1] as Reference['kind'], name: match[2] ?? '' };
        const key = `${reference.kind}:${reference.name}`;
        if (!seen.has(key)) seen.set(key, reference);
      }
    } else if (Array.isArray(item)) {
      item.forEach(visit);
    } else if (typeof item === 'object' && item !== null) {
      Object.values(item).forEach(visit);
    }
  };
  visit(value);
  return [...seen.values()];
}

export class MissingSecretError extends Error {
  constructor(
    readonly kind: 'secret' | 'env',
    readonly secretName: string,
  ) {
    super(
      kind === 'secret'
        ? `secret '${secretName}' is not set (set it with "FlowStudio: Set Secret", or as the environment variable ${secretName} for the CLI)`
        : `environment variable '${secretName}' is not set`,
    );
  }
}

/** Reads the value of each reference; throws MissingSecretError for an unset one. */
export async function readReferences(references: readonly Reference[], sources: ReferenceSources): Promise<Map<string, string>> {
  const values = new Map<string, string>();
  for (const reference of references) {
    const value = reference.kind === 'secret' ? await sources.secrets.get(reference.name) : sources.env[reference.name];
    if (value === undefined) throw new MissingSecretError(reference.kind, reference.name);
    values.set(`${reference.kind}:${reference.name}`, value);
  }
  return values;
}

/** A copy of `value` with every reference replaced by its value from `values` (keyed `kind:name`). */
export function substituteReferences(value: unknown, values: ReadonlyMap<string, string>): unknown {
  if (typeof value === 'string')
    return value.replace(REFERENCE, (text, kind: string, name: string) => values.get(`${kind}:${name}`) ?? text);
  if (Array.isArray(value)) return value.map((item) => substituteReferences(item, values));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, substituteReferences(item, values)]));
  }
  return value;
}
