// "Set Secret" and "Delete Secret": the only way values for {{secret:NAME}} enter or leave the keychain.
import * as vscode from 'vscode';
import { secretNamePattern, type SecretStorageStore } from './secret-storage-store';

export function registerSecretCommands(secrets: SecretStorageStore): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('flowstudio.setSecret', async (nameArg?: string, valueArg?: string) => {
      const name =
        nameArg ??
        (await vscode.window.showInputBox({
          title: 'FlowStudio: Set Secret',
          prompt: 'Secret name, used in a flow as {{secret:NAME}}',
          placeHolder: 'OPENAI_API_KEY',
          ignoreFocusOut: true,
          validateInput: (text) => (secretNamePattern.test(text) ? undefined : 'letters, digits, _ . - ; start with a letter or _'),
        }));
      if (!name) return;
      const value = valueArg ?? (await vscode.window.showInputBox({ title: `FlowStudio: value of secret ${name}`, password: true, ignoreFocusOut: true }));
      if (value === undefined) return;
      await secrets.set(name, value);
      void vscode.window.showInformationMessage(`FlowStudio: secret ${name} saved in the OS keychain; use it as {{secret:${name}}}.`);
    }),
    vscode.commands.registerCommand('flowstudio.deleteSecret', async (nameArg?: string) => {
      const names = secrets.names();
      const name = nameArg ?? (names.length ? await vscode.window.showQuickPick(names, { title: 'FlowStudio: Delete Secret' }) : undefined);
      if (!name) {
        if (!nameArg && names.length === 0) void vscode.window.showInformationMessage('FlowStudio: no secrets are stored.');
        return;
      }
      await secrets.delete(name);
    }),
  ];
}
