// One model of a flow file's text at one version: parsed at most once, and shared by every reader of
// that version (in the editor: each canvas showing the file, the Problems check and runs). Edits are
// applied to its text as one batch and come back as one replacement for the editor to make.
import { parseTree, type Node as JsonNode } from 'jsonc-parser';
import { FlowError } from './errors';
import { applyFlowEdits, FlowEditError, type FlowEdit, type TextReplacement } from './flow-edit';
import { parseFlow } from './parse';
import { FLOW_FORMAT_VERSION, flowSchema, type Flow } from './schema';
import { attachSource } from './source';

export type FlowParse = { flow: Flow; error?: undefined } | { flow?: undefined; error: FlowError };

export class FlowDocument {
  private parsed: FlowParse | undefined;

  constructor(
    readonly text: string,
    /** The editor's version of the text, or any number that changes with it. */
    readonly version: number,
    readonly file?: string,
  ) {}

  /** The flow, or why the text is not one; parsed on first use. */
  get parse(): FlowParse {
    if (!this.parsed) {
      try {
        this.parsed = { flow: parseValidFlow(this.text, this.file) ?? parseFlow(this.text, this.file) };
      } catch (error) {
        if (!(error instanceof FlowError)) throw error;
        this.parsed = { error };
      }
    }
    return this.parsed;
  }

  /** The flow, throwing its FlowError when the text is not one. */
  requireFlow(): Flow {
    const { flow, error } = this.parse;
    if (error) throw error;
    return flow;
  }

  /**
   * Why the canvas must not edit this text, if it must not: a file from a newer FlowStudio, or text
   * that is not JSON, is only ever fixed by hand. A flow with schema problems can be edited.
   */
  get editRefusal(): string | undefined {
    const { error } = this.parse;
    if (!error || error.code === 'schema') return undefined;
    if (error.code === 'version') return error.problems[0]?.message ?? 'the file is from a newer FlowStudio';
    return `the file is not valid JSON (${error.problems[0]?.message ?? 'it does not parse'}); fix it in the text editor first`;
  }

  /** The text after `edits`, and the one replacement that makes it; throws FlowEditError when refused. */
  applyEdits(edits: readonly FlowEdit[]): { text: string; replacement?: TextReplacement } {
    const refusal = this.editRefusal;
    if (refusal) throw new FlowEditError(refusal);
    return applyFlowEdits(this.text, edits);
  }
}

/**
 * The current FlowDocument of each open file, by a key the caller chooses (the editor: the URI). A
 * reader asking for the version it has gets the same object, so the text is parsed once per version.
 */
export class FlowDocuments {
  private readonly byKey = new Map<string, FlowDocument>();

  get(key: string, version: number, text: () => string, file?: string): FlowDocument {
    const known = this.byKey.get(key);
    if (known && known.version === version) return known;
    const document = new FlowDocument(text(), version, file);
    this.byKey.set(key, document);
    return document;
  }

  forget(key: string): void {
    this.byKey.delete(key);
  }
}

/**
 * The common case, a valid flow, without building a syntax tree: native JSON.parse and the schema.
 * The tree that diagnostics place problems with is built only when one asks for it. Anything else
 * (undefined) goes to parseFlow, which says where and what is wrong.
 */
function parseValidFlow(text: string, file: string | undefined): Flow | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const version = (value as { version?: unknown }).version;
  if (typeof version === 'number' && version > FLOW_FORMAT_VERSION) return undefined;
  const result = flowSchema.safeParse(value);
  if (!result.success) return undefined;
  let tree: JsonNode | undefined;
  attachSource(result.data, {
    file,
    text,
    get tree(): JsonNode {
      tree ??= parseTree(text, [], { allowTrailingComma: false, disallowComments: true });
      if (!tree) throw new Error('a text that JSON.parse read has no syntax tree');
      return tree;
    },
  });
  return result.data;
}
