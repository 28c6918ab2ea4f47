// A flow file that does not exist yet (a link to it, `vscode.openWith` on a new path)
// opens in the canvas as a new, empty flow. VS Code cannot open a custom text editor on a missing file:
// the tab shows an error before our provider is asked. So that tab is replaced by the untitled document
// at the same path, which the canvas shows as an empty flow and the first save writes there, as VS Code
// does for a missing text file. Nothing is written to disk before that save.
import * as vscode from 'vscode';
import { Disposable } from '../lifetime/disposable';
import { flowEditorViewType } from './flow-editor-provider';

export class MissingFlowFiles extends Disposable {
  private readonly viewType = flowEditorViewType;

  constructor(private readonly output: vscode.LogOutputChannel) {
    super();
    this.register(vscode.window.tabGroups.onDidChangeTabs(({ opened }) => opened.forEach((tab) => this.replaceSoon(tab))));
    // The open that activated the extension made its tab before this listened.
    vscode.window.tabGroups.all.flatMap((group) => group.tabs).forEach((tab) => this.replaceSoon(tab));
  }

  private replaceSoon(tab: vscode.Tab): void {
    void this.replaceIfMissing(tab).catch((error: unknown) => this.report(tab, error));
  }

  /** The untitled canvas that stands for a missing flow file, or undefined when the file exists or is no flow. */
  async replaceIfMissing(tab: vscode.Tab): Promise<vscode.Uri | undefined> {
    const input = tab.input;
    if (this.isDisposed || !(input instanceof vscode.TabInputCustom) || input.viewType !== this.viewType || input.uri.scheme !== 'file')
      return undefined;
    if (!input.uri.path.endsWith('.flow.json') || (await exists(input.uri))) return undefined;
    const untitled = input.uri.with({ scheme: 'untitled' });
    // The untitled document must exist before the canvas is asked to show it.
    await vscode.workspace.openTextDocument(untitled);
    await vscode.commands.executeCommand('vscode.openWith', untitled, this.viewType, { viewColumn: tab.group.viewColumn, preview: false });
    await vscode.window.tabGroups.close(tab, true).then(undefined, () => false);
    this.output.info(`${vscode.workspace.asRelativePath(input.uri)} does not exist yet: opened as a new flow, written when saved`);
    return untitled;
  }

  private report(tab: vscode.Tab, error: unknown): void {
    this.output.error(`opening ${tab.label} as a new flow: ${error instanceof Error ? error.message : String(error)}`);
  }
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  return vscode.workspace.fs.stat(uri).then(
    () => true,
    () => false,
  );
}
