// One model of a flow file's text at one version: parsed at most once, and shared by every reader of
// that version (in the editor: each canvas showing the file, the Problems check and runs). Edits are
// applied to its text as one batch and come back as one replacement for the editor to make.
import { parseTree, type Node as JsonNode } from 'jsonc-parser';
import { FlowError } from './errors';
import { applyFlowEdits, FlowEditError, type FlowEdit, type TextReplacement } from './flow-edit';
import { parseFlow } from './parse';
import { FLOW_FORMAT_VERSION, flowSchema, type Flow } from './schema';
import { serializeFlow } from './serialize';
import { attachSource } from './source';
import { templates } from './templates';

export type FlowParse = { flow: Flow; error?: undefined } | { flow?: undefined; error: FlowError };

export class FlowDocument {
  private parsed: FlowParse | undefined;

  constructor(
    readonly text: string,
    /** The editor's version of the text, or any number that changes with it. */
    readonly version: number,
    readonly file?: string,
  ) {}

  /**
   * A file with nothing in it yet (New File in the Explorer) is a new flow with no nodes, named after
   * the file: the canvas can build on it, and it gets its JSON with the first edit, not before.
   */
  get isBlank(): boolean {
    return this.text.trim() === '';
  }

  /** The text the flow is read from: for a blank file, the empty flow it stands for. */
  private get flowText(): string {
    return this.isBlank ? serializeFlow(templates.empty!.build(flowNameOf(this.file))) : this.text;
  }

  /** The flow, or why the text is not one; parsed on first use. */
  get parse(): FlowParse {
    if (!this.parsed) {
      const text = this.flowText;
      try {
        this.parsed = { flow: parseValidFlow(text, this.file) ?? parseFlow(text, this.file) };
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
    if (error.code === 'limit') return `${error.problems[0]?.message ?? 'the file is over a size limit'}; only a text editor can change it`;
    return `the file is not valid JSON (${error.problems[0]?.message ?? 'it does not parse'}); fix it in the text editor first`;
  }

  /** The text after `edits`, and the one replacement that makes it; throws FlowEditError when refused. */
  applyEdits(edits: readonly FlowEdit[]): { text: string; replacement?: TextReplacement } {
    const refusal = this.editRefusal;
    if (refusal) throw new FlowEditError(refusal);
    if (!this.isBlank) return applyFlowEdits(this.text, edits);
    const edited = applyFlowEdits(this.flowText, edits);
    // Nothing changed: the blank file stays blank. Otherwise its whole text becomes the edited flow.
    if (!edited.replacement) return { text: this.text };
    return { text: edited.text, replacement: { offset: 0, length: this.text.length, content: edited.text } };
  }
}

/**
 * The current FlowDocument of each open file, by a key the caller chooses (the editor: the URI). A
 * reader asking for the version it has gets the same object, so the text is parsed once per version.
 */
export class FlowDocuments {
  private readonly byKey = new Map<string, FlowDocument>();
  private readonly expected = new Map<string, FlowDocument>();

  get(key: string, version: number, text: () => string, file?: string): FlowDocument {
    const known = this.byKey.get(key);
    if (known && known.version === version) return known;
    const current = text();
    // An edit's own result, made before the editor applied it: adopted only if the text is exactly that.
    const foreseen = this.expected.get(key);
    this.expected.delete(key);
    const document =
      foreseen && foreseen.version === version && foreseen.text === current ? foreseen : new FlowDocument(current, version, file);
    this.byKey.set(key, document);
    return document;
  }

  /**
   * The model of the text an edit is about to produce, at the version the editor will give it. The
   * editor can show it before the edit has made its way through, and `get` hands out the same object
   * once the document reaches that version with that text (any other text gets a model of its own).
   */
  expect(key: string, version: number, text: string, file?: string): FlowDocument {
    const document = new FlowDocument(text, version, file);
    this.expected.set(key, document);
    return document;
  }

  forget(key: string): void {
    this.byKey.delete(key);
    this.expected.delete(key);
  }
}

/** The flow name a blank file gets: its file name without `.flow.json`, or "flow" when that is not a name. */
function flowNameOf(file: string | undefined): string {
  const base = (file ?? '').split(/[\\/]/).pop() ?? '';
  const name = base.replace(/\.flow\.json$/i, '').replace(/\.json$/i, '');
  return name.trim() === '' ? 'flow' : name;
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
