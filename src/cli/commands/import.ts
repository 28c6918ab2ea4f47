// `flowstudio import FILE [--from langflow|promptflow] [-o OUT] [--strict] [--force]`: a Langflow export or a
// Prompt flow DAG to a flow file, printing what became of each source node. Exit 0; 1 when --strict and a
// node was kept as a note; 2 when the input cannot be read or imported, or the output exists.
import { writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import {
  allMapped,
  describeImportedNode,
  FileAccess,
  FileAccessError,
  formatDiagnostic,
  IMPORT_SOURCES,
  importFlow,
  ImportError,
  importSummary,
  parseFlow,
  serializeFlow,
  validateFlow,
  type ImportSource,
  type McpCatalog,
} from '../../engine';
import { MAX_IMPORT_TEXT_LENGTH } from '../../engine/import/langflow-source';
import { terminalSafe } from '../../engine/mcp/hidden-text';
import { EXIT_OK, EXIT_RUN_FAILED, UsageError } from '../usage';

// Import starts no MCP server: servers the flow names count as configured, their tools unchecked.
const UNCHECKED = 'is not checked by import';
const serversUnchecked: McpCatalog = {
  hasServer: () => true,
  serverNames: () => [],
  toolsOf: () => undefined,
  promptsOf: () => undefined,
  errorOf: (server) => `MCP server '${server}' ${UNCHECKED}`,
};

const IMPORT_USAGE = 'flowstudio import FILE [--from langflow|promptflow] [-o OUT.flow.json] [--strict] [--force]';

export async function importCommand(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        from: { type: 'string' },
        out: { type: 'string', short: 'o' },
        strict: { type: 'boolean' },
        force: { type: 'boolean' },
      },
    });
  } catch (error) {
    throw new UsageError(`import: ${(error as Error).message}\nusage: ${IMPORT_USAGE}`);
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) throw new UsageError(`import needs one file: ${IMPORT_USAGE}`);
  const from = values.from;
  if (from !== undefined && !IMPORT_SOURCES.includes(from as ImportSource))
    throw new UsageError(`import: unknown format '${from}' for --from; choose ${IMPORT_SOURCES.join(' or ')}`);

  const input = path.resolve(positionals[0]!);
  const folder = path.dirname(input);
  // Templates and tools a Prompt flow DAG names are read through the same rules as a run's files: inside the DAG's folder.
  const files = new FileAccess(folder, { maxFileBytes: MAX_IMPORT_TEXT_LENGTH });
  let text: string;
  try {
    text = (await files.readText(input, { what: 'import source' })).text;
  } catch (error) {
    const reason = error instanceof FileAccessError ? error.message : (error as Error).message;
    throw new UsageError(`import: cannot read ${positionals[0]!}: ${reason}`);
  }

  let result;
  try {
    result = await importFlow(text, {
      from: from as ImportSource | undefined,
      fileName: positionals[0]!,
      readSibling: async (relative) => (await files.readText(relative, { what: 'file the flow names' })).text,
    });
  } catch (error) {
    if (error instanceof ImportError || error instanceof FileAccessError) throw new UsageError(`import: ${terminalSafe(error.message)}`);
    throw error;
  }

  const out = values.out ?? defaultOutput(input);
  const flowText = serializeFlow(result.flow);
  try {
    await writeFile(out, flowText, { encoding: 'utf8', flag: values.force ? 'w' : 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST')
      throw new UsageError(`import: ${out} already exists; pass --force to replace it`);
    throw new UsageError(`import: cannot write ${out}: ${(error as Error).message}`);
  }

  for (const node of result.nodes) process.stdout.write(`${describeImportedNode(node)}\n`);
  for (const warning of result.warnings) process.stderr.write(`warning: ${terminalSafe(warning.message)}\n`);
  // Parsed back from the text written, so each problem points at its line in the new file.
  const problems = validateFlow(parseFlow(flowText, path.resolve(out)), undefined, { mcp: serversUnchecked }).filter(
    (d) => d.severity === 'error' && !d.message.includes(UNCHECKED),
  );
  for (const problem of problems) process.stderr.write(`${terminalSafe(formatDiagnostic({ ...problem, file: out }))}\n`);
  process.stdout.write(`wrote ${out} (${importSummary(result)})\n`);
  return values.strict && !allMapped(result) ? EXIT_RUN_FAILED : EXIT_OK;
}

/** NAME.flow.json next to the input; a Prompt flow's flow.dag.yaml is named after its folder. */
function defaultOutput(input: string): string {
  const base = path.basename(input).replace(/\.(json|ya?ml)$/i, '');
  const name = base === 'flow.dag' ? path.basename(path.dirname(input)) : base;
  return path.join(path.dirname(input), `${name}.flow.json`);
}
