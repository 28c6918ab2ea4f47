// Langflow JSON export -> FlowStudio flow: each component through its mapper, edges onto our port names,
// everything else kept as a sticky note saying why. Keys become {{secret:NAME}} references, never values.
import * as path from 'node:path';
import type { Flow } from '../flow/schema';
import { FLOW_FORMAT_VERSION } from '../flow/schema';
import type { ImportedNode, ImportResult, ImportWarning } from './import-result';
import { mapperFor } from './langflow-components';
import { isUnmapped, type InputTarget, type MapContext, type Mapping, type PortRef } from './langflow-mapping';
import { SecretReferences } from './langflow-secrets';
import { readLangflowExport, type LangflowEdge, type LangflowGraph, type LangflowNode } from './langflow-source';

export interface LangflowImportOptions {
  /** The export's file name, for messages and the flow's name when the export has none. */
  fileName: string;
}

/** The longest custom source a sticky note keeps; the rest is cut with a mark. */
const MAX_NOTE_CODE = 8_000;

export function importLangflow(text: string, options: LangflowImportOptions): ImportResult {
  const graph = readLangflowExport(text, options.fileName);
  const warnings: ImportWarning[] = [];
  const secrets = new SecretReferences(warnings);
  secrets.collect(graph.nodes);
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const inputNames = new Set<string>();
  const outputNames = new Set<string>();
  const unique = (taken: Set<string>, base: string) => {
    let name = base;
    for (let n = 2; taken.has(name); n++) name = `${base}_${n}`;
    taken.add(name);
    return name;
  };

  const flow: Flow = {
    version: FLOW_FORMAT_VERSION,
    name: flowNameOf(graph, options.fileName),
    nodes: [],
    edges: [],
  };
  if (graph.description) flow.description = secrets.scrub(graph.description);
  const notes: NonNullable<Flow['notes']> = [];
  const nodes: ImportedNode[] = [];
  const mappings = new Map<string, Mapping>();

  for (const source of graph.nodes) {
    if (source.isNote) {
      const noteId = uniqueId(source.id, byId, notes);
      notes.push({ id: noteId, position: source.position, text: secrets.scrub(source.noteText ?? '') });
      nodes.push({ sourceId: source.id, sourceType: 'note', outcome: 'mapped', nodeIds: [], component: 'note' });
      continue;
    }
    const context: MapContext = {
      graph,
      secrets,
      warn: (message) => warnings.push({ sourceId: source.id, message: `${source.displayName} (${source.id}): ${secrets.scrub(message)}` }),
      incoming: (field) => graph.edges.filter((e) => e.target === source.id && e.targetField === field),
      outgoing: (output) => graph.edges.filter((e) => e.source === source.id && (output === undefined || e.sourceOutput === output)),
      node: (id) => byId.get(id),
      uniqueInputName: (base) => unique(inputNames, base),
      uniqueOutputName: (base) => unique(outputNames, base),
    };
    const choice = mapperFor(source, context.outgoing('component_as_tool').length > 0);
    const outcome = 'mapper' in choice ? choice.mapper(source, context) : choice;
    if (isUnmapped(outcome)) {
      const noteId = uniqueId(`${source.id}-note`, byId, notes);
      notes.push({
        id: noteId,
        position: source.position,
        text: secrets.scrub(noteTextFor(source, outcome.reason, outcome.isCode === true)),
      });
      nodes.push({ sourceId: source.id, sourceType: source.type, outcome: 'note', noteId, reason: outcome.reason });
      if (outcome.isCode)
        warnings.push({
          sourceId: source.id,
          message: `${source.displayName} (${source.id}): custom Python code was not imported; its source is kept in note '${noteId}'`,
        });
      continue;
    }
    const created = outcome.nodes.map((n) => secrets.scrub(n));
    flow.nodes.push(...created);
    mappings.set(source.id, { ...outcome, nodes: created });
    nodes.push({
      sourceId: source.id,
      sourceType: source.type,
      outcome: 'mapped',
      nodeIds: created.map((n) => n.id),
      component: outcome.component,
    });
  }

  // Settings folded into components that were themselves not imported would vanish: keep them as notes instead.
  for (const [sourceId, mapping] of mappings) {
    if (!mapping.consumers || mapping.consumers.some((id) => mappings.has(id))) continue;
    const source = byId.get(sourceId)!;
    const reason = `it only configures ${mapping.consumers.join(', ')}, which ${mapping.consumers.length === 1 ? 'was' : 'were'} not imported`;
    const noteId = uniqueId(`${source.id}-note`, byId, notes);
    notes.push({ id: noteId, position: source.position, text: secrets.scrub(noteTextFor(source, reason, false)) });
    const index = nodes.findIndex((n) => n.sourceId === sourceId);
    nodes[index] = { sourceId, sourceType: source.type, outcome: 'note', noteId, reason };
    mappings.delete(sourceId);
  }

  let edgeCount = 0;
  const addEdge = (source: PortRef, target: PortRef) => {
    const duplicate = flow.edges.some(
      (e) => e.source === source.node && e.sourceHandle === source.port && e.target === target.node && e.targetHandle === target.port,
    );
    if (!duplicate)
      flow.edges.push({
        id: `e${++edgeCount}`,
        source: source.node,
        sourceHandle: source.port,
        target: target.node,
        targetHandle: target.port,
      });
  };
  for (const mapping of mappings.values()) for (const edge of mapping.edges ?? []) addEdge(edge.source, edge.target);
  for (const edge of graph.edges) {
    const mapped = mapEdge(edge, mappings, byId);
    if (mapped.source) addEdge(mapped.source, mapped.target);
    else if (mapped.warning) warnings.push({ sourceId: edge.target, message: secrets.scrub(mapped.warning) });
  }

  if (notes.length > 0) flow.notes = notes;
  return { from: 'langflow', flow, nodes, warnings, secrets: secretNamesIn(flow.nodes) };
}

function mapEdge(
  edge: LangflowEdge,
  mappings: Map<string, Mapping>,
  byId: Map<string, LangflowNode>,
): { source: PortRef; target: PortRef; warning?: undefined } | { warning?: string; source?: undefined } {
  const sourceNode = byId.get(edge.source);
  const targetNode = byId.get(edge.target);
  const what = `connection ${describe(sourceNode, edge.source)} -> ${describe(targetNode, edge.target)}${edge.targetField ? `.${edge.targetField}` : ''}`;
  const from = mappings.get(edge.source);
  const to = mappings.get(edge.target);
  if (!sourceNode || !targetNode) return { warning: `${what} was left out: it names a node the export does not have` };
  if (!from || !to)
    return sourceNode.isNote || targetNode.isNote
      ? {}
      : { warning: `${what} was left out: ${!from ? 'its source' : 'its target'} was not imported` };
  const output =
    edge.sourceOutput !== undefined && edge.sourceOutput in from.outputs ? from.outputs[edge.sourceOutput] : from.defaultOutput;
  const input: InputTarget | undefined = edge.targetField !== undefined ? to.inputs[edge.targetField] : undefined;
  if (output === 'consumed' || input === 'consumed') return {};
  if (!output) return { warning: `${what} was left out: FlowStudio's ${from.component} has no output '${edge.sourceOutput ?? ''}'` };
  if (!input) return { warning: `${what} was left out: FlowStudio's ${to.component} has no input for '${edge.targetField ?? ''}'` };
  return { source: output, target: typeof input === 'function' ? input(output.type) : input };
}

/** The secrets the imported nodes refer to (not those of nodes kept as notes). */
function secretNamesIn(nodes: Flow['nodes']): string[] {
  const names = new Set<string>();
  for (const match of JSON.stringify(nodes.map((n) => n.params)).matchAll(/\{\{\s*secret:([A-Za-z0-9_.-]+)\s*\}\}/g)) names.add(match[1]!);
  return [...names].sort();
}

function describe(node: LangflowNode | undefined, id: string): string {
  return node ? `${node.displayName} (${id})` : id;
}

function noteTextFor(source: LangflowNode, reason: string, isCode: boolean): string {
  const lines = [`Langflow ${source.displayName} (${source.type}, ${source.id}) was not imported: ${reason}.`];
  if (isCode && source.code) {
    const code =
      source.code.length > MAX_NOTE_CODE ? `${source.code.slice(0, MAX_NOTE_CODE)}\n# … cut at ${MAX_NOTE_CODE} characters` : source.code;
    lines.push('', '```python', code.replaceAll('```', '`\u200b``'), '```');
  }
  return lines.join('\n');
}

/** A note id that collides with no source node id (those become our node ids) and no earlier note. */
function uniqueId(base: string, byId: Map<string, LangflowNode>, notes: { id: string }[]): string {
  let id = base;
  for (let n = 2; (byId.has(id) && !byId.get(id)!.isNote) || notes.some((note) => note.id === id); n++) id = `${base}-${n}`;
  return id;
}

function flowNameOf(graph: LangflowGraph, fileName: string): string {
  const name = graph.name?.trim();
  if (name) return name;
  return path.basename(fileName).replace(/\.json$/i, '') || 'imported';
}
