// MCP servers for a CLI command: found from the flow's workspace (.vscode/mcp.json, .cursor/mcp.json)
// or --mcp-config, started only when a flow needs them, always closed before the command exits.
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import {
  describeServerLaunch,
  McpConnectionPool,
  type McpCatalog,
  type McpInputDeclaration,
  type McpRoot,
  type McpServerDefinition,
} from '../engine';
import { cliOAuthOptions } from './oauth-prompt';
import { parseAllowSecretFlags } from './secret-options';

/** The nearest folder at or above `start` holding an MCP config (or a .git), else `start` itself. */
export function findWorkspaceFolder(start: string): string {
  let dir = path.resolve(start);
  for (;;) {
    const markers = [path.join(dir, '.vscode', 'mcp.json'), path.join(dir, '.cursor', 'mcp.json'), path.join(dir, '.git')];
    if (markers.some((m) => existsSync(m))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return path.resolve(start);
    dir = parent;
  }
}

/** `${input:api-token}` is read from FLOWSTUDIO_INPUT_API_TOKEN on the command line. */
export function inputVariableName(id: string): string {
  return `FLOWSTUDIO_INPUT_${id.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

/** The terminal line printed as a server starts: what runs (never env or header values) and which config file said so. */
export function describeServerStart(definition: McpServerDefinition): string {
  const launch = describeServerLaunch(definition);
  const env = launch.envNames.length ? ` with env ${launch.envNames.join(', ')}` : '';
  return `flowstudio: starting MCP server '${definition.name}': ${launch.what}${env} (from ${launch.configFile})`;
}

export async function openMcpPool(options: {
  near: string;
  configFile?: string;
  onLog?: (server: string, line: string) => void;
  canSignIn?: boolean;
  /** The folders servers may work in (MCP roots): the flow's allowed roots. */
  roots?: () => readonly McpRoot[];
  /** --allow-secret values; `NAME=mcp:SERVER` lets a server's pre-registered OAuth client use secret NAME. */
  allowSecret?: readonly string[];
}): Promise<McpConnectionPool> {
  const workspaceFolder = findWorkspaceFolder(options.near);
  // The user asked this command to run flows or call servers, so servers start without a question;
  // on a terminal each start is shown, so a command from a cloned repository's config is never silent.
  const announce = process.stderr.isTTY === true;
  const pool = await McpConnectionPool.fromWorkspace(
    { workspaceFolder, configFile: options.configFile },
    {
      resolveInput: async (input: McpInputDeclaration) => process.env[inputVariableName(input.id)],
      onLog: options.onLog,
      oauth: cliOAuthOptions(options.canSignIn === true, process.env, parseAllowSecretFlags(options.allowSecret)),
      roots: options.roots,
      ...(announce
        ? { beforeStart: async (definition: McpServerDefinition) => void process.stderr.write(`${describeServerStart(definition)}\n`) }
        : {}),
    },
  );
  for (const problem of pool.problems) process.stderr.write(`flowstudio: ${problem}\n`);
  return pool;
}

/** Opens the pool on first use, so commands over flows without MCP nodes never read MCP config. */
export class LazyMcpPool {
  private pool: Promise<McpConnectionPool> | undefined;

  constructor(
    private readonly options: {
      configFile?: string;
      onLog?: (server: string, line: string) => void;
      roots?: () => readonly McpRoot[];
      allowSecret?: readonly string[];
    },
  ) {}

  get(near: string): Promise<McpConnectionPool> {
    this.pool ??= openMcpPool({ near, ...this.options });
    return this.pool;
  }

  async close(): Promise<void> {
    if (this.pool) await (await this.pool).close();
  }
}

/** Why an unstarted server's tools are unknown: validate without --connect only reads the config. */
export const notConnectedReason = 'not started: validate starts no MCP server (pass --connect to start it and check its tools)';

/**
 * What validate knows of MCP servers without starting one: which servers are configured. Tools and
 * prompts are unknown, and say why; nothing here can start a process.
 */
export function configuredServersOnly(pool: McpCatalog): McpCatalog {
  return {
    hasServer: (server) => pool.hasServer(server),
    serverNames: () => pool.serverNames(),
    toolsOf: () => undefined,
    promptsOf: () => undefined,
    errorOf: (server) => (pool.hasServer(server) ? `MCP server '${server}' ${notConnectedReason}` : undefined),
  };
}
