// Waiting on VS Code events with a deadline, for tests in the real extension host.
import * as vscode from 'vscode';
import type { FlowStudioApi } from '../../../src/extension/extension';

/** Resolves with the first value of `event` that passes `accept`; rejects after `timeoutMs` with `what`. */
export function nextEvent<T>(event: vscode.Event<T>, accept: (value: T) => boolean, what: string, timeoutMs = 20_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      subscription.dispose();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
    }, timeoutMs);
    const subscription = event((value) => {
      if (!accept(value)) return;
      clearTimeout(timer);
      subscription.dispose();
      resolve(value);
    });
  });
}

/** Diagnostics of `uri` once `accept` holds for them (checked now and on every change). */
export async function diagnosticsWhen(
  uri: vscode.Uri,
  accept: (d: readonly vscode.Diagnostic[]) => boolean,
  what: string,
): Promise<readonly vscode.Diagnostic[]> {
  const now = vscode.languages.getDiagnostics(uri);
  if (accept(now)) return now;
  await nextEvent(
    vscode.languages.onDidChangeDiagnostics,
    (e) => e.uris.some((u) => u.toString() === uri.toString()) && accept(vscode.languages.getDiagnostics(uri)),
    what,
  );
  return vscode.languages.getDiagnostics(uri);
}

export async function flowStudio(): Promise<FlowStudioApi> {
  const extension = vscode.extensions.getExtension<FlowStudioApi>('flowstudio.flowstudio');
  if (!extension) throw new Error('the FlowStudio extension is not installed');
  return extension.activate();
}

export function workspaceFile(...segments: string[]): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('no workspace folder is open');
  return vscode.Uri.joinPath(folder.uri, ...segments);
}

export async function writeFile(uri: vscode.Uri, text: string): Promise<void> {
  await vscode.workspace.fs.writeFile(uri, Buffer.from(text));
}
