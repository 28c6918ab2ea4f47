// A Prompt flow input as one of our input components, by its declared type.
import { hasReferences } from '../secrets/references';
import type { PromptflowInput } from './promptflow-yaml';

export interface InputComponent {
  type: 'input.text' | 'input.number' | 'input.json';
  params: Record<string, unknown>;
  /** The output port that carries the value. */
  port: string;
}

export function flowInputComponent(name: string, spec: PromptflowInput, warn: (message: string) => void): InputComponent {
  const description = spec.description ? { description: spec.description } : {};
  const fallback = literalDefault(spec.default, warn);
  switch (spec.type ?? 'string') {
    case 'int':
    case 'double': {
      const value =
        typeof fallback === 'number' ? fallback : typeof fallback === 'string' && fallback.trim() !== '' ? Number(fallback) : undefined;
      return {
        type: 'input.number',
        params: { name, ...description, ...(value !== undefined && Number.isFinite(value) ? { default: value } : {}) },
        port: 'value',
      };
    }
    case 'list':
    case 'object':
    case 'bool':
      return {
        type: 'input.json',
        params: { name, ...description, ...(fallback !== undefined ? { default: fallback } : {}) },
        port: 'value',
      };
    default:
      if (spec.type !== undefined && spec.type !== 'string') warn(`input type '${spec.type}' became a text input`);
      return {
        type: 'input.text',
        params: {
          name,
          ...description,
          ...(fallback !== undefined && fallback !== null
            ? { default: typeof fallback === 'string' ? fallback : JSON.stringify(fallback) }
            : {}),
        },
        port: 'text',
      };
  }
}

/** A default value, unless it holds `{{secret:...}}`/`{{env:...}}`: those would be resolved at run time and could leak. */
function literalDefault(value: unknown, warn: (message: string) => void): unknown {
  if (value === undefined || !hasReferences(value)) return value;
  warn('the default holds a {{secret:...}} or {{env:...}} reference; not carried over');
  return undefined;
}
