// Watches a folder tree for changes without descending into folders that never hold served flows:
// node_modules, .git and other hidden folders (a recursive fs.watch put one inotify watch on each
// of node_modules' tens of thousands of folders). One non-recursive watch per folder kept.
import { watch, type FSWatcher } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import * as path from 'node:path';

/** Folders skipped when looking for flows and when watching: dependencies, VCS data, hidden folders. */
export function isIgnoredFolder(name: string): boolean {
  return name === 'node_modules' || name.startsWith('.');
}

/** Past this many folders the rest of the tree goes unwatched (a flows folder is not a home folder). */
const MAX_WATCHED_FOLDERS = 2_000;

export class FolderWatcher {
  private readonly watchers = new Map<string, FSWatcher>();
  private isClosed = false;

  /** `onChange` gets the changed path and whether it is (or, removed, was) a folder. */
  constructor(
    readonly root: string,
    private readonly onChange: (changed: string, isFolder: boolean) => void,
  ) {}

  /** The folders watched now (for tests and diagnostics). */
  get folders(): string[] {
    return [...this.watchers.keys()].sort();
  }

  async start(): Promise<void> {
    await this.watchTree(this.root);
  }

  close(): void {
    this.isClosed = true;
    for (const watcher of this.watchers.values()) watcher.close();
    this.watchers.clear();
  }

  private async watchTree(folder: string): Promise<void> {
    if (this.isClosed || this.watchers.has(folder) || this.watchers.size >= MAX_WATCHED_FOLDERS) return;
    let watcher: FSWatcher;
    try {
      watcher = watch(folder, (_event, name) => this.changed(folder, name === null ? undefined : String(name)));
    } catch {
      return; // gone already, or unreadable: nothing to watch
    }
    watcher.on('error', () => this.forget(folder));
    this.watchers.set(folder, watcher);
    const entries = await readdir(folder, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      if (entry.isDirectory() && !isIgnoredFolder(entry.name)) await this.watchTree(path.join(folder, entry.name));
    }
  }

  private changed(folder: string, name: string | undefined): void {
    if (this.isClosed) return;
    if (name === undefined) {
      this.onChange(folder, true);
      return;
    }
    const changed = path.join(folder, name);
    if (isIgnoredFolder(name)) return;
    // A new folder gets its own watch (with what it holds); a removed one loses its watch.
    void stat(changed).then(
      (info) => {
        if (this.isClosed) return;
        this.onChange(changed, info.isDirectory());
        if (info.isDirectory()) void this.watchTree(changed);
      },
      () => {
        if (this.isClosed) return;
        this.onChange(changed, this.watchers.has(changed));
        this.forgetTree(changed);
      },
    );
  }

  private forget(folder: string): void {
    this.watchers.get(folder)?.close();
    this.watchers.delete(folder);
  }

  private forgetTree(folder: string): void {
    for (const watched of [...this.watchers.keys()]) {
      if (watched === folder || watched.startsWith(folder + path.sep)) this.forget(watched);
    }
  }
}
