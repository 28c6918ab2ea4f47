// The redactor of a run: every value resolved from a `{{secret:}}` or `{{env:}}` reference is
// registered here, and every error, event, output and trace of the run passes through it before
// anyone sees it (the editor's Output channel and canvas, the CLI, an MCP caller of a served flow).
import type { RunEvent } from '../executor/events';
import { setOwn } from '../objects/own-property';

export const REDACTION_MASK = '••••••';

/** Shorter secret values would mask ordinary words; real keys are longer. */
const minimumSecretLength = 4;
/**
 * Environment values are often flags and small numbers ("1", "true", "info"); masking those would
 * garble every output, and they are not credentials.
 */
const minimumEnvLength = 8;

const cutMarkers = ['…', '...', '"...'];
/** A shorter start of a value before a cut is too likely to be ordinary text. */
const minimumCutStart = 3;

export class Redactor {
  // Made on first use: most runs resolve nothing, and a flow served as a tool runs thousands of times a second.
  private values: Set<string> | undefined;

  get isEmpty(): boolean {
    return this.values === undefined;
  }

  /** Remembers a resolved value (and its JSON-escaped form, as it appears inside JSON text). */
  add(value: string, kind: 'secret' | 'env' = 'secret'): void {
    if (value.length < (kind === 'env' ? minimumEnvLength : minimumSecretLength)) return;
    const values = (this.values ??= new Set());
    values.add(value);
    const escaped = JSON.stringify(value).slice(1, -1);
    if (escaped !== value) values.add(escaped);
  }

  /** `text` with every registered value masked. */
  redactText(text: string): string {
    const values = this.values;
    if (!values) return text;
    let out = text;
    for (const secret of values) if (out.includes(secret)) out = out.split(secret).join(REDACTION_MASK);
    // Components and V8's JSON.parse errors shorten what they quote ("…", "..."); a cut through a value
    // leaves its start, masked here too.
    if (out.includes('…') || out.includes('...')) out = this.maskCutStarts(out, values);
    return out;
  }

  private maskCutStarts(text: string, values: ReadonlySet<string>): string {
    let out = text;
    for (const secret of values) {
      for (let length = secret.length - 1; length >= minimumCutStart; length--) {
        const start = secret.slice(0, length);
        const marker = cutMarkers.find((m) => out.includes(start + m));
        if (marker !== undefined) {
          out = out.split(start + marker).join(REDACTION_MASK + marker);
          break;
        }
      }
    }
    return out;
  }

  /** `value` with every registered value masked in its strings (keys included), copying only what changes. */
  redact<T>(value: T): T {
    if (!this.values) return value;
    return this.walk(value, 0) as T;
  }

  /**
   * A run event with every registered value masked. A truncated MCP payload may also end in the first
   * characters of a value the cut went through; that start is masked too.
   */
  redactEvent(event: RunEvent): RunEvent {
    if (!this.values) return event;
    const redacted = this.redact(event);
    if (redacted.type !== 'node.mcp-message' || !redacted.truncated || typeof redacted.payload !== 'string') return redacted;
    return { ...redacted, payload: this.maskCutValue(redacted.payload) };
  }

  private maskCutValue(text: string): string {
    for (const secret of this.values ?? []) {
      for (let length = Math.min(secret.length - 1, text.length); length >= 1; length--) {
        if (text.endsWith(secret.slice(0, length))) return text.slice(0, text.length - length) + REDACTION_MASK;
      }
    }
    return text;
  }

  private walk(value: unknown, depth: number): unknown {
    if (typeof value === 'string') return this.redactText(value);
    // Run values come from JSON and components; a cycle or absurd depth is not redacted further but cut.
    if (depth > 200) return REDACTION_MASK;
    if (Array.isArray(value)) {
      let copy: unknown[] | undefined;
      value.forEach((item, i) => {
        const next = this.walk(item, depth + 1);
        if (next !== item) (copy ??= [...value])[i] = next;
      });
      return copy ?? value;
    }
    if (value !== null && typeof value === 'object') {
      if (!isPlainObject(value)) return value;
      let changed = false;
      const out: Record<string, unknown> = {};
      for (const [key, child] of Object.entries(value)) {
        const nextKey = this.redactText(key);
        const next = this.walk(child, depth + 1);
        if (next !== child || nextKey !== key) changed = true;
        setOwn(out, nextKey, next);
      }
      return changed ? out : value;
    }
    return value;
  }
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}
