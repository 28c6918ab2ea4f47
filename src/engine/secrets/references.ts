// `{{secret:NAME}}` and `{{env:NAME}}` references in params, resolved only at run time so a secret
// value never lands in a flow file.
import type { SecretStore } from './secret-store';

const REFERENCE = /\{\{\s*(secret|env):([A-Za-z0-9_.\-]+)\s*\}\}/g;

export interface ReferenceSources {
  secrets: SecretStore;
  env: NodeJS.ProcessEnv;
}

export function hasReferences(value: unknown): boolean {
  if (typeof value === 'string') return /\{\{\s*(secret|env):/.test(value);
  if (Array.isArray(value)) return value.some(hasReferences);
  if (typeof value === 'object' && value !== null) return Object.values(value).some(hasReferences);
  return false;
}

export class MissingSecretError extends Error {
  constructor(readonly kind: 'secret' | 'env', readonly secretName: string) {
    super(
      kind === 'secret'
        ? `secret '${secretName}' is not set (set it with "FlowStudio: Set Secret", or as the environment variable ${secretName} for the CLI)`
        : `environment variable '${secretName}' is not set`,
    );
  }
}

/** Returns a copy of `value` with every reference replaced; throws MissingSecretError for an unset one. */
export async function resolveReferences(value: unknown, sources: ReferenceSources): Promise<unknown> {
  if (typeof value === 'string') return resolveString(value, sources);
  if (Array.isArray(value)) return Promise.all(value.map((item) => resolveReferences(item, sources)));
  if (typeof value === 'object' && value !== null) {
    const entries = await Promise.all(
      Object.entries(value).map(async ([key, item]) => [key, await resolveReferences(item, sources)] as const),
    );
    return Object.fromEntries(entries);
  }
  return value;
}

async function resolveString(text: string, sources: ReferenceSources): Promise<string> {
  const matches = [...text.matchAll(REFERENCE)];
  if (matches.length === 0) return text;
  let out = '';
  let last = 0;
  for (const match of matches) {
    const kind = match[1] as 'secret' | 'env';
    const name = match[2] ?? '';
    const resolved = kind === 'secret' ? await sources.secrets.get(name) : sources.env[name];
    if (resolved === undefined) throw new MissingSecretError(kind, name);
    out += text.slice(last, match.index) + resolved;
    last = match.index + match[0].length;
  }
  return out + text.slice(last);
}
