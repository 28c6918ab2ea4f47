// Finds `{{secret:NAME}}` / `{{env:NAME}}` references in node params whose value is not set, so a
// missing API key is reported before a run starts, naming the exact setting to fill in.
import type { Flow } from '../flow/schema';
import type { JsonPath } from '../flow/source';

export interface ReferenceAvailability {
  /** Whether a value exists for the reference; the CLI answers from the environment, the host from its secret storage. */
  isSet(kind: 'secret' | 'env', name: string): boolean;
  /** 'error' before a run (the default); 'warning' when only checking the file. */
  severity?: 'error' | 'warning';
}

export interface UnsetReference {
  nodeId: string;
  nodeType: string;
  path: JsonPath;
  kind: 'secret' | 'env';
  name: string;
}

const REFERENCE = /\{\{\s*(secret|env):([A-Za-z0-9_.-]+)\s*\}\}/g;

export function findUnsetReferences(flow: Flow, availability: ReferenceAvailability): UnsetReference[] {
  const found: UnsetReference[] = [];
  flow.nodes.forEach((node, index) => {
    // An explicit stack: params reach here from callers other than parseFlow, whose nesting is unbounded.
    const pending: { value: unknown; at: JsonPath }[] = [{ value: node.params ?? {}, at: [] }];
    while (pending.length > 0) {
      const { value, at } = pending.pop()!;
      if (typeof value === 'string') {
        for (const match of value.matchAll(REFERENCE)) {
          const kind = match[1] as 'secret' | 'env';
          const name = match[2] ?? '';
          if (!availability.isSet(kind, name))
            found.push({ nodeId: node.id, nodeType: node.type, path: ['nodes', index, 'params', ...at], kind, name });
        }
      } else if (Array.isArray(value)) {
        for (let i = value.length - 1; i >= 0; i--) pending.push({ value: value[i], at: [...at, i] });
      } else if (typeof value === 'object' && value !== null) {
        const entries = Object.entries(value);
        for (let i = entries.length - 1; i >= 0; i--) pending.push({ value: entries[i]![1], at: [...at, entries[i]![0]] });
      }
    }
  });
  return found;
}

export function describeUnsetReference(ref: UnsetReference): string {
  const param = ref.path.slice(3).join('.');
  const how =
    ref.kind === 'secret'
      ? `secret '${ref.name}' is not set; set it with "FlowStudio: Set Secret" in the editor, or as the environment variable ${ref.name} for the CLI`
      : `the environment variable ${ref.name} is not set; set it before running`;
  return `node '${ref.nodeId}' (${ref.nodeType}): params.${param} uses {{${ref.kind}:${ref.name}}}, but ${how}`;
}
