// The forms a person can be asked to fill: MCP elicitation allows a flat object of primitive
// properties (string, number, integer, boolean, a single- or multi-select enum). Checked before a
// question is asked, and each answer is checked against the schema before a run uses it.
import { Ajv, type ValidateFunction } from 'ajv';
import type { FormAskRequest } from './human-input';

export type FormSchema = FormAskRequest['requestedSchema'];

/** The kind of one form field, as hosts render it; undefined for a property a form cannot show. */
export type FieldKind = 'string' | 'number' | 'integer' | 'boolean' | 'enum' | 'multi-enum';

export interface FieldChoice {
  value: string;
  title: string;
}

export function fieldKindOf(property: Record<string, unknown>): FieldKind | undefined {
  if (choicesOf(property)) return 'enum';
  if (property.type === 'array') return multiChoicesOf(property) ? 'multi-enum' : undefined;
  const type = property.type;
  if (type === 'string' || type === 'number' || type === 'integer' || type === 'boolean') return type;
  return undefined;
}

/** A single-select field's choices: `enum` (with legacy `enumNames`) or `oneOf` of `{const, title}`. */
export function choicesOf(property: Record<string, unknown>): FieldChoice[] | undefined {
  if (property.type !== 'string' && property.type !== undefined) return undefined;
  return enumChoices(property);
}

/** A multi-select field's choices: `items.enum` or `items.anyOf` of `{const, title}`. */
export function multiChoicesOf(property: Record<string, unknown>): FieldChoice[] | undefined {
  const items = property.items;
  if (typeof items !== 'object' || items === null) return undefined;
  return enumChoices(items as Record<string, unknown>);
}

function enumChoices(schema: Record<string, unknown>): FieldChoice[] | undefined {
  if (Array.isArray(schema.enum) && schema.enum.every((v) => typeof v === 'string')) {
    const names = Array.isArray(schema.enumNames) ? schema.enumNames : [];
    return (schema.enum as string[]).map((value, i) => ({ value, title: typeof names[i] === 'string' ? names[i] : value }));
  }
  const options = Array.isArray(schema.oneOf) ? schema.oneOf : Array.isArray(schema.anyOf) ? schema.anyOf : undefined;
  if (!options?.length) return undefined;
  const choices: FieldChoice[] = [];
  for (const option of options as Record<string, unknown>[]) {
    if (typeof option?.const !== 'string') return undefined;
    choices.push({ value: option.const, title: typeof option.title === 'string' ? option.title : option.const });
  }
  return choices;
}

/** What is wrong with a schema as a form, one line per problem; empty when a person can fill it. */
export function formSchemaProblems(schema: unknown): string[] {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) return ['the schema must be a JSON object'];
  const s = schema as Record<string, unknown>;
  if (s.type !== 'object') return ['the schema must have "type": "object"'];
  const properties = s.properties;
  if (typeof properties !== 'object' || properties === null || Array.isArray(properties) || Object.keys(properties).length === 0)
    return ['the schema needs "properties" with at least one field'];
  const problems: string[] = [];
  for (const [name, property] of Object.entries(properties as Record<string, unknown>)) {
    if (typeof property !== 'object' || property === null || !fieldKindOf(property as Record<string, unknown>))
      problems.push(`property '${name}' must be a string, number, integer, boolean or enum (forms hold no nested objects)`);
  }
  if (s.required !== undefined) {
    if (!Array.isArray(s.required) || !s.required.every((r) => typeof r === 'string')) problems.push('"required" must list property names');
    else
      for (const r of s.required as string[]) if (!(r in properties)) problems.push(`required property '${r}' is not among the properties`);
  }
  return problems;
}

// Made on first use: in the extension, ajv comes in a bundle loaded only then.
let ajv: Ajv | undefined;
const compiled = new WeakMap<object, ValidateFunction>();

/** Why `content` does not answer `schema` (ajv's findings, one per line), or undefined when it does. */
export function answerProblems(schema: FormSchema, content: unknown): string | undefined {
  let validate = compiled.get(schema);
  if (!validate) {
    // `format` values (email, date) are hints for the form, not checked: ajv would need ajv-formats.
    validate = (ajv ??= new Ajv({ strict: false, allErrors: true, validateFormats: false })).compile(schema);
    compiled.set(schema, validate);
  }
  if (validate(content)) return undefined;
  return (validate.errors ?? []).map((e) => `${e.instancePath || 'the answer'} ${e.message ?? 'is invalid'}`).join('; ');
}
