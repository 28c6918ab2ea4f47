// API keys in a Langflow export become `{{secret:NAME}}` references; a key value itself never leaves this module.
import type { ImportWarning } from './import-result';
import type { LangflowNode } from './langflow-source';

const SECRET_NAME = /^[A-Za-z_][A-Za-z0-9_.-]{0,127}$/;

/** Field names that hold keys even where an old export forgot to mark them as passwords. */
const KEY_FIELD = /(^|_)(api_?key|token|secret|password)$/i;

export class SecretReferences {
  /** Literal keys found in the export, kept only to scrub them from anything the importer writes. */
  private readonly values = new Set<string>();

  constructor(private readonly warnings: ImportWarning[]) {}

  /** Collects every literal secret of the export before any output is built, so scrubbing sees them all. */
  collect(nodes: readonly LangflowNode[]): void {
    for (const node of nodes)
      for (const [name, field] of node.fields) {
        if (!(field.isSecret || KEY_FIELD.test(name)) || field.isVariableName) continue;
        if (typeof field.value === 'string' && field.value.trim().length >= 4) this.values.add(field.value.trim());
      }
  }

  /**
   * The reference for a key field: the Langflow global variable it names, else `fallback`.
   * Undefined when the field is empty and not a variable (the provider's own default applies then).
   */
  reference(node: LangflowNode, fieldName: string, fallback: string): string | undefined {
    const field = node.fields.get(fieldName);
    if (!field) return undefined;
    const value = typeof field.value === 'string' ? field.value.trim() : '';
    if (value === '') return this.use(fallback);
    if (field.isVariableName && SECRET_NAME.test(value)) return this.use(value);
    this.warnings.push({
      sourceId: node.id,
      message: `${node.displayName}: the key in '${fieldName}' was left out; store it as the secret ${fallback} (FlowStudio: Set Secret)`,
    });
    return this.use(fallback);
  }

  /** The first key field of a node that has one, under `fallback` when it holds a literal value. */
  referenceOfAny(node: LangflowNode, fallback: string): string | undefined {
    for (const [name, field] of node.fields) if (field.isSecret || KEY_FIELD.test(name)) return this.reference(node, name, fallback);
    return undefined;
  }

  private use(name: string): string {
    return `{{secret:${name}}}`;
  }

  /** Replaces every literal key of the export found in `value` (deeply), so none reaches params, notes or messages. */
  scrub<T>(value: T): T {
    if (this.values.size === 0) return value;
    return scrubValue(value, [...this.values]) as T;
  }
}

/** What stands where a key value was found in text; plain words, so no reference to a secret that does not exist. */
export const KEY_REMOVED = '[key removed]';

function scrubValue(value: unknown, secrets: readonly string[]): unknown {
  if (typeof value === 'string') {
    let result = value;
    for (const secret of secrets) if (result.includes(secret)) result = result.split(secret).join(KEY_REMOVED);
    return result;
  }
  if (Array.isArray(value)) return value.map((item) => scrubValue(item, secrets));
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrubValue(v, secrets)]));
  return value;
}

/** An upper-case secret name from words, such as ASTRA_DB_TOKEN. */
export function secretNameFrom(...words: string[]): string {
  return (
    words
      .join('_')
      .replace(/[^A-Za-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '')
      .toUpperCase() || 'API_KEY'
  );
}
