// Prompt flow `flow.dag.yaml` import: being written; until then it refuses with a clear error.
import { ImportError, type ImportResult, type SiblingReader } from './import-result';

export interface PromptflowImportOptions {
  /** The name of the `flow.dag.yaml` file, for messages. */
  fileName: string;
  /** Reads the Jinja templates and `.py` tools the DAG names, relative to its folder. */
  readSibling: SiblingReader;
}

export async function importPromptflow(_text: string, options: PromptflowImportOptions): Promise<ImportResult> {
  throw new ImportError('Prompt flow import is not available in this build', options.fileName);
}
