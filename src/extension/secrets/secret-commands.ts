// "Set Secret", "Delete Secret" and "Secret Destinations": the only way values for {{secret:NAME}} enter
// or leave the keychain, and where the user chooses which origins each secret (or allowed environment
// variable) may be sent to.
import * as vscode from 'vscode';
import type { ReferenceKind } from '../../engine/secrets/binding-policy';
import { DEFAULT_SECRET_ORIGINS, normaliseBinding, PROVIDER_ORIGINS } from '../../engine/secrets/destinations';
import { allowedEnvironmentVariables } from './editor-secret-policy';
import { secretNamePattern, type SecretStorageStore } from './secret-storage-store';

/** Options of a programmatic `flowstudio.setSecret NAME VALUE OPTIONS` call; with them nothing is asked. */
export interface SetSecretArgs {
  destinations?: string[];
  isWorkspaceOnly?: boolean;
}

const providerLabels: Record<string, string> = {
  openai: 'OpenAI',
  anthropic: 'Anthropic',
  google: 'Google AI (Gemini)',
  vertex: 'Google Vertex AI',
  azure: 'Azure OpenAI',
};

/** Which provider a key name suggests (OPENAI_API_KEY -> openai), to pre-select its endpoints. */
function providerOfName(name: string): string | undefined {
  const upper = name.toUpperCase();
  if (upper.includes('AZURE')) return 'azure';
  if (upper.includes('OPENAI')) return 'openai';
  if (upper.includes('ANTHROPIC') || upper.includes('CLAUDE')) return 'anthropic';
  if (upper.includes('VERTEX')) return 'vertex';
  if (upper.includes('GOOGLE') || upper.includes('GEMINI')) return 'google';
  return undefined;
}

interface DestinationItem extends vscode.QuickPickItem {
  destination?: string;
  isOther?: boolean;
}

/** Asks which origins a value may go to; the current ones (or the provider's, for a new key) are pre-selected. */
async function pickDestinations(
  what: string,
  current: readonly string[] | undefined,
  suggestedProvider: string | undefined,
): Promise<string[] | undefined> {
  const selected = new Set(current ?? (suggestedProvider ? PROVIDER_ORIGINS[suggestedProvider] : []));
  const items: DestinationItem[] = [];
  for (const [provider, origins] of Object.entries(PROVIDER_ORIGINS)) {
    for (const origin of origins)
      items.push({ label: origin, description: providerLabels[provider], destination: origin, picked: selected.has(origin) });
  }
  for (const origin of selected) {
    if (!items.some((i) => i.destination === origin))
      items.push({ label: origin, description: 'chosen before', destination: origin, picked: true });
  }
  items.push({
    label: '$(add) Another origin…',
    description: 'such as http://127.0.0.1:11434 (loopback only if you add it) or mcp:SERVER',
    isOther: true,
  });
  const picked = await vscode.window.showQuickPick(items, {
    title: `FlowStudio: where may ${what} be sent?`,
    placeHolder: 'Flows may send it only to the origins you select; anything else asks first',
    canPickMany: true,
    ignoreFocusOut: true,
  });
  if (!picked) return undefined;
  const destinations = picked.filter((i) => i.destination).map((i) => i.destination!);
  if (picked.some((i) => i.isOther)) {
    const typed = await vscode.window.showInputBox({
      title: `FlowStudio: other origins for ${what}`,
      prompt: 'Origins separated by spaces or commas: https://api.example.com, https://*.example.com, http://127.0.0.1:8080, mcp:SERVER',
      ignoreFocusOut: true,
      validateInput: (text) => {
        for (const part of splitOrigins(text)) {
          try {
            normaliseBinding(part);
          } catch (error) {
            return (error as Error).message;
          }
        }
        return undefined;
      },
    });
    if (typed === undefined) return undefined;
    destinations.push(...splitOrigins(typed).map(normaliseBinding));
  }
  return destinations;
}

function splitOrigins(text: string): string[] {
  return text.split(/[\s,]+/).filter(Boolean);
}

export function registerSecretCommands(secrets: SecretStorageStore): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('flowstudio.setSecret', async (nameArg?: string, valueArg?: string, options?: SetSecretArgs) => {
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
      const value =
        valueArg ??
        (await vscode.window.showInputBox({ title: `FlowStudio: value of secret ${name}`, password: true, ignoreFocusOut: true }));
      if (value === undefined) return;
      let settings: SetSecretArgs | undefined = options;
      if (!settings && valueArg === undefined) {
        const scope = await vscode.window.showQuickPick(
          [
            { label: 'All workspaces', isWorkspaceOnly: false },
            { label: 'This workspace only', description: vscode.workspace.name ?? '', isWorkspaceOnly: true },
          ],
          { title: `FlowStudio: store ${name} for`, ignoreFocusOut: true },
        );
        if (!scope) return;
        const destinations = await pickDestinations(`secret ${name}`, secrets.entryOf(name)?.destinations, providerOfName(name));
        if (!destinations) return;
        settings = { isWorkspaceOnly: scope.isWorkspaceOnly, destinations };
      }
      await secrets.set(name, value, settings ?? {});
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
    vscode.commands.registerCommand(
      'flowstudio.secretDestinations',
      async (kindArg?: ReferenceKind, nameArg?: string, destinationsArg?: string[]) => {
        if (kindArg && nameArg && destinationsArg) return secrets.setDestinations(kindArg, nameArg, destinationsArg);
        const describe = (list: readonly string[] | undefined) =>
          list ? list.join(', ') || 'nowhere' : `the known providers (${DEFAULT_SECRET_ORIGINS.length} origins)`;
        const items = [
          ...secrets.entries().map((e) => ({
            label: `$(key) ${e.name}`,
            description: e.workspace === undefined ? 'all workspaces' : 'this workspace',
            detail: `May be sent to ${describe(e.destinations)}`,
            referenceKind: 'secret' as const,
            name: e.name,
          })),
          ...allowedEnvironmentVariables().map((name) => ({
            label: `$(terminal) ${name}`,
            description: 'environment variable',
            detail: `May be sent to ${describe(secrets.destinationsOf('env', name))}`,
            referenceKind: 'env' as const,
            name,
          })),
        ];
        if (items.length === 0)
          return void vscode.window.showInformationMessage('FlowStudio: no secrets are stored and no environment variables are allowed.');
        const chosen = await vscode.window.showQuickPick(items, {
          title: 'FlowStudio: Secret Destinations',
          placeHolder: 'Choose one to change where it may be sent',
        });
        if (!chosen) return;
        const what = chosen.referenceKind === 'secret' ? `secret ${chosen.name}` : `environment variable ${chosen.name}`;
        const destinations = await pickDestinations(
          what,
          secrets.destinationsOf(chosen.referenceKind, chosen.name) ?? DEFAULT_SECRET_ORIGINS,
          undefined,
        );
        if (destinations) await secrets.setDestinations(chosen.referenceKind, chosen.name, destinations);
      },
    ),
  ];
}
