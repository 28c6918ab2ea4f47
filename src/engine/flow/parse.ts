// parseFlow: text -> Flow, with every syntax or schema error placed at its line and column. Hostile text
// (huge, deeply nested, millions of nodes) is refused up front with a clear problem, in linear time.
import { parseTree, printParseErrorCode, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import type * as z from 'zod';
import { FlowError, type FlowProblem } from './errors';
import { MAX_FLOW_EDGES, MAX_FLOW_NODES, MAX_FLOW_TEXT_LENGTH, MAX_NESTING_DEPTH, MAX_PROBLEMS_PER_KIND, findExcessiveNesting } from './limits';
import { FLOW_FORMAT_VERSION, flowSchema, type Flow } from './schema';
import { LineTable, attachSource, lineTableOf, positionOfPath, type FlowSource, type JsonPath } from './source';

export function parseFlow(text: string, file?: string): Flow {
  if (text.length > MAX_FLOW_TEXT_LENGTH) {
    const size = `${(text.length / (1024 * 1024)).toFixed(1)} MB`;
    const limit = `${MAX_FLOW_TEXT_LENGTH / (1024 * 1024)} MB`;
    throw new FlowError(file, [{ message: `the file is ${size} long; flow files may be at most ${limit}`, path: [], position: { line: 1, column: 1, offset: 0, length: 0 } }], 'limit');
  }
  const tooDeep = findExcessiveNesting(text);
  if (tooDeep !== undefined) {
    const message = `objects and arrays nest more than ${MAX_NESTING_DEPTH} levels deep here; flow files may nest at most ${MAX_NESTING_DEPTH} levels`;
    throw new FlowError(file, [{ message, path: [], position: new LineTable(text).positionAt(tooDeep, 1) }], 'limit');
  }

  const syntaxErrors: ParseError[] = [];
  const tree = parseTree(text, syntaxErrors, { allowTrailingComma: false, disallowComments: true });
  if (syntaxErrors.length > 0 || !tree) {
    const lines = new LineTable(text);
    const problems: FlowProblem[] = syntaxErrors.slice(0, MAX_PROBLEMS_PER_KIND).map((e) => ({
      message: `invalid JSON: ${describeSyntaxError(printParseErrorCode(e.error))}`,
      path: [],
      position: lines.positionAt(e.offset, e.length),
    }));
    if (problems.length === 0) problems.push({ message: 'the file is empty', path: [], position: lines.positionAt(0) });
    throw new FlowError(file, withSummary(problems, syntaxErrors.length, 'syntax errors'), 'syntax');
  }
  const source: FlowSource = { file, text, tree };
  checkCounts(source);
  const value = valueOfTree(source);

  const version = readVersion(value);
  if (typeof version === 'number' && version > FLOW_FORMAT_VERSION) {
    throw new FlowError(
      file,
      [
        {
          message:
            `this flow is format version ${version}, written by a newer FlowStudio; this build reads version ` +
            `${FLOW_FORMAT_VERSION}. Update FlowStudio to open it. The file was left unchanged.`,
          path: ['version'],
          position: positionOfPath(source, ['version']),
        },
      ],
      'version',
    );
  }

  const result = flowSchema.safeParse(value);
  if (!result.success) {
    const issues = result.error.issues;
    const problems = issues.slice(0, MAX_PROBLEMS_PER_KIND).map((issue) => problemFromIssue(source, issue));
    throw new FlowError(file, withSummary(problems, issues.length, 'schema problems'), 'schema');
  }
  // Keep the caller's object identity stable for the source map.
  const flow = result.data;
  attachSource(flow, source);
  return flow;
}

/** Refuses more nodes or edges than a flow may have before any per-node work is done. */
function checkCounts(source: FlowSource): void {
  for (const [key, max] of [['nodes', MAX_FLOW_NODES], ['edges', MAX_FLOW_EDGES]] as const) {
    const list = topLevelValue(source.tree, key);
    const count = list?.type === 'array' ? (list.children?.length ?? 0) : 0;
    if (count > max) {
      const message = `the flow has ${count.toLocaleString('en-US')} ${key}; a flow may have at most ${max.toLocaleString('en-US')}. Split it into sub-flows (flow.run)`;
      throw new FlowError(source.file, [{ message, path: [key], position: positionOfPath(source, [key]) }], 'limit');
    }
  }
}

function topLevelValue(tree: JsonNode, key: string): JsonNode | undefined {
  if (tree.type !== 'object') return undefined;
  for (const property of tree.children ?? []) {
    if (property.children?.[0]?.value === key) return property.children[1];
  }
  return undefined;
}

/**
 * The JSON value of the syntax tree, like JSON.parse would build it, except that a `__proto__` key is
 * refused: assigned to a plain object it would swap the object's prototype, so what validation and the
 * run see would differ from what the file shows. Recursion is safe: nesting was bounded above.
 */
function valueOfTree(source: FlowSource): unknown {
  const refused: JsonNode[] = [];
  const valueOf = (node: JsonNode): unknown => {
    switch (node.type) {
      case 'array':
        return (node.children ?? []).map(valueOf);
      case 'object': {
        const object: Record<string, unknown> = {};
        for (const property of node.children ?? []) {
          const [keyNode, valueNode] = property.children ?? [];
          if (!keyNode || !valueNode) continue;
          const key = String(keyNode.value);
          if (key === '__proto__') refused.push(keyNode);
          else object[key] = valueOf(valueNode);
        }
        return object;
      }
      default:
        return node.value;
    }
  };
  const value = valueOf(source.tree);
  if (refused.length > 0) {
    const lines = lineTableOf(source);
    const problems = refused.slice(0, MAX_PROBLEMS_PER_KIND).map((node) => ({
      message: "the key '__proto__' is not allowed in a flow file (it would change how every reader sees this object); rename or remove it",
      path: [],
      position: lines.positionAt(node.offset, node.length),
    }));
    throw new FlowError(source.file, withSummary(problems, refused.length, "'__proto__' keys"), 'schema');
  }
  return value;
}

function withSummary(problems: FlowProblem[], total: number, what: string): FlowProblem[] {
  if (total <= problems.length) return problems;
  const last = problems[problems.length - 1];
  return [...problems, { message: `…and ${(total - problems.length).toLocaleString('en-US')} more ${what}`, path: [], position: last?.position }];
}

function readVersion(value: unknown): unknown {
  return typeof value === 'object' && value !== null && 'version' in value ? value.version : undefined;
}

function problemFromIssue(source: FlowSource, issue: z.core.$ZodIssue): FlowProblem {
  const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
  return { message: `${describePath(path)}: ${issue.message}`, path, position: positionOfPath(source, path) };
}

/** `nodes[2].params.template` - the reader's way to name a place in the file. */
export function describePath(path: JsonPath): string {
  if (path.length === 0) return 'flow';
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

function describeSyntaxError(code: string): string {
  // jsonc-parser names errors like "CommaExpected"; turn them into words.
  return code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}
