// What a Langflow component mapper sees and returns: the source node with its context, and the FlowStudio
// nodes it became with a port for each Langflow input field and output it had.
import type { FlowNode } from '../flow/schema';
import type { PortType } from '../ports/port-types';
import type { LangflowEdge, LangflowGraph, LangflowNode } from './langflow-source';
import type { SecretReferences } from './langflow-secrets';

export interface PortRef {
  node: string;
  port: string;
  type: PortType;
}

/**
 * Where an incoming Langflow edge lands: a port, a port chosen by the type arriving (an output node that
 * must become output.json for JSON), or 'consumed' when the mapper folded the edge into params (a model
 * or embedding connection becomes the consumer's provider settings).
 */
export type InputTarget = PortRef | 'consumed' | ((arriving: PortType) => PortRef);

export interface Mapping {
  /** What the CLI prints after "->", such as 'llm.chat' or 'rag.embed + rag.store'. */
  component: string;
  nodes: FlowNode[];
  /** Edges between the nodes this mapping made (ids are given later). */
  edges?: { source: PortRef; target: PortRef }[];
  inputs: Record<string, InputTarget>;
  outputs: Record<string, PortRef | 'consumed'>;
  /** For an edge naming no output, or an output the mapping did not list. */
  defaultOutput?: PortRef;
  /** Settings folded into other components (a model, an embedding model): those components' source ids. */
  consumers?: string[];
}

export interface Unmapped {
  reason: string;
  /** Custom Python: the note keeps its source, and a warning says so. */
  isCode?: boolean;
}

export interface MapContext {
  graph: LangflowGraph;
  secrets: SecretReferences;
  warn(message: string): void;
  /** Edges into a field of the node being mapped. */
  incoming(field: string): LangflowEdge[];
  /** Edges out of the node being mapped, from one output or from all. */
  outgoing(output?: string): LangflowEdge[];
  node(id: string): LangflowNode | undefined;
  /** A flow input or output name not used yet, derived from `base`. */
  uniqueInputName(base: string): string;
  uniqueOutputName(base: string): string;
}

export type Mapper = (node: LangflowNode, context: MapContext) => Mapping | Unmapped;

export function isUnmapped(outcome: Mapping | Unmapped): outcome is Unmapped {
  return 'reason' in outcome;
}

export function stringField(node: LangflowNode, ...names: string[]): string | undefined {
  for (const name of names) {
    const value = node.fields.get(name)?.value;
    if (typeof value === 'string' && value.trim() !== '') return value;
  }
  return undefined;
}

export function numberField(node: LangflowNode, ...names: string[]): number | undefined {
  for (const name of names) {
    const value = node.fields.get(name)?.value;
    const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
    if (Number.isFinite(n)) return n;
  }
  return undefined;
}

export function booleanField(node: LangflowNode, name: string): boolean | undefined {
  const value = node.fields.get(name)?.value;
  if (typeof value === 'boolean') return value;
  if (value === 'True' || value === 'true') return true;
  if (value === 'False' || value === 'false') return false;
  return undefined;
}

export function flowNode(source: LangflowNode, suffix: string, type: string, params: Record<string, unknown>, offset = 0): FlowNode {
  return {
    id: suffix ? `${source.id}-${suffix}` : source.id,
    type,
    label: source.displayName,
    position: { x: source.position.x, y: source.position.y + offset },
    params,
  };
}

export function port(node: FlowNode, name: string, type: PortType): PortRef {
  return { node: node.id, port: name, type };
}

/** A name usable as a flow input or output: letters, digits, _ and -, starting with a letter or _. */
export function ioNameFrom(text: string, fallback: string): string {
  const cleaned = text
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (cleaned === '') return fallback;
  return /^[a-z_]/.test(cleaned) ? cleaned : `_${cleaned}`;
}
