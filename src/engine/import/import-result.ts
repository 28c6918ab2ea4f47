// What an importer gives back: a flow that validates, and one line per source node saying what became of it.
// Every importer (Langflow, Prompt flow) returns this shape so `flowstudio import` and the editor's
// "Import Flow…" print and check the same way. See docs/architecture.md, "Importers and exporters".
import type { Flow } from '../flow/schema';

export type ImportSource = 'langflow' | 'promptflow';

/** What happened to one node of the source file. */
export type ImportedNode =
  | { sourceId: string; sourceType: string; outcome: 'mapped'; nodeIds: string[]; component: string }
  | { sourceId: string; sourceType: string; outcome: 'note'; noteId: string; reason: string };

export interface ImportWarning {
  /** The source node the warning is about, when there is one. */
  sourceId?: string;
  message: string;
}

export interface ImportResult {
  from: ImportSource;
  flow: Flow;
  nodes: ImportedNode[];
  warnings: ImportWarning[];
  /** Secret names the flow now refers to as `{{secret:NAME}}`; values are never carried over. */
  secrets: string[];
}

/** A source file the importer could not read at all (not JSON/YAML, not the format it claims). */
export class ImportError extends Error {
  constructor(
    message: string,
    readonly where?: string,
  ) {
    super(where ? `${where}: ${message}` : message);
    this.name = 'ImportError';
  }
}

/** Reads a file next to the imported one (Prompt flow's Jinja templates and `.py` tools); paths stay inside its folder. */
export type SiblingReader = (relativePath: string) => Promise<string>;

export function allMapped(result: ImportResult): boolean {
  return result.nodes.every((node) => node.outcome === 'mapped');
}
