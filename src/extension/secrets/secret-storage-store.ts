// Flow secrets (`{{secret:NAME}}`) in VS Code's SecretStorage (the OS keychain). SecretStorage cannot
// list its keys, so the names alone (never the values) are kept in workspace-independent state to
// offer them for deletion and to tell validation which references are set.
import * as vscode from 'vscode';
import type { SecretStore } from '../../engine';

const keyPrefix = 'flowstudio.secret.';
const namesKey = 'flowstudio.secretNames';

export const secretNamePattern = /^[A-Za-z_][A-Za-z0-9_.-]{0,127}$/;

export class SecretStorageStore implements SecretStore, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly storage: vscode.SecretStorage,
    private readonly state: vscode.Memento,
  ) {}

  async get(name: string): Promise<string | undefined> {
    return this.storage.get(keyPrefix + name);
  }

  names(): string[] {
    return [...this.state.get<string[]>(namesKey, [])].sort();
  }

  has(name: string): boolean {
    return this.names().includes(name);
  }

  async set(name: string, value: string): Promise<void> {
    if (!secretNamePattern.test(name)) throw new Error(`"${name}" is not a valid secret name: use letters, digits, _ . - and start with a letter or _`);
    await this.storage.store(keyPrefix + name, value);
    if (!this.has(name)) await this.state.update(namesKey, [...this.names(), name]);
    this.changed.fire();
  }

  async delete(name: string): Promise<void> {
    await this.storage.delete(keyPrefix + name);
    await this.state.update(namesKey, this.names().filter((n) => n !== name));
    this.changed.fire();
  }

  dispose(): void {
    this.changed.dispose();
  }
}
