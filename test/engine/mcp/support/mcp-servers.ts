// Starts the real MCP servers from npm that the client tests need, and stops them.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createCoreRegistry,
  McpConnectionPool,
  parseFlow,
  runFlow,
  type Flow,
  type McpPoolOptions,
  type RunResult,
} from '../../../../src/engine';
import { repoRoot } from '../../../helpers/build-cli';

export const mcpFixtures = path.join(repoRoot, 'test/fixtures/mcp');

export interface RunningProcessServer {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Resolves once the child has exited (at once if it already has). */
export function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** server-everything in its Streamable HTTP mode on 127.0.0.1 and a free port (PORT=0). */
export function startEverythingOverHttp(): Promise<RunningProcessServer> {
  const entry = path.join(repoRoot, 'node_modules/@modelcontextprotocol/server-everything/dist/index.js');
  const preload = pathToFileURL(path.join(repoRoot, 'test/engine/mcp/support/listen-on-loopback.mjs')).href;
  const child = spawn(process.execPath, ['--import', preload, entry, 'streamableHttp'], {
    env: { ...process.env, PORT: '0' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const stop = async () => {
    child.kill('SIGKILL');
    await exited(child);
  };
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.once('exit', (code) => reject(new Error(`server-everything (streamableHttp) exited with ${code} before listening: ${stderr}`)));
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const port = /listening on 127\.0\.0\.1:(\d+)\n/.exec(stderr)?.[1];
      if (port) resolve({ url: `http://127.0.0.1:${port}/mcp`, child, stop });
    });
  });
}

/** Parses a fixture flow from test/fixtures/mcp. */
export function fixtureFlow(name: string): Flow {
  const file = path.join(mcpFixtures, name);
  return parseFlow(readFileSync(file, 'utf8'), file);
}

/** A pool over test/fixtures/mcp/.vscode/mcp.json, with the FLOWSTUDIO_TEST_* variables it uses. */
export function fixturePool(env: Record<string, string> = {}, options: McpPoolOptions = {}): Promise<McpConnectionPool> {
  return McpConnectionPool.fromWorkspace({ workspaceFolder: mcpFixtures }, { env: { ...process.env, ...env }, ...options });
}

/** Runs a fixture flow to its end. */
export async function runFixture(pool: McpConnectionPool, name: string, inputs: Record<string, unknown> = {}): Promise<RunResult> {
  return runFlow(fixtureFlow(name), { inputs, mcp: pool, registry: createCoreRegistry() }).result;
}
