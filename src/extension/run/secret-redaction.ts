// Secret values a run resolved are replaced before its events reach the Output channel, the canvas
// or the kept trace: a `{{secret:NAME}}` reference that ends up in a node's output must not leak
// there. The run's own result (returned to the caller that started it) is left as it is.
import type { SecretStore } from '../../engine';

const mask = '••••••';
/** Shorter values would redact ordinary words; real secrets are longer. */
const minimumLength = 4;

export class RedactingSecrets implements SecretStore {
  private readonly values = new Set<string>();

  constructor(private readonly inner: SecretStore) {}

  async get(name: string): Promise<string | undefined> {
    const value = await this.inner.get(name);
    if (value !== undefined && value.length >= minimumLength) this.values.add(value);
    return value;
  }

  /** `value` with every resolved secret masked, copying only what changes. */
  redact<T>(value: T): T {
    if (this.values.size === 0) return value;
    return this.walk(value) as T;
  }

  private walk(value: unknown): unknown {
    if (typeof value === 'string') {
      let text = value;
      for (const secret of this.values) if (text.includes(secret)) text = text.split(secret).join(mask);
      return text;
    }
    if (Array.isArray(value)) return value.map((item) => this.walk(item));
    if (value !== null && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [key, child] of Object.entries(value)) out[key] = this.walk(child);
      return out;
    }
    return value;
  }
}
