// `flowstudio validate FILE|DIR...`: prints every diagnostic as file:line:col; exit 2 if any is an error.
// It starts no MCP server (a config's command is arbitrary code, and validate runs in CI on pull
// requests) unless --connect asks for that; then the servers' tools are checked too.
import { readdir, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { checkFlowFile } from '../load-flow';
import { LazyMcpPool } from '../mcp-setup';
import { EXIT_INVALID, EXIT_OK, UsageError } from '../usage';

export async function validateCommand(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: { 'mcp-config': { type: 'string' }, connect: { type: 'boolean' } } });
  } catch (error) {
    throw new UsageError(`validate: ${(error as Error).message}`);
  }
  const targets = parsed.positionals;
  const mcp = new LazyMcpPool({ configFile: parsed.values['mcp-config'] });
  try {
    return await validateTargets(targets, mcp, parsed.values.connect === true);
  } finally {
    await mcp.close();
  }
}

async function validateTargets(targets: string[], mcp: LazyMcpPool, connect: boolean): Promise<number> {
  if (targets.length === 0) throw new UsageError('validate needs at least one flow file or folder: flowstudio validate FILE...');
  const files: string[] = [];
  for (const target of targets) files.push(...(await expand(target)));
  let errorCount = 0;
  const unchecked = new Set<string>();
  for (const file of files) {
    const check = await checkFlowFile(file, mcp, 'check', connect);
    for (const line of check.messages) process.stdout.write(`${line}\n`);
    for (const server of check.uncheckedServers) unchecked.add(server);
    if (check.hasErrors) errorCount++;
  }
  if (unchecked.size > 0) {
    const names = [...unchecked]
      .sort()
      .map((s) => `'${s}'`)
      .join(', ');
    process.stderr.write(
      `flowstudio: info: MCP tools were not checked: validate starts no MCP server (${names}); pass --connect to start them and check their tools\n`,
    );
  }
  if (files.length > 1 || errorCount > 0) {
    process.stderr.write(`${files.length} flow${files.length === 1 ? '' : 's'} checked, ${errorCount} with errors\n`);
  }
  return errorCount > 0 ? EXIT_INVALID : EXIT_OK;
}

async function expand(target: string): Promise<string[]> {
  let info;
  try {
    info = await stat(target);
  } catch {
    return [target]; // reported as unreadable by the check
  }
  if (!info.isDirectory()) return [target];
  const found: string[] = [];
  for (const entry of await readdir(target, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith('.flow.json')) found.push(path.join(entry.parentPath, entry.name));
  }
  if (found.length === 0) throw new UsageError(`validate: no *.flow.json files in ${target}`);
  return found.sort();
}
