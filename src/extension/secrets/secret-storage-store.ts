// Flow secrets (`{{secret:NAME}}`) in VS Code's SecretStorage (the OS keychain), each stored for every
// workspace or for one, with the destinations (origins) it may be sent to. SecretStorage cannot list
// its keys, so names, scopes and destinations (never values) are kept in global state; a workspace
// sees only the secrets stored for all workspaces and its own.
import { createHash } from 'node:crypto';
import * as vscode from 'vscode';
import type { SecretStore } from '../../engine';
import type { ReferenceKind } from '../../engine/secrets/binding-policy';
import { normaliseBinding } from '../../engine/secrets/destinations';

const keyPrefix = 'flowstudio.secret.';
/** Names only, as the first release kept them; read once to carry those secrets over. */
const legacyNamesKey = 'flowstudio.secretNames';
const entriesKey = 'flowstudio.secretEntries';
const envBindingsKey = 'flowstudio.envBindings';

export const secretNamePattern = /^[A-Za-z_][A-Za-z0-9_.-]{0,127}$/;

export interface SecretEntry {
  name: string;
  /** The workspace it belongs to (see workspaceKey); absent: every workspace. */
  workspace?: string;
  /** Origins (or `mcp:SERVER`) it may be sent to; absent: the known providers' endpoints. */
  destinations?: string[];
}

export interface SetSecretOptions {
  /** Store it for the open workspace only. */
  isWorkspaceOnly?: boolean;
  /** Where it may be sent; left as they were when absent. */
  destinations?: readonly string[];
}

/** What identifies the open workspace: its .code-workspace file or first folder. */
export function workspaceKey(): string | undefined {
  return vscode.workspace.workspaceFile?.toString() ?? vscode.workspace.workspaceFolders?.[0]?.uri.toString();
}

/** The shape of vscode.window.showWarningMessage with a modal's options, as the send prompt uses it. */
export type ShowModal = (message: string, options: vscode.MessageOptions, ...items: string[]) => Thenable<string | undefined>;

export class SecretStorageStore implements SecretStore, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  /**
   * Shows the "send this secret to an unbound origin?" modal. A field so the extension tests, which
   * cannot click a modal (and get their own copy of the vscode API), can answer it through the API.
   */
  showModal: ShowModal = (message, options, ...items) => vscode.window.showWarningMessage(message, options, ...items);

  constructor(
    private readonly storage: vscode.SecretStorage,
    private readonly state: vscode.Memento,
    private readonly workspace: () => string | undefined = workspaceKey,
  ) {}

  async get(name: string): Promise<string | undefined> {
    const entry = this.entryOf(name);
    return entry ? this.storage.get(this.storageKey(entry)) : undefined;
  }

  /** The secrets this workspace may use: its own first, then those stored for all. */
  entries(): SecretEntry[] {
    const here = this.workspace();
    const visible = this.allEntries().filter((e) => e.workspace === undefined || e.workspace === here);
    const byName = new Map<string, SecretEntry>();
    for (const entry of visible) if (entry.workspace !== undefined || !byName.has(entry.name)) byName.set(entry.name, entry);
    return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  entryOf(name: string): SecretEntry | undefined {
    return this.entries().find((e) => e.name === name);
  }

  names(): string[] {
    return this.entries().map((e) => e.name);
  }

  has(name: string): boolean {
    return this.entryOf(name) !== undefined;
  }

  async set(name: string, value: string, options: SetSecretOptions = {}): Promise<void> {
    if (!secretNamePattern.test(name))
      throw new Error(`"${name}" is not a valid secret name: use letters, digits, _ . - and start with a letter or _`);
    const workspace = options.isWorkspaceOnly ? this.workspace() : undefined;
    if (options.isWorkspaceOnly && workspace === undefined) throw new Error('open a folder or workspace to store a secret for it alone');
    const previous = this.allEntries().find((e) => e.name === name && e.workspace === workspace);
    const destinations = options.destinations ? options.destinations.map(normaliseBinding) : previous?.destinations;
    const entry: SecretEntry = {
      name,
      ...(workspace !== undefined ? { workspace } : {}),
      ...(destinations ? { destinations: [...new Set(destinations)] } : {}),
    };
    await this.storage.store(this.storageKey(entry), value);
    await this.saveEntries([...this.allEntries().filter((e) => !(e.name === name && e.workspace === workspace)), entry]);
    this.changed.fire();
  }

  /** Deletes the secret this workspace sees under that name (its own, else the one for all). */
  async delete(name: string): Promise<void> {
    const entry = this.entryOf(name);
    if (!entry) return;
    await this.storage.delete(this.storageKey(entry));
    await this.saveEntries(this.allEntries().filter((e) => !(e.name === entry.name && e.workspace === entry.workspace)));
    this.changed.fire();
  }

  /** Destinations bound to a secret, or to an environment variable in this workspace; undefined when none were chosen. */
  destinationsOf(kind: ReferenceKind, name: string): readonly string[] | undefined {
    if (kind === 'secret') return this.entryOf(name)?.destinations;
    return this.state.get<Record<string, string[]>>(envBindingsKey, {})[this.envKey(name)];
  }

  async setDestinations(kind: ReferenceKind, name: string, destinations: readonly string[]): Promise<void> {
    const normalised = [...new Set(destinations.map(normaliseBinding))];
    if (kind === 'env') {
      const bindings = { ...this.state.get<Record<string, string[]>>(envBindingsKey, {}), [this.envKey(name)]: normalised };
      await this.state.update(envBindingsKey, bindings);
    } else {
      const entry = this.entryOf(name);
      if (!entry) throw new Error(`secret '${name}' is not set`);
      const updated = { ...entry, destinations: normalised };
      await this.saveEntries(this.allEntries().map((e) => (e.name === entry.name && e.workspace === entry.workspace ? updated : e)));
    }
    this.changed.fire();
  }

  /** Adds one destination ("allow always"); a secret with only default destinations keeps them too. */
  async addDestination(kind: ReferenceKind, name: string, destination: string, defaults: readonly string[]): Promise<void> {
    const current = this.destinationsOf(kind, name) ?? defaults;
    await this.setDestinations(kind, name, [...current, destination]);
  }

  dispose(): void {
    this.changed.dispose();
  }

  private allEntries(): SecretEntry[] {
    const stored = this.state.get<SecretEntry[]>(entriesKey);
    if (stored) return stored;
    return this.state.get<string[]>(legacyNamesKey, []).map((name) => ({ name }));
  }

  private async saveEntries(entries: SecretEntry[]): Promise<void> {
    await this.state.update(entriesKey, entries);
  }

  private storageKey(entry: SecretEntry): string {
    // Secrets stored for all workspaces keep the key of the first release.
    if (entry.workspace === undefined) return keyPrefix + entry.name;
    return `${keyPrefix}ws.${createHash('sha256').update(entry.workspace).digest('hex').slice(0, 16)}.${entry.name}`;
  }

  private envKey(name: string): string {
    return `${this.workspace() ?? ''}\n${name}`;
  }
}
