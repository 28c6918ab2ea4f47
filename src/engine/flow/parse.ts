// parseFlow: text -> Flow, with every syntax or schema error placed at its line and column.
import { parseTree, printParseErrorCode, getNodeValue, type ParseError } from 'jsonc-parser';
import type * as z from 'zod';
import { FlowError, type FlowProblem } from './errors';
import { FLOW_FORMAT_VERSION, flowSchema, type Flow } from './schema';
import { attachSource, positionAt, positionOfPath, type FlowSource, type JsonPath } from './source';

export function parseFlow(text: string, file?: string): Flow {
  const syntaxErrors: ParseError[] = [];
  const tree = parseTree(text, syntaxErrors, { allowTrailingComma: false, disallowComments: true });
  if (syntaxErrors.length > 0 || !tree) {
    const problems: FlowProblem[] = syntaxErrors.map((e) => ({
      message: `invalid JSON: ${describeSyntaxError(printParseErrorCode(e.error))}`,
      path: [],
      position: positionAt(text, e.offset, e.length),
    }));
    if (problems.length === 0) problems.push({ message: 'the file is empty', path: [], position: positionAt(text, 0) });
    throw new FlowError(file, problems, 'syntax');
  }
  const source: FlowSource = { file, text, tree };
  const value: unknown = getNodeValue(tree);

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
    throw new FlowError(file, result.error.issues.map((issue) => problemFromIssue(source, issue)), 'schema');
  }
  // Keep the caller's object identity stable for the source map.
  const flow = result.data;
  attachSource(flow, source);
  return flow;
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
