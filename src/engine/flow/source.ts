// Where a parsed flow came from: its file and JSON syntax tree, so diagnostics can point at line:column.
import { findNodeAtLocation, parseTree, type Node as JsonNode } from 'jsonc-parser';
import type { Flow } from './schema';
import { indexTopLevel, type TopLevelProperty } from './top-level-index';

export type JsonPath = (string | number)[];

export interface SourcePosition {
  /** 1-based, as printed in `file:line:col`. */
  line: number;
  /** 1-based. */
  column: number;
  offset: number;
  length: number;
}

export interface FlowSource {
  file?: string;
  text: string;
  readonly tree: JsonNode;
}

/**
 * A source whose syntax tree is built on first use: the tree is only needed to place a problem, and
 * building it costs several times what JSON.parse does, so a clean flow never pays for it.
 */
export function lazySource(text: string, file: string | undefined): FlowSource {
  let tree: JsonNode | undefined;
  return {
    file,
    text,
    get tree(): JsonNode {
      // The text parsed as JSON before this source was made, so a tree exists.
      return (tree ??= parseTree(text, [], { disallowComments: true }) as JsonNode);
    },
  };
}

const sources = new WeakMap<Flow, FlowSource>();

export function attachSource(flow: Flow, source: FlowSource): void {
  sources.set(flow, source);
}

export function sourceOf(flow: Flow): FlowSource | undefined {
  return sources.get(flow);
}

/**
 * Offsets where each line starts, built once per text, so placing a diagnostic is a binary search
 * instead of a rescan of the text (a file with 50,000 problems would otherwise take minutes).
 */
export class LineTable {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  positionAt(offset: number, length = 0): SourcePosition {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.starts[middle]! <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - this.starts[low]! + 1, offset, length };
  }
}

const lineTables = new WeakMap<FlowSource, LineTable>();

export function lineTableOf(source: FlowSource): LineTable {
  let table = lineTables.get(source);
  if (!table) lineTables.set(source, (table = new LineTable(source.text)));
  return table;
}

/** One position in a text; to place many, build a LineTable once. */
export function positionAt(text: string, offset: number, length = 0): SourcePosition {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1, offset, length };
}

const topLevelIndexes = new WeakMap<FlowSource, Map<string, TopLevelProperty>>();

function topLevelOf(source: FlowSource): Map<string, TopLevelProperty> {
  let index = topLevelIndexes.get(source);
  if (!index) topLevelIndexes.set(source, (index = indexTopLevel(source.text)));
  return index;
}

/**
 * Position of the value at `path`, or of its nearest existing ancestor (a missing property is reported
 * on the object that should hold it). Paths into a top-level array are placed from that element's text
 * alone, so placing many problems in a large file costs one pass over it.
 */
export function positionOfPath(source: FlowSource, path: JsonPath): SourcePosition {
  const lines = lineTableOf(source);
  const [key, index] = path;
  if (key === undefined) return rootPosition(source.text, lines);
  if (typeof key !== 'string') return placeInTree(source.tree, path, 0, lines);
  const property = topLevelOf(source).get(key);
  if (!property) return rootPosition(source.text, lines);
  const { span, elements } = property;
  if (path.length === 1 || (elements && typeof index === 'number' && !elements[index]))
    return lines.positionAt(span.start, span.end - span.start);
  const element = typeof index === 'number' ? elements?.[index] : undefined;
  if (!element) return placeInTree(source.tree, path, 0, lines);
  const tree = parseTree(source.text.slice(element.start, element.end), [], { disallowComments: true });
  if (!tree) return lines.positionAt(element.start, element.end - element.start);
  return placeInTree(tree, path.slice(2), element.start, lines);
}

/** The whole document, as the syntax tree's root spans it. */
function rootPosition(text: string, lines: LineTable): SourcePosition {
  let start = 0;
  let end = text.length;
  while (start < end && /\s/.test(text[start]!)) start++;
  while (end > start && /\s/.test(text[end - 1]!)) end--;
  return lines.positionAt(start, end - start);
}

function placeInTree(tree: JsonNode, path: JsonPath, base: number, lines: LineTable): SourcePosition {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = findNodeAtLocation(tree, path.slice(0, depth));
    if (node) {
      // Point at the property name rather than its value when there is one: that is what a reader looks for.
      const target = node.parent?.type === 'property' ? node.parent : node;
      return lines.positionAt(base + target.offset, target.length);
    }
  }
  return lines.positionAt(base);
}
