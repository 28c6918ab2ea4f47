// "Compare Flow Test Runs": two saved runs of the workspace's flow tests side by side (status, outputs,
// latency, tokens per case) in a Markdown preview. Runs come from .flowstudio/test-results/, written by
// the Testing view and by `flowstudio test`.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { compareRunsMarkdown, LATEST_RESULTS, parseSavedResults, RESULTS_FOLDER, type RunLabel } from '../../engine';

/** Saved runs of a folder, newest first. */
export function savedRuns(folder: string): string[] {
  const dir = path.join(folder, RESULTS_FOLDER);
  try {
    return readdirSync(dir)
      .filter((name) => name.endsWith('.json') && name !== LATEST_RESULTS)
      .sort()
      .reverse()
      .map((name) => path.join(dir, name));
  } catch {
    return [];
  }
}

function label(file: string): RunLabel {
  return { name: path.basename(file, '.json'), results: parseSavedResults(readFileSync(file, 'utf8'), file) };
}

/**
 * Opens the comparison of two runs (B the later); asks which when not given. The table is written to
 * comparison.md beside the runs (a saved file: closing its preview asks nothing) and shown as a preview.
 */
export async function compareTestRuns(before?: vscode.Uri, after?: vscode.Uri): Promise<vscode.TextDocument | undefined> {
  let files = before && after ? [before.fsPath, after.fsPath] : undefined;
  if (!files) {
    const runs = (vscode.workspace.workspaceFolders ?? []).flatMap((f) => savedRuns(f.uri.fsPath));
    if (runs.length < 2) {
      void vscode.window.showInformationMessage(
        'FlowStudio: run the flow tests twice (Testing view or flowstudio test) to compare two runs.',
      );
      return undefined;
    }
    const picks = await vscode.window.showQuickPick(
      runs.map((file, i) => ({
        label: path.basename(file, '.json'),
        description: vscode.workspace.asRelativePath(file),
        file,
        picked: i < 2,
      })),
      { canPickMany: true, title: 'Compare two flow test runs', placeHolder: 'Pick two runs (the two newest are selected)' },
    );
    if (!picks) return undefined;
    if (picks.length !== 2) {
      void vscode.window.showErrorMessage('FlowStudio: pick exactly two runs to compare.');
      return undefined;
    }
    files = picks.map((p) => p.file).sort();
  }
  const target = vscode.Uri.file(path.join(path.dirname(files[1]!), 'comparison.md'));
  try {
    writeFileSync(target.fsPath, compareRunsMarkdown(label(files[0]!), label(files[1]!)));
  } catch (error) {
    void vscode.window.showErrorMessage(`FlowStudio: ${(error as Error).message}`);
    return undefined;
  }
  const document = await vscode.workspace.openTextDocument(target);
  try {
    await vscode.commands.executeCommand('markdown.showPreview', document.uri);
  } catch {
    // Without the built-in Markdown extension the table is still readable as text.
    await vscode.window.showTextDocument(document);
  }
  return document;
}
