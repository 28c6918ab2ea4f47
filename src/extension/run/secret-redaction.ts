// Secret values a run resolved are replaced before its events reach the Output channel, the canvas
// or the kept trace: a `{{secret:NAME}}` reference that ends up in a node's output or in an MCP
// message it sent must not leak there. The run's own result (returned to the caller that started it)
// is left as it is.
import type { RunEvent, SecretStore } from '../../engine';

const mask = '••••••';
/** Shorter values would redact ordinary words; real secrets are longer. */
const minimumLength = 4;

export class RedactingSecrets implements SecretStore {
  /** Each resolved value, and the same value as it appears inside JSON text when that differs. */
  private readonly values = new Set<string>();

  constructor(private readonly inner: SecretStore) {}

  async get(name: string): Promise<string | undefined> {
    const value = await this.inner.get(name);
    if (value !== undefined && value.length >= minimumLength) {
      this.values.add(value);
      // A truncated MCP payload is JSON text, where quotes, backslashes and control characters are escaped.
      this.values.add(JSON.stringify(value).slice(1, -1));
    }
    return value;
  }

  /** `value` with every resolved secret masked, copying only what changes. */
  redact<T>(value: T): T {
    if (this.values.size === 0) return value;
    return this.walk(value) as T;
  }

  /**
   * A run event with every resolved secret masked. A truncated MCP payload may also end in the first
   * characters of a secret the cut went through; that start is masked too.
   */
  redactEvent(event: RunEvent): RunEvent {
    const redacted = this.redact(event);
    if (redacted.type !== 'node.mcp-message' || !redacted.truncated || typeof redacted.payload !== 'string') return redacted;
    return { ...redacted, payload: this.maskCutSecret(redacted.payload) };
  }

  private maskCutSecret(text: string): string {
    for (const secret of this.values) {
      for (let length = Math.min(secret.length - 1, text.length); length >= 1; length--) {
        if (text.endsWith(secret.slice(0, length))) return text.slice(0, text.length - length) + mask;
      }
    }
    return text;
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
