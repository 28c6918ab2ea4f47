// Turns a component's params JSON Schema into the inspector's fields, checks a value against its
// field inline, and gives a new node's starting params. Only the JSON Schema subset zod emits for
// our components is interpreted; anything else is edited as JSON, which is always possible.

export type JsonSchema = Record<string, unknown>;

export type FieldKind = 'text' | 'multiline' | 'number' | 'integer' | 'boolean' | 'enum' | 'json';

export interface ParamField {
  name: string;
  kind: FieldKind;
  required: boolean;
  description?: string;
  options?: string[];
  defaultValue?: unknown;
  /** A field that may hold a key or token: offered the secret picker. */
  isSecretCandidate: boolean;
  schema: JsonSchema;
}

const multilineNames = /^(template|system|instructions|prompt|text|description|code|body)$/i;
const secretNames = /(key|token|secret|password|authorization)/i;

function asSchema(value: unknown): JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonSchema) : {};
}

/** Union members other than null, so `string | null` and optional wrappers read as their type. */
function unwrap(schema: JsonSchema): JsonSchema {
  const members = (schema.anyOf ?? schema.oneOf) as unknown[] | undefined;
  if (!Array.isArray(members)) return schema;
  const nonNull = members.map(asSchema).filter((m) => m.type !== 'null');
  return nonNull.length === 1 ? { ...schema, ...nonNull[0], anyOf: undefined, oneOf: undefined } : schema;
}

function kindOf(name: string, schema: JsonSchema): FieldKind {
  if (Array.isArray(schema.enum) && schema.enum.every((v) => typeof v === 'string')) return 'enum';
  if (typeof schema.const === 'string') return 'enum';
  switch (schema.type) {
    case 'string':
      return multilineNames.test(name) ? 'multiline' : 'text';
    case 'number':
      return 'number';
    case 'integer':
      return 'integer';
    case 'boolean':
      return 'boolean';
    default:
      return 'json';
  }
}

export function paramFields(paramsSchema: JsonSchema): ParamField[] {
  const properties = asSchema(paramsSchema.properties);
  const required = new Set(Array.isArray(paramsSchema.required) ? (paramsSchema.required as string[]) : []);
  return Object.entries(properties).map(([name, raw]) => {
    const schema = unwrap(asSchema(raw));
    const kind = kindOf(name, schema);
    const options = kind === 'enum' ? (Array.isArray(schema.enum) ? (schema.enum as string[]) : [schema.const as string]) : undefined;
    return {
      name,
      kind,
      required: required.has(name) && schema.default === undefined,
      ...(typeof schema.description === 'string' ? { description: schema.description } : {}),
      ...(options ? { options } : {}),
      ...(schema.default !== undefined ? { defaultValue: schema.default } : {}),
      isSecretCandidate:
        (kind === 'text' || kind === 'multiline') && (secretNames.test(name) || /secret/i.test(String(schema.description ?? ''))),
      schema,
    };
  });
}

/** Why a value does not fit its field, or undefined when it does. Absent optional values fit. */
export function fieldProblem(field: ParamField, value: unknown): string | undefined {
  if (value === undefined || value === '') return field.required ? `${field.name} is required` : undefined;
  const s = field.schema;
  switch (field.kind) {
    case 'text':
    case 'multiline': {
      if (typeof value !== 'string') return `${field.name} must be text`;
      if (typeof s.minLength === 'number' && value.length < s.minLength) return `${field.name} needs at least ${s.minLength} characters`;
      if (typeof s.pattern === 'string' && !new RegExp(s.pattern).test(value)) return `${field.name} must match ${s.pattern}`;
      return undefined;
    }
    case 'number':
    case 'integer': {
      if (typeof value !== 'number' || Number.isNaN(value)) return `${field.name} must be a number`;
      if (field.kind === 'integer' && !Number.isInteger(value)) return `${field.name} must be a whole number`;
      if (typeof s.minimum === 'number' && value < s.minimum) return `${field.name} must be at least ${s.minimum}`;
      if (typeof s.maximum === 'number' && value > s.maximum) return `${field.name} must be at most ${s.maximum}`;
      if (typeof s.exclusiveMinimum === 'number' && value <= s.exclusiveMinimum)
        return `${field.name} must be more than ${s.exclusiveMinimum}`;
      return undefined;
    }
    case 'boolean':
      return typeof value === 'boolean' ? undefined : `${field.name} must be true or false`;
    case 'enum':
      return field.options?.includes(String(value)) ? undefined : `${field.name} must be one of ${field.options?.join(', ')}`;
    case 'json':
      return undefined;
  }
}

/** What typed text means for its field: the value to send, or the problem that keeps it from being sent. */
export function typedValue(field: ParamField, text: string): { value: unknown } | { problem: string } {
  const parsed = parseFieldInput(field, text);
  if ('error' in parsed) return { problem: parsed.error };
  const problem = fieldProblem(field, parsed.value);
  return problem ? { problem } : { value: parsed.value };
}

/**
 * What committing typed text does: the problem to show (undefined when there is none) and, when
 * the text parses, passes and differs from the current value, the value to write.
 */
export function fieldCommit(
  field: ParamField,
  text: string,
  current: unknown,
): { problem: string | undefined; changed?: { value: unknown } } {
  const parsed = parseFieldInput(field, text);
  if ('error' in parsed) return { problem: parsed.error };
  const problem = fieldProblem(field, parsed.value);
  if (problem) return { problem };
  return JSON.stringify(parsed.value) === JSON.stringify(current)
    ? { problem: undefined }
    : { problem: undefined, changed: { value: parsed.value } };
}

/** Parses what the user typed into a field into the param value; `error` when it cannot. */
export function parseFieldInput(field: ParamField, input: string): { value: unknown } | { error: string } {
  if (input === '') return { value: undefined };
  switch (field.kind) {
    case 'number':
    case 'integer': {
      const n = Number(input);
      return Number.isNaN(n) ? { error: `${field.name} must be a number` } : { value: n };
    }
    case 'json':
      try {
        return { value: JSON.parse(input) as unknown };
      } catch (error) {
        return { error: `${field.name}: not valid JSON (${(error as Error).message})` };
      }
    default:
      return { value: input };
  }
}

/** How a param value shows in a text box. */
export function fieldText(field: ParamField, value: unknown): string {
  if (value === undefined) return '';
  if (field.kind === 'json') return JSON.stringify(value, null, 2);
  return typeof value === 'string' ? value : String(value);
}

/** Starting params for a new node: required fields get their default, the first option, or a name from the node id. */
export function initialParams(paramsSchema: JsonSchema, nodeId: string): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  const required = new Set(Array.isArray(paramsSchema.required) ? (paramsSchema.required as string[]) : []);
  for (const field of paramFields(paramsSchema)) {
    if (!required.has(field.name) || field.defaultValue !== undefined) continue;
    if (field.kind === 'enum' && field.options?.[0] !== undefined) params[field.name] = field.options[0];
    else if (field.name === 'name') params[field.name] = nodeId;
    else if (field.kind === 'text' || field.kind === 'multiline') params[field.name] = '';
    else if (field.kind === 'number' || field.kind === 'integer')
      params[field.name] = typeof field.schema.minimum === 'number' ? field.schema.minimum : 0;
    else if (field.kind === 'boolean') params[field.name] = false;
  }
  return params;
}

/** A one-line summary of a node's params for its card: the first few set values. */
export function paramsSummary(params: Record<string, unknown> | undefined, limit = 2): string {
  if (!params) return '';
  return Object.entries(params)
    .filter(([, v]) => v !== undefined && v !== '')
    .slice(0, limit)
    .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' · ')
    .slice(0, 80);
}

export function secretReference(name: string): string {
  return `{{secret:${name}}}`;
}
