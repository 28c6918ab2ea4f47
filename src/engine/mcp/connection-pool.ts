// One session per configured MCP server, shared by every node and run that names it.
import type { McpAccess, McpCallOptions, McpPromptInfo, McpResourceInfo, McpToolInfo, McpToolResult } from './access';
import { McpConnection, DEFAULT_TIMEOUTS, type ConnectionHooks, type ConnectionStatus, type ConnectionTimeouts } from './connection';
import type { McpOAuthOptions } from './oauth/authorization-prompt';
import type { McpRoot } from './server-requests';
import {
  loadMcpConfig,
  resolveVariables,
  type McpConfig,
  type McpConfigLocation,
  type McpInputDeclaration,
  type McpServerDefinition,
} from './server-config';

export interface McpPoolOptions {
  workspaceFolder?: string;
  env?: NodeJS.ProcessEnv;
  timeouts?: Partial<ConnectionTimeouts>;
  /** Answers `${input:ID}` in server definitions. */
  resolveInput?: (input: McpInputDeclaration) => Promise<string | undefined>;
  onStatus?: (server: string, status: ConnectionStatus, error?: string) => void;
  onLog?: (server: string, line: string) => void;
  onToolsChanged?: (server: string, tools: readonly McpToolInfo[]) => void;
  /** A server's prompt or resource list changed (its notification arrived). */
  onListChanged?: (server: string, list: 'prompts' | 'resources') => void;
  /** OAuth sign-in for protected HTTP servers: where tokens live and how the user approves. */
  oauth?: McpOAuthOptions;
  /** Runs before every start of a server (its definition as configured); throwing refuses the start. */
  beforeStart?: (definition: McpServerDefinition) => Promise<void>;
  /** The folders servers may work in, offered as MCP roots (the editor's workspace folders, the CLI's allowed roots). */
  roots?: () => readonly McpRoot[];
}

export class McpConnectionPool implements McpAccess {
  private readonly connections = new Map<string, McpConnection>();

  constructor(
    private readonly config: McpConfig,
    private readonly options: McpPoolOptions = {},
  ) {
    for (const definition of config.servers.values()) this.connections.set(definition.name, this.createConnection(definition));
  }

  /** Reads the config files a workspace (and --mcp-config) provide and builds a pool over them. */
  static async fromWorkspace(location: McpConfigLocation, options: McpPoolOptions = {}): Promise<McpConnectionPool> {
    const config = await loadMcpConfig(location);
    return new McpConnectionPool(config, { workspaceFolder: location.workspaceFolder, ...options });
  }

  get problems(): readonly string[] {
    return this.config.problems;
  }

  definitionOf(server: string): McpServerDefinition | undefined {
    return this.connections.get(server)?.definition;
  }

  statusOf(server: string): ConnectionStatus | undefined {
    return this.connections.get(server)?.status;
  }

  /** The process id of a stdio server while it runs. */
  processIdOf(server: string): number | undefined {
    return this.connections.get(server)?.processId;
  }

  logOf(server: string): readonly string[] {
    return this.connections.get(server)?.log ?? [];
  }

  // ---- McpCatalog ----

  hasServer(server: string): boolean {
    return this.connections.has(server);
  }

  serverNames(): string[] {
    return [...this.connections.keys()];
  }

  toolsOf(server: string): readonly McpToolInfo[] | undefined {
    return this.connections.get(server)?.knownTools;
  }

  promptsOf(server: string): readonly McpPromptInfo[] | undefined {
    return this.connections.get(server)?.knownPrompts;
  }

  errorOf(server: string): string | undefined {
    return this.connections.get(server)?.error;
  }

  // ---- McpAccess ----

  async prepare(servers: Iterable<string>, signal?: AbortSignal): Promise<void> {
    const known = [...new Set(servers)].filter((name) => this.connections.has(name));
    // A server that cannot be reached is reported by validation (errorOf), not thrown here.
    await Promise.all(
      known.map((name) =>
        this.connection(name)
          .listTools(signal)
          .catch(() => undefined),
      ),
    );
  }

  async listTools(server: string, signal?: AbortSignal): Promise<readonly McpToolInfo[]> {
    return this.connection(server).listTools(signal);
  }

  callTool(server: string, tool: string, args: Record<string, unknown>, options?: McpCallOptions): Promise<McpToolResult> {
    return this.connection(server).callTool(tool, args, options);
  }

  listResources(server: string, signal?: AbortSignal): Promise<McpResourceInfo[]> {
    return this.connection(server).listResources(signal);
  }

  readResource(server: string, uri: string, options?: McpCallOptions) {
    return this.connection(server).readResource(uri, options);
  }

  getPrompt(server: string, prompt: string, args: Record<string, string>, options?: McpCallOptions) {
    return this.connection(server).getPrompt(prompt, args, options);
  }

  /** The roots changed (a workspace folder came or went): servers that asked for them are told. */
  async notifyRootsChanged(): Promise<void> {
    await Promise.all([...this.connections.values()].map((c) => c.notifyRootsChanged()));
  }

  async stop(server: string): Promise<void> {
    await this.connections.get(server)?.close();
  }

  /** Stops the server's session and deletes its stored OAuth sign-in; false if it is not an OAuth-capable HTTP server. */
  signOut(server: string): Promise<boolean> {
    return this.connection(server).signOut();
  }

  async close(): Promise<void> {
    await Promise.all([...this.connections.values()].map((c) => c.close()));
  }

  private connection(server: string): McpConnection {
    const connection = this.connections.get(server);
    if (!connection) {
      const known = this.serverNames();
      throw new Error(
        `MCP server '${server}' is not configured; ` +
          (known.length ? `configured servers: ${known.join(', ')}` : 'add it to .vscode/mcp.json or pass --mcp-config'),
      );
    }
    return connection;
  }

  private createConnection(definition: McpServerDefinition): McpConnection {
    const { options } = this;
    const hooks: ConnectionHooks = {
      onStatus: (status, error) => options.onStatus?.(definition.name, status, error),
      onLog: (line) => options.onLog?.(definition.name, line),
      onToolsChanged: (tools) => options.onToolsChanged?.(definition.name, tools),
      onListChanged: (list) => options.onListChanged?.(definition.name, list),
      roots: options.roots,
    };
    return new McpConnection(
      definition,
      async (d) => {
        await options.beforeStart?.(d);
        return resolveVariables(d, {
          workspaceFolder: options.workspaceFolder,
          env: options.env ?? process.env,
          resolveInput: options.resolveInput,
          inputs: this.config.inputs,
        });
      },
      { ...DEFAULT_TIMEOUTS, ...options.timeouts },
      hooks,
      options.oauth,
    );
  }
}
