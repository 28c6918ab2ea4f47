// Reads a Langflow JSON export (any 1.x) into a small typed graph: nodes with their fields, and edges
// naming the output and the input field they join. Everything past this module works on that graph only.
import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { findExcessiveNesting } from '../flow/limits';
import { ImportError } from './import-result';

/** Langflow exports run to a few hundred kilobytes; 20 MiB leaves room for embedded files without inviting a hang. */
export const MAX_IMPORT_TEXT_LENGTH = 20 * 1024 * 1024;

/** Langflow nests tool metadata some 18 levels deep; far deeper text is hostile or broken. */
export const MAX_IMPORT_NESTING = 100;

/** Nodes in one Langflow export; the starter projects have fewer than 30. */
export const MAX_IMPORT_NODES = 5_000;

export interface LangflowField {
  value: unknown;
  /** Langflow marks keys and tokens as password fields. */
  isSecret: boolean;
  /** The value names a Langflow global variable instead of holding the secret itself. */
  isVariableName: boolean;
}

export interface LangflowNode {
  id: string;
  /** The component class, such as ChatInput or LanguageModelComponent; 'note' for a sticky note. */
  type: string;
  displayName: string;
  position: { x: number; y: number };
  fields: Map<string, LangflowField>;
  outputNames: string[];
  /** The Python source Langflow keeps with every component. */
  code?: string;
  /** The user changed the component's code in Langflow. */
  isEdited: boolean;
  isNote: boolean;
  /** The text of a note node. */
  noteText?: string;
}

export interface LangflowEdge {
  id: string;
  source: string;
  /** The output's name on the source node, when the export says. */
  sourceOutput?: string;
  target: string;
  /** The input field on the target node. */
  targetField?: string;
}

export interface LangflowGraph {
  name?: string;
  description?: string;
  nodes: LangflowNode[];
  edges: LangflowEdge[];
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Parses the export text, refusing what is not a Langflow flow with where and what. */
export function readLangflowExport(sourceText: string, fileName: string): LangflowGraph {
  if (sourceText.length > MAX_IMPORT_TEXT_LENGTH)
    throw new ImportError(
      `the file is ${mebibytes(sourceText.length)} MiB; exports over ${mebibytes(MAX_IMPORT_TEXT_LENGTH)} MiB are not imported`,
      fileName,
    );
  const deep = findExcessiveNesting(sourceText, MAX_IMPORT_NESTING);
  if (deep !== undefined)
    throw new ImportError(`JSON nested deeper than ${MAX_IMPORT_NESTING} levels at ${lineColumn(sourceText, deep)}`, fileName);
  let root: unknown;
  try {
    root = JSON.parse(sourceText);
  } catch (error) {
    throw new ImportError(`not JSON: ${describeJsonError(sourceText, error as Error)}`, fileName);
  }
  const flow = flowObjectOf(root, fileName);
  const data = isObject(flow.data) ? flow.data : flow;
  if (!Array.isArray(data.nodes))
    throw new ImportError('not a Langflow export: no "data.nodes" list (export the flow from Langflow as JSON)', fileName);
  if (data.nodes.length > MAX_IMPORT_NODES)
    throw new ImportError(`${data.nodes.length} nodes; at most ${MAX_IMPORT_NODES} are imported`, fileName);
  const edges = Array.isArray(data.edges) ? data.edges : [];
  return {
    name: text(flow.name),
    description: text(flow.description),
    nodes: data.nodes.map((node, i) => readNode(node, `${fileName}: data.nodes[${i}]`)),
    edges: edges.flatMap((edge, i) => readEdge(edge, i)),
  };
}

/** A single flow export, a bare `{nodes, edges}` graph, or the first of a `{flows: [...]}` bundle. */
function flowObjectOf(root: unknown, fileName: string): Json {
  if (!isObject(root)) throw new ImportError('not a Langflow export: the top level is not a JSON object', fileName);
  if (Array.isArray(root.flows)) {
    const first: unknown = root.flows[0];
    if (!isObject(first)) throw new ImportError('not a Langflow export: "flows" holds no flow', fileName);
    if (root.flows.length > 1)
      throw new ImportError(`the file bundles ${root.flows.length} flows; export and import them one at a time`, fileName);
    return first;
  }
  return root;
}

function readNode(raw: unknown, where: string): LangflowNode {
  if (!isObject(raw)) throw new ImportError('a node is not an object', where);
  const id = text(raw.id);
  if (!id) throw new ImportError('a node has no "id"', where);
  const data = isObject(raw.data) ? raw.data : {};
  const node = isObject(data.node) ? data.node : {};
  const position = isObject(raw.position) ? raw.position : {};
  const isNote = raw.type === 'noteNode' || data.type === 'note';
  const template = isObject(node.template) ? node.template : {};
  const fields = new Map<string, LangflowField>();
  for (const [name, field] of Object.entries(template)) {
    if (!isObject(field) || name === 'code' || name === '_type') continue;
    fields.set(name, {
      value: field.value,
      isSecret: field.password === true || field._input_type === 'SecretStrInput',
      isVariableName: field.load_from_db === true,
    });
  }
  const code = isObject(template.code) ? text(template.code.value) : undefined;
  const outputs = Array.isArray(node.outputs) ? node.outputs : [];
  return {
    id,
    type: isNote ? 'note' : (text(data.type) ?? text(raw.type) ?? 'unknown'),
    displayName: text(node.display_name) ?? text(data.type) ?? id,
    position: { x: finite(position.x), y: finite(position.y) },
    fields,
    outputNames: outputs.flatMap((o) => (isObject(o) && typeof o.name === 'string' ? [o.name] : [])),
    code,
    isEdited: node.edited === true,
    isNote,
    noteText: isNote ? (text(node.description) ?? '') : undefined,
  };
}

function mebibytes(length: number): number {
  return Math.round(length / 1024 / 1024);
}

function finite(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? Math.round(value) : 0;
}

function readEdge(raw: unknown, index: number): LangflowEdge[] {
  if (!isObject(raw)) return [];
  const source = text(raw.source);
  const target = text(raw.target);
  if (!source || !target) return [];
  const data = isObject(raw.data) ? raw.data : {};
  const sourceHandle = isObject(data.sourceHandle) ? data.sourceHandle : handleObject(raw.sourceHandle);
  const targetHandle = isObject(data.targetHandle) ? data.targetHandle : handleObject(raw.targetHandle);
  return [
    {
      id: text(raw.id) ?? `edge-${index}`,
      source,
      target,
      sourceOutput: text(sourceHandle?.name),
      targetField: text(targetHandle?.fieldName),
    },
  ];
}

/** Langflow writes handles as JSON with `œ` for quotes, so React Flow accepts them as ids. */
function handleObject(handle: unknown): Json | undefined {
  if (typeof handle !== 'string') return undefined;
  try {
    const parsed: unknown = JSON.parse(handle.replaceAll('œ', '"'));
    return isObject(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function lineColumn(sourceText: string, offset: number): string {
  let line = 1;
  let column = 1;
  for (let i = 0; i < offset && i < sourceText.length; i++) {
    if (sourceText.charCodeAt(i) === 10) {
      line++;
      column = 1;
    } else column++;
  }
  return `line ${line}, column ${column}`;
}

export function describeJsonError(sourceText: string, error: Error): string {
  // JSON.parse does not always say where; jsonc-parser's first error does, at the cost of a second pass.
  const errors: ParseError[] = [];
  parse(sourceText, errors, { allowTrailingComma: false, disallowComments: true });
  const first = errors[0];
  if (!first) return error.message;
  const what = printParseErrorCode(first.error)
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();
  return `${what} at ${lineColumn(sourceText, first.offset)}`;
}
