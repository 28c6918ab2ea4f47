// Builds small Langflow exports in the shape Langflow 1.x writes (data.nodes with a template per node,
// edges with their handles as œ-quoted JSON), so each mapping can be tested on a flow of two or three nodes.

export interface FieldSpec {
  value: unknown;
  password?: boolean;
  load_from_db?: boolean;
}

export interface NodeSpec {
  id: string;
  type: string;
  fields?: Record<string, unknown>;
  outputs?: string[];
  position?: { x: number; y: number };
  displayName?: string;
  edited?: boolean;
  code?: string;
}

export function lfNode(spec: NodeSpec): unknown {
  const template: Record<string, unknown> = { _type: 'Component', code: { value: spec.code ?? `class ${spec.type}(Component): pass` } };
  for (const [name, value] of Object.entries(spec.fields ?? {})) {
    const field = isFieldSpec(value) ? value : { value };
    template[name] = { ...field, name, type: 'str', show: true };
  }
  return {
    id: spec.id,
    type: 'genericNode',
    position: spec.position ?? { x: 100, y: 200 },
    data: {
      id: spec.id,
      type: spec.type,
      node: {
        display_name: spec.displayName ?? spec.type,
        edited: spec.edited ?? false,
        template,
        outputs: (spec.outputs ?? []).map((name) => ({ name, types: ['Message'] })),
      },
    },
  };
}

function isFieldSpec(value: unknown): value is FieldSpec {
  return (
    typeof value === 'object' &&
    value !== null &&
    'value' in value &&
    Object.keys(value).every((k) => ['value', 'password', 'load_from_db'].includes(k))
  );
}

export function lfNote(id: string, text: string, position = { x: 0, y: 0 }): unknown {
  return { id, type: 'noteNode', position, data: { id, type: 'note', node: { description: text, display_name: '', template: {} } } };
}

const quoted = (value: unknown) => JSON.stringify(value).replaceAll('"', 'œ');

export function lfEdge(source: string, output: string, target: string, field: string): unknown {
  const sourceHandle = { dataType: source.split('-')[0], id: source, name: output, output_types: ['Message'] };
  const targetHandle = { fieldName: field, id: target, inputTypes: ['Message'], type: 'str' };
  return {
    id: `reactflow__edge-${source}${quoted(sourceHandle)}-${target}${quoted(targetHandle)}`,
    source,
    target,
    sourceHandle: quoted(sourceHandle),
    targetHandle: quoted(targetHandle),
    data: { sourceHandle, targetHandle },
  };
}

export function lfExport(nodes: unknown[], edges: unknown[] = [], name = 'Test flow'): string {
  return JSON.stringify({ name, description: 'built by a test', data: { nodes, edges, viewport: { x: 0, y: 0, zoom: 1 } } });
}
