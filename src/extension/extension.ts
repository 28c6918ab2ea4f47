// Extension entry point: activation wires the host services. The custom editor, run commands and
// MCP views (the extension host issue) register here as they land.
import * as vscode from 'vscode';

export interface FlowStudioApi {
  readonly output: vscode.OutputChannel;
}

export function activate(context: vscode.ExtensionContext): FlowStudioApi {
  const output = vscode.window.createOutputChannel('FlowStudio');
  context.subscriptions.push(
    output,
    vscode.commands.registerCommand('flowstudio.showOutput', () => output.show(true)),
  );
  output.appendLine(`FlowStudio ${context.extension.packageJSON.version as string} activated`);
  return { output };
}

export function deactivate(): void {
  // Everything registered is disposed through context.subscriptions.
}
