// Palette commands that run flows: Run, Run to Selected Node, Debug, Stop, and the debug controls.
// Each acts on the flow given as an argument (explorer, editor title), else the active flow editor,
// else the active text editor's flow.
import * as vscode from 'vscode';
import type { RunResult } from '../../engine';
import type { FlowEditorProvider } from '../editor/flow-editor-provider';
import type { FlowRuns } from './flow-runs';

export interface RunCommandArgs {
  /** Flow inputs by name, to run without input boxes (used by tasks, keybindings and tests). */
  inputs?: Record<string, unknown>;
  stopAt?: string;
}

export function registerRunCommands(runs: FlowRuns, editors: FlowEditorProvider, output: vscode.LogOutputChannel): vscode.Disposable[] {
  const targetUri = (uri: unknown): vscode.Uri | undefined => {
    if (uri instanceof vscode.Uri) return uri;
    const session = editors.activeSession;
    if (session) return session.document.uri;
    const text = vscode.window.activeTextEditor?.document;
    return text?.uri.path.endsWith('.flow.json') ? text.uri : undefined;
  };

  const startRun = async (
    mode: 'run' | 'debug',
    uriArg: unknown,
    args: RunCommandArgs = {},
    toSelection = false,
  ): Promise<RunResult | undefined> => {
    const uri = targetUri(uriArg);
    if (!uri) {
      void vscode.window.showErrorMessage('FlowStudio: open a *.flow.json file to run it.');
      return undefined;
    }
    let stopAt = args.stopAt;
    if (toSelection && !stopAt) {
      stopAt = editors.sessionsOf(uri).find((s) => s.selectedNodeIds.length > 0)?.selectedNodeIds[0];
      if (!stopAt) {
        void vscode.window.showErrorMessage('FlowStudio: select a node on the canvas to run up to it.');
        return undefined;
      }
    }
    try {
      const document = await vscode.workspace.openTextDocument(uri);
      const run = await runs.start(document, { mode, ...(stopAt ? { stopAt } : {}), ...(args.inputs ? { inputs: args.inputs } : {}) });
      if (mode === 'run') output.show(true);
      const result = await run.result;
      if (result.status === 'error')
        void vscode.window.showErrorMessage(
          `FlowStudio: the run failed${result.error?.nodeId ? ` at node ${result.error.nodeId}` : ''}: ${result.error?.message ?? 'unknown error'}`,
        );
      return result;
    } catch (error) {
      void vscode.window.showErrorMessage(`FlowStudio: ${(error as Error).message}`);
      return undefined;
    }
  };

  const control = (action: 'pause' | 'step' | 'resume') => (uriArg: unknown) => {
    const uri = targetUri(uriArg);
    const run = uri ? runs.runOf(uri) : undefined;
    if (!run) return void vscode.window.showInformationMessage('FlowStudio: this flow is not running.');
    // Also while the run is still being prepared: Step then pauses before the first node.
    run.control[action]();
  };

  return [
    vscode.commands.registerCommand('flowstudio.run', (uri?: unknown, args?: RunCommandArgs) => startRun('run', uri, args)),
    vscode.commands.registerCommand('flowstudio.runToSelectedNode', (uri?: unknown, args?: RunCommandArgs) =>
      startRun('run', uri, args, true),
    ),
    vscode.commands.registerCommand('flowstudio.debug', (uri?: unknown, args?: RunCommandArgs) => startRun('debug', uri, args)),
    vscode.commands.registerCommand('flowstudio.stop', (uriArg?: unknown) => {
      const uri = targetUri(uriArg);
      if (!uri || !runs.stop(uri)) void vscode.window.showInformationMessage('FlowStudio: this flow is not running.');
    }),
    vscode.commands.registerCommand('flowstudio.pause', control('pause')),
    vscode.commands.registerCommand('flowstudio.step', control('step')),
    vscode.commands.registerCommand('flowstudio.resume', control('resume')),
  ];
}
