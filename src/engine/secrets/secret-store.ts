// How the engine reaches secrets without knowing where they live (SecretStorage in VS Code, env in the CLI).

export interface SecretStore {
  get(name: string): Promise<string | undefined>;
}

/** Reads secrets from environment variables; the CLI's store. */
export class EnvSecretStore implements SecretStore {
  constructor(private readonly env: NodeJS.ProcessEnv = process.env) {}

  async get(name: string): Promise<string | undefined> {
    return this.env[name];
  }
}

export const noSecrets: SecretStore = { get: async () => undefined };
