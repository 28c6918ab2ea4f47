// parseFlow: text -> Flow, with every syntax or schema error placed at its line and column. Hostile text
// (huge, deeply nested, millions of nodes) is refused up front with a clear problem, in linear time.
import { parseTree, printParseErrorCode, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import type * as z from 'zod';
import { FlowError, type FlowProblem } from './errors';
import {
  MAX_FLOW_EDGES,
  MAX_FLOW_NODES,
  MAX_FLOW_TEXT_LENGTH,
  MAX_NESTING_DEPTH,
  MAX_PROBLEMS_PER_KIND,
  findExcessiveNesting,
} from './limits';
import { FLOW_FORMAT_VERSION, flowSchema, type Flow } from './schema';
import { LineTable, attachSource, lazySource, lineTableOf, positionOfPath, type FlowSource, type JsonPath } from './source';

export function parseFlow(text: string, file?: string): Flow {
  if (text.length > MAX_FLOW_TEXT_LENGTH) {
    const size = `${(text.length / (1024 * 1024)).toFixed(1)} MB`;
    const limit = `${MAX_FLOW_TEXT_LENGTH / (1024 * 1024)} MB`;
    throw new FlowError(
      file,
      [
        {
          message: `the file is ${size} long; flow files may be at most ${limit}`,
          path: [],
          position: { line: 1, column: 1, offset: 0, length: 0 },
        },
      ],
      'limit',
    );
  }
  const tooDeep = findExcessiveNesting(text);
  if (tooDeep !== undefined) {
    const message = `objects and arrays nest more than ${MAX_NESTING_DEPTH} levels deep here; flow files may nest at most ${MAX_NESTING_DEPTH} levels`;
    throw new FlowError(file, [{ message, path: [], position: new LineTable(text).positionAt(tooDeep, 1) }], 'limit');
  }

  // JSON.parse is native and iterative; the slower jsonc syntax tree is built only to place a problem.
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw syntaxError(text, file, error as Error);
  }
  const source = lazySource(text, file);

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

  checkCounts(source, value);
  refuseProtoKeys(source, value);
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

function syntaxError(text: string, file: string | undefined, jsonError: Error): FlowError {
  const syntaxErrors: ParseError[] = [];
  const tree = parseTree(text, syntaxErrors, { allowTrailingComma: false, disallowComments: true });
  const lines = new LineTable(text);
  const problems: FlowProblem[] = syntaxErrors.slice(0, MAX_PROBLEMS_PER_KIND).map((e) => ({
    message: `invalid JSON: ${describeSyntaxError(printParseErrorCode(e.error))}`,
    path: [],
    position: lines.positionAt(e.offset, e.length),
  }));
  if (problems.length === 0 && !tree) problems.push({ message: 'the file is empty', path: [], position: lines.positionAt(0) });
  if (problems.length === 0) {
    // Text jsonc-parser accepts but JSON.parse does not (a raw control character in a string, say).
    const at = Number(/position (\d+)/.exec(jsonError.message)?.[1] ?? 0);
    problems.push({
      message: `invalid JSON: ${jsonError.message.replace(/ in JSON at position \d+.*$/, '')}`,
      path: [],
      position: lines.positionAt(at),
    });
  }
  return new FlowError(file, withSummary(problems, Math.max(syntaxErrors.length, problems.length), 'syntax errors'), 'syntax');
}

/** Refuses more nodes or edges than a flow may have before any per-node work is done. */
function checkCounts(source: FlowSource, value: unknown): void {
  if (typeof value !== 'object' || value === null) return;
  for (const [key, max] of [
    ['nodes', MAX_FLOW_NODES],
    ['edges', MAX_FLOW_EDGES],
  ] as const) {
    const list: unknown = (value as Record<string, unknown>)[key];
    const count = Array.isArray(list) ? list.length : 0;
    if (count > max) {
      const message =
        `the flow has ${count.toLocaleString('en-US')} ${key}; ` +
        `a flow may have at most ${max.toLocaleString('en-US')}. Split it into sub-flows (flow.run)`;
      throw new FlowError(source.file, [{ message, path: [key], position: positionOfPath(source, [key]) }], 'limit');
    }
  }
}

/**
 * Refuses a `__proto__` key: JSON.parse keeps it as an own property, but any later copy by assignment
 * would swap the copy's prototype, so what validation and the run see would differ from what the file shows.
 */
function refuseProtoKeys(source: FlowSource, value: unknown): void {
  const pending: unknown[] = [value];
  let found = false;
  while (pending.length > 0 && !found) {
    const item = pending.pop();
    if (typeof item !== 'object' || item === null) continue;
    if (!Array.isArray(item) && Object.hasOwn(item, '__proto__')) found = true;
    // Loops, not push(...list): a spread of a million-element array overflows the call stack.
    else for (const child of Array.isArray(item) ? item : Object.values(item)) pending.push(child);
  }
  if (!found) return;
  const keys: JsonNode[] = [];
  const nodes: JsonNode[] = [source.tree];
  while (nodes.length > 0) {
    const node = nodes.pop()!;
    if (node.type === 'property' && node.children?.[0]?.value === '__proto__') keys.push(node.children[0]);
    for (const child of node.children ?? []) nodes.push(child);
  }
  keys.sort((a, b) => a.offset - b.offset);
  const lines = lineTableOf(source);
  const problems = keys.slice(0, MAX_PROBLEMS_PER_KIND).map((node) => ({
    message: "the key '__proto__' is not allowed in a flow file (it would change how every reader sees this object); rename or remove it",
    path: [],
    position: lines.positionAt(node.offset, node.length),
  }));
  throw new FlowError(source.file, withSummary(problems, keys.length, "'__proto__' keys"), 'schema');
}

function withSummary(problems: FlowProblem[], total: number, what: string): FlowProblem[] {
  if (total <= problems.length) return problems;
  const last = problems[problems.length - 1];
  return [
    ...problems,
    { message: `…and ${(total - problems.length).toLocaleString('en-US')} more ${what}`, path: [], position: last?.position },
  ];
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
