// MCP servers for a CLI command: found from the flow's workspace (.vscode/mcp.json, .cursor/mcp.json)
// or --mcp-config, started only when a flow needs them, always closed before the command exits.
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { McpConnectionPool, type McpInputDeclaration } from '../engine';
import { cliOAuthOptions } from './oauth-prompt';

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

export async function openMcpPool(options: { near: string; configFile?: string; onLog?: (server: string, line: string) => void; canSignIn?: boolean }): Promise<McpConnectionPool> {
  const workspaceFolder = findWorkspaceFolder(options.near);
  const pool = await McpConnectionPool.fromWorkspace(
    { workspaceFolder, configFile: options.configFile },
    {
      resolveInput: async (input: McpInputDeclaration) => process.env[inputVariableName(input.id)],
      onLog: options.onLog,
      oauth: cliOAuthOptions(options.canSignIn === true),
    },
  );
  for (const problem of pool.problems) process.stderr.write(`flowstudio: ${problem}\n`);
  return pool;
}

/** Opens the pool on first use, so commands over flows without MCP nodes never read MCP config. */
export class LazyMcpPool {
  private pool: Promise<McpConnectionPool> | undefined;

  constructor(private readonly options: { configFile?: string; onLog?: (server: string, line: string) => void }) {}

  get(near: string): Promise<McpConnectionPool> {
    this.pool ??= openMcpPool({ near, ...this.options });
    return this.pool;
  }

  async close(): Promise<void> {
    if (this.pool) await (await this.pool).close();
  }
}
