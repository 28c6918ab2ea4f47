// Where OAuth state for protected MCP servers is kept: tokens, the registered client, the PKCE
// code verifier. A key/value store of strings so the VS Code host can back it with SecretStorage
// (get/store/delete) and the CLI with a file; nothing here logs or prints a value.

export interface OAuthTokenStore {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
}

/** Keeps everything in memory: for tests, and for hosts that want sign-in to last one session only. */
export class MemoryOAuthTokenStore implements OAuthTokenStore {
  private readonly values = new Map<string, string>();

  async get(key: string): Promise<string | undefined> {
    return this.values.get(key);
  }

  async set(key: string, value: string): Promise<void> {
    this.values.set(key, value);
  }

  async delete(key: string): Promise<void> {
    this.values.delete(key);
  }

  /** How many entries are stored, so tests can see that sign-in saved (or forgot) something. */
  get size(): number {
    return this.values.size;
  }
}
