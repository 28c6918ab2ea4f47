// Where a parsed flow came from: its file and JSON syntax tree, so diagnostics can point at line:column.
import { findNodeAtLocation, type Node as JsonNode } from 'jsonc-parser';
import type { Flow } from './schema';

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
  tree: JsonNode;
}

const sources = new WeakMap<Flow, FlowSource>();

export function attachSource(flow: Flow, source: FlowSource): void {
  sources.set(flow, source);
}

export function sourceOf(flow: Flow): FlowSource | undefined {
  return sources.get(flow);
}

export function positionAt(text: string, offset: number, length = 0): SourcePosition {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1, offset, length };
}

/**
 * Position of the value at `path`, or of its nearest existing ancestor (a missing property is reported
 * on the object that should hold it).
 */
export function positionOfPath(source: FlowSource, path: JsonPath): SourcePosition {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = findNodeAtLocation(source.tree, path.slice(0, depth));
    if (node) {
      // Point at the property name rather than its value when there is one: that is what a reader looks for.
      const target = node.parent?.type === 'property' ? node.parent : node;
      return positionAt(source.text, target.offset, target.length);
    }
  }
  return positionAt(source.text, 0);
}
