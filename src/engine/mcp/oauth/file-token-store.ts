// OAuthTokenStore in one JSON file readable only by its owner (mode 0600): what the CLI uses.
// Default ~/.config/flowstudio/mcp-oauth.json ($XDG_CONFIG_HOME respected), or FLOWSTUDIO_OAUTH_FILE.
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import * as path from 'node:path';
import * as z from 'zod';
import type { OAuthTokenStore } from './token-store';

const fileContents = z.record(z.string(), z.string());

export function defaultOAuthFile(env: NodeJS.ProcessEnv = process.env): string {
  if (env.FLOWSTUDIO_OAUTH_FILE) return path.resolve(env.FLOWSTUDIO_OAUTH_FILE);
  const configHome = env.XDG_CONFIG_HOME || path.join(homedir(), '.config');
  return path.join(configHome, 'flowstudio', 'mcp-oauth.json');
}

export class FileOAuthTokenStore implements OAuthTokenStore {
  // Writes are chained so two saves in a row cannot interleave and lose one.
  private writing: Promise<void> = Promise.resolve();

  constructor(readonly file: string = defaultOAuthFile()) {}

  async get(key: string): Promise<string | undefined> {
    return (await this.readAll())[key];
  }

  set(key: string, value: string): Promise<void> {
    return this.update((all) => {
      all[key] = value;
    });
  }

  delete(key: string): Promise<void> {
    return this.update((all) => {
      delete all[key];
    });
  }

  private update(change: (all: Record<string, string>) => void): Promise<void> {
    this.writing = this.writing
      .catch(() => undefined)
      .then(async () => {
        const all = await this.readAll();
        change(all);
        await mkdir(path.dirname(this.file), { recursive: true, mode: 0o700 });
        // A random name created exclusively ('wx' fails on anything already there, a symlink
        // included), so nobody can plant a link at a predictable name and have the tokens written through it.
        const temporary = `${this.file}.${randomBytes(12).toString('hex')}.tmp`;
        await writeFile(temporary, JSON.stringify(all, null, 2), { mode: 0o600, flag: 'wx' });
        try {
          await chmod(temporary, 0o600);
          await rename(temporary, this.file);
        } catch (error) {
          await rm(temporary, { force: true });
          throw error;
        }
      });
    return this.writing;
  }

  private async readAll(): Promise<Record<string, string>> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch {
      return {};
    }
    const parsed = fileContents.safeParse(safeJson(text));
    if (!parsed.success) throw new Error(`${this.file} is not a FlowStudio OAuth token file; delete it to sign in again`);
    return parsed.data;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
