// importFlow: one entry for every importer, detecting the source format when the caller does not name it.
import { parse as parseYaml } from 'yaml';
import { ImportError, type ImportResult, type ImportSource, type SiblingReader } from './import-result';
import { importLangflow } from './langflow';
import { findExcessiveNesting } from '../flow/limits';
import { describeJsonError, MAX_IMPORT_NESTING, MAX_IMPORT_TEXT_LENGTH } from './langflow-source';
import { importPromptflow } from './promptflow';

export {
  allMapped,
  ImportError,
  type ImportedNode,
  type ImportResult,
  type ImportSource,
  type ImportWarning,
  type SiblingReader,
} from './import-result';
export { importLangflow, type LangflowImportOptions } from './langflow';
export { importPromptflow, type PromptflowImportOptions } from './promptflow';
export { describeImportedNode, importCounts, importSummary } from './import-summary';

export const IMPORT_SOURCES: readonly ImportSource[] = ['langflow', 'promptflow'];

export interface ImportOptions {
  /** The source format; detected from the text when absent. */
  from?: ImportSource;
  /** The source file's name, for messages. */
  fileName: string;
  /** Reads files next to the source (Prompt flow's templates and tools); must keep paths inside its folder. */
  readSibling: SiblingReader;
}

export async function importFlow(text: string, options: ImportOptions): Promise<ImportResult> {
  const from = options.from ?? detectImportSource(text, options.fileName);
  switch (from) {
    case 'langflow':
      return importLangflow(text, { fileName: options.fileName });
    case 'promptflow':
      return importPromptflow(text, { fileName: options.fileName, readSibling: options.readSibling });
  }
}

/** JSON with data.nodes (or nodes) is a Langflow export; YAML with nodes, inputs or outputs is a Prompt flow DAG. */
export function detectImportSource(text: string, fileName: string): ImportSource {
  // The same bounds as the importers', before anything parses the text.
  if (text.length > MAX_IMPORT_TEXT_LENGTH)
    throw new ImportError(
      `the file is larger than ${MAX_IMPORT_TEXT_LENGTH / 1024 / 1024} MiB; exports that large are not imported`,
      fileName,
    );
  if (findExcessiveNesting(text, MAX_IMPORT_NESTING) !== undefined)
    throw new ImportError(`nested deeper than ${MAX_IMPORT_NESTING} levels`, fileName);
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{')) {
    let root: unknown;
    try {
      root = JSON.parse(trimmed);
    } catch (error) {
      throw new ImportError(`not JSON: ${describeJsonError(trimmed, error as Error)}`, fileName);
    }
    if (isLangflowShape(root)) return 'langflow';
    throw new ImportError('not a Langflow export (no "data.nodes") nor a Prompt flow DAG; name the format with --from', fileName);
  }
  let document: unknown;
  try {
    // A DAG is small; the limits keep a hostile file from expanding aliases without end.
    document = parseYaml(text, { maxAliasCount: 100 });
  } catch (error) {
    throw new ImportError(`neither JSON nor YAML: ${(error as Error).message.split('\n')[0]}`, fileName);
  }
  if (typeof document === 'object' && document !== null && ['nodes', 'inputs', 'outputs'].some((key) => key in document))
    return 'promptflow';
  throw new ImportError('not a Langflow export nor a Prompt flow flow.dag.yaml (it has no nodes, inputs or outputs)', fileName);
}

function isLangflowShape(root: unknown): boolean {
  if (typeof root !== 'object' || root === null) return false;
  const record = root as { data?: { nodes?: unknown }; nodes?: unknown; flows?: unknown };
  return Array.isArray(record.data?.nodes) || Array.isArray(record.nodes) || Array.isArray(record.flows);
}
