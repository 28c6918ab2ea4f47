// Remembers node outputs by (component, params, inputs) across runs, so "run to here" and re-runs
// reuse what has not changed upstream. Keys are hashes: secrets in inputs never sit in the map as text.
import { createHash } from 'node:crypto';
import type { ComponentOutputs } from '../components/define-component';

export class RunCache {
  private readonly entries = new Map<string, ComponentOutputs>();

  constructor(private readonly maxEntries = 10_000) {}

  /** The cache key, or undefined when the inputs cannot be keyed (functions, cycles, bigints). */
  keyFor(type: string, params: unknown, inputs: Record<string, unknown>): string | undefined {
    try {
      return createHash('sha256')
        .update(type)
        .update('\0')
        .update(stableJson(params))
        .update('\0')
        .update(stableJson(inputs))
        .digest('base64');
    } catch {
      return undefined;
    }
  }

  get(key: string): ComponentOutputs | undefined {
    return this.entries.get(key);
  }

  set(key: string, outputs: ComponentOutputs): void {
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(key, outputs);
  }

  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
  }
}

function stableJson(value: unknown, seen = new Set<object>()): string {
  if (value === undefined) return 'undefined';
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint') throw new Error('not keyable');
    return JSON.stringify(value);
  }
  if (seen.has(value)) throw new Error('cyclic');
  seen.add(value);
  const out = Array.isArray(value)
    ? `[${value.map((v) => stableJson(v, seen)).join(',')}]`
    : `{${Object.keys(value)
        .sort()
        .map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k], seen)}`)
        .join(',')}}`;
  seen.delete(value);
  return out;
}
