// Reads a Prompt flow `flow.dag.yaml` safely (bounded size, aliases and nesting, no custom tags) into a
// checked shape, keeping where each part sits in the text so errors can name a line.
import { isNode, LineCounter, parseDocument, type Document } from 'yaml';
import * as z from 'zod';
import { ImportError } from './import-result';

/** Characters of YAML accepted: real `flow.dag.yaml` files are a few kilobytes. */
export const MAX_PROMPTFLOW_YAML_LENGTH = 1024 * 1024;

/** Aliases expanded when reading: a DAG needs none; a few are allowed for hand-written files, never a "billion laughs". */
const MAX_ALIAS_COUNT = 50;

/** Open `[`/`{` flow collections at once: DAGs use two or three; thousands exhaust the YAML parser's stack or heap. */
const MAX_FLOW_NESTING = 64;

/** Nodes in one DAG: far beyond any real Prompt flow, small enough to import in a blink. */
const MAX_PROMPTFLOW_NODES = 2_000;

const identifier = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be a name of letters, digits and _');

const flowInputSchema = z.looseObject({
  type: z.string().optional(),
  default: z.unknown().optional(),
  description: z.string().optional(),
  is_chat_input: z.boolean().optional(),
  is_chat_history: z.boolean().optional(),
});

const flowOutputSchema = z.looseObject({
  type: z.string().optional(),
  reference: z.string().optional(),
  description: z.string().optional(),
  is_chat_output: z.boolean().optional(),
});

const sourceSchema = z.looseObject({
  type: z.string(),
  path: z.string().optional(),
  tool: z.string().optional(),
});

const nodeBody = {
  type: z.string().optional(),
  source: sourceSchema.optional(),
  inputs: z.record(z.string(), z.unknown()).nullish(),
  api: z.string().optional(),
  connection: z.string().nullish(),
  provider: z.string().optional(),
  module: z.string().optional(),
  activate: z.looseObject({ when: z.string(), is: z.unknown() }).optional(),
  aggregation: z.boolean().optional(),
};

const nodeSchema = z.looseObject({
  name: z.string().regex(/^[A-Za-z0-9_-]+$/, 'must be a name of letters, digits, _ and -'),
  use_variants: z.boolean().optional(),
  ...nodeBody,
});

const variantsSchema = z.looseObject({
  default_variant_id: z.string(),
  variants: z.record(z.string(), z.looseObject({ node: z.looseObject(nodeBody) })),
});

const dagSchema = z.looseObject({
  description: z.string().optional(),
  inputs: z.record(identifier, flowInputSchema.nullable()).nullish(),
  outputs: z.record(identifier, flowOutputSchema).nullish(),
  nodes: z.array(nodeSchema).max(MAX_PROMPTFLOW_NODES, `must hold at most ${MAX_PROMPTFLOW_NODES} nodes`),
  node_variants: z.record(z.string(), variantsSchema).nullish(),
  environment_variables: z.record(z.string(), z.unknown()).nullish(),
});

export type PromptflowDag = z.infer<typeof dagSchema>;
export type PromptflowNode = z.infer<typeof nodeSchema>;
export type PromptflowInput = z.infer<typeof flowInputSchema>;
export type PromptflowOutput = z.infer<typeof flowOutputSchema>;

/** A parsed DAG and a way to name the line of any part of it. */
export interface PromptflowSource {
  dag: PromptflowDag;
  /** `file:line` of the part at `path` (or of the closest enclosing part), for messages. */
  where(path: readonly (string | number)[]): string;
}

export function readPromptflowYaml(text: string, fileName: string): PromptflowSource {
  if (text.length > MAX_PROMPTFLOW_YAML_LENGTH) {
    throw new ImportError(
      `the file is ${(text.length / 1024 / 1024).toFixed(1)} MB; a Prompt flow DAG is at most ${MAX_PROMPTFLOW_YAML_LENGTH / 1024 / 1024} MB`,
      fileName,
    );
  }
  const nested = lineBeyondNesting(text, MAX_FLOW_NESTING);
  if (nested !== undefined) {
    throw new ImportError(`refused: YAML collections nested more than ${MAX_FLOW_NESTING} deep`, `${fileName}:${nested}`);
  }
  const lines = new LineCounter();
  let document: Document.Parsed;
  let value: unknown;
  try {
    document = parseDocument(text, {
      lineCounter: lines,
      schema: 'core',
      merge: false,
      uniqueKeys: true,
      prettyErrors: true,
    });
    const problem = document.errors[0] ?? document.warnings.find((warning) => warning.code === 'TAG_RESOLVE_FAILED');
    if (problem) {
      const at = problem.linePos?.[0];
      const message = problem.message.split('\n')[0] ?? problem.message;
      throw new ImportError(`not valid YAML: ${message}`, at ? `${fileName}:${at.line}:${at.col}` : fileName);
    }
    value = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    if (error instanceof ImportError) throw error;
    if (error instanceof RangeError) throw new ImportError('the YAML is nested too deeply to read', fileName);
    // The yaml library stops alias expansion with a ReferenceError naming resource exhaustion.
    const message = error instanceof Error ? error.message : String(error);
    throw new ImportError(
      /alias/i.test(message) ? `refused: the YAML expands more than ${MAX_ALIAS_COUNT} aliases` : `not valid YAML: ${message}`,
      fileName,
    );
  }

  const where = (path: readonly (string | number)[]): string => {
    for (let length = path.length; length >= 0; length--) {
      const node = document.getIn(path.slice(0, length), true);
      if (isNode(node) && node.range) {
        const at = lines.linePos(node.range[0]);
        return `${fileName}:${at.line}`;
      }
    }
    return fileName;
  };

  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ImportError('not a Prompt flow DAG: expected a mapping with inputs, outputs and nodes', where([]));
  }
  const entry = (value as { entry?: unknown; nodes?: unknown }).entry;
  if (typeof entry === 'string' && (value as { nodes?: unknown }).nodes === undefined) {
    throw new ImportError(`a flex flow (entry: ${entry}) is Python code, not a DAG of nodes; there is nothing to import`, where(['entry']));
  }
  const parsed = dagSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path.filter((part): part is string | number => typeof part !== 'symbol');
    const message = issue.code === 'invalid_type' && issue.input === undefined ? 'is missing' : issue.message;
    throw new ImportError(`not a Prompt flow DAG: ${path.join('.') || 'the file'} ${message}`, where(path));
  }
  return { dag: parsed.data, where };
}

/**
 * The line where nesting first goes deeper than `max`, in one pass before the parser sees the text: open
 * indentation levels, `- ` sequence entries started on one line, and open `[`/`{` collections. Quoted
 * scalars and comments are skipped; a quote is taken to close at the end of its line at the latest, so
 * the count can only be too high, never too low.
 */
function lineBeyondNesting(text: string, max: number): number | undefined {
  let flowDepth = 0;
  const indents: number[] = [];
  let line = 0;
  for (const content of text.split('\n')) {
    line++;
    const indent = content.length - content.trimStart().length;
    const body = content.slice(indent);
    if (body !== '' && !body.startsWith('#') && flowDepth === 0) {
      while (indents.length > 0 && indents[indents.length - 1]! >= indent) indents.pop();
      indents.push(indent);
      const entries = /^(?:-[ \t]+)*/.exec(body)![0].replace(/[^-]/g, '').length;
      if (indents.length + entries > max) return line;
    }
    let quote: string | undefined;
    let previous = ' ';
    for (let i = 0; i < body.length; i++) {
      const char = body[i]!;
      if (quote) {
        if (char === quote) quote = undefined;
        continue;
      }
      if (char === '#' && (i === 0 || /\s/.test(body[i - 1]!))) break;
      if ((char === '"' || char === "'") && /[\s:,[{?-]/.test(previous)) quote = char;
      else if (char === '[' || char === '{') {
        if (++flowDepth + indents.length > max) return line;
      } else if ((char === ']' || char === '}') && flowDepth > 0) flowDepth--;
      if (!/[ \t]/.test(char)) previous = char;
    }
  }
  return undefined;
}
