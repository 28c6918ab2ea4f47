// "FlowStudio: Import Flow…": a Langflow export or a Prompt flow DAG to a flow file next to it, opened in the
// canvas, with one line per source node and the warnings in the FlowStudio output channel. Importing runs
// nothing (no code, no server), so it is allowed in an untrusted workspace too.
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  describeImportedNode,
  FileAccess,
  importFlow,
  importSummary,
  serializeFlow,
  type ImportedNode,
  type ImportSource,
  type ImportWarning,
} from '../../engine';
import { MAX_IMPORT_TEXT_LENGTH } from '../../engine/import/langflow-source';
import { flowEditorViewType } from '../editor/flow-editor-provider';

/** Arguments for scripts and tests; the Explorer passes only the file. */
export interface ImportFlowOptions {
  from?: ImportSource;
  /** Replace an existing flow file without asking. */
  replace?: boolean;
}

export interface ImportFlowOutcome {
  uri: vscode.Uri;
  nodes: ImportedNode[];
  warnings: ImportWarning[];
}

export function registerImportCommand(output: vscode.LogOutputChannel): vscode.Disposable {
  return vscode.commands.registerCommand('flowstudio.importFlow', async (uriArg?: unknown, options: ImportFlowOptions = {}) => {
    const source = uriArg instanceof vscode.Uri ? uriArg : await pickSource();
    if (!source) return undefined;
    return importInto(source, options, output);
  });
}

async function pickSource(): Promise<vscode.Uri | undefined> {
  const picked = await vscode.window.showOpenDialog({
    title: 'FlowStudio: Import Flow… (a Langflow JSON export or a Prompt flow flow.dag.yaml)',
    canSelectMany: false,
    defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
    filters: { 'Langflow or Prompt flow': ['json', 'yaml', 'yml'] },
  });
  return picked?.[0];
}

async function importInto(
  source: vscode.Uri,
  options: ImportFlowOptions,
  output: vscode.LogOutputChannel,
): Promise<ImportFlowOutcome | undefined> {
  if (source.scheme !== 'file') throw new Error(`Import Flow reads files on this machine; ${source.toString()} is not one`);
  const folder = path.dirname(source.fsPath);
  // Prompt flow templates and tools are read under the same rules as a run's files: inside the DAG's folder.
  const files = new FileAccess(folder, { maxFileBytes: MAX_IMPORT_TEXT_LENGTH });
  const { text } = await files.readText(source.fsPath, { what: 'import source' });
  const fileName = path.basename(source.fsPath);
  const result = await importFlow(text, {
    from: options.from,
    fileName,
    readSibling: async (relative) => (await files.readText(relative, { what: 'file the flow names' })).text,
  });

  const target = vscode.Uri.file(path.join(folder, `${outputName(source.fsPath)}.flow.json`));
  if ((await exists(target)) && !options.replace) {
    const answer = await vscode.window.showWarningMessage(
      `${path.basename(target.fsPath)} already exists. Replace it with the imported flow?`,
      { modal: true },
      'Replace',
    );
    if (answer !== 'Replace') return undefined;
  }
  await vscode.workspace.fs.writeFile(target, Buffer.from(serializeFlow(result.flow)));

  output.info(`Import Flow: ${fileName} (${result.from}) -> ${path.basename(target.fsPath)}`);
  for (const node of result.nodes) (node.outcome === 'note' ? output.warn : output.info).call(output, `  ${describeImportedNode(node)}`);
  for (const warning of result.warnings) output.warn(`  ${warning.message}`);
  const summary = importSummary(result);
  output.info(`  ${summary}`);

  await vscode.commands.executeCommand('vscode.openWith', target, flowEditorViewType);
  const notes = result.nodes.filter((n) => n.outcome === 'note').length;
  const message = `Imported ${fileName}: ${summary}.`;
  // Not awaited: the message stays until dismissed and must not hold the command open.
  void (notes > 0 || result.warnings.length > 0
    ? vscode.window.showWarningMessage(`${message} See the FlowStudio output for what was kept as notes.`, 'Show Output').then((choice) => {
        if (choice) output.show(true);
      })
    : vscode.window.showInformationMessage(message));
  return { uri: target, nodes: result.nodes, warnings: result.warnings };
}

function outputName(file: string): string {
  const base = path.basename(file).replace(/\.(json|ya?ml)$/i, '');
  return base === 'flow.dag' ? path.basename(path.dirname(file)) : base;
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}
