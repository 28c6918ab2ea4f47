// completion/complete for a served prompt's arguments and a resource template's variables: the
// choices of an enum input, and for a file input the paths below the allowed roots that start with
// what the caller typed. A path is offered only when it resolves (links and all) inside the roots,
// so completion cannot be used to list the rest of the disk.
import type { Dirent } from 'node:fs';
import { readdir } from 'node:fs/promises';
import * as path from 'node:path';
import { FileAccess, type FileAccessOptions } from '../engine/files/file-access';
import { hasAcceptedEnding, parseAccept } from '../engine/files/file-rules';
import type { FlowTool } from './flow-tool-catalog';
import { isIgnoredFolder } from './folder-watcher';

/** MCP caps a completion answer at 100 values. */
export const MAX_COMPLETIONS = 100;

export interface Completion {
  values: string[];
  total: number;
  hasMore: boolean;
}

const none: Completion = { values: [], total: 0, hasMore: false };

export async function completeArgument(flow: FlowTool, name: string, typed: string, files?: FileAccessOptions): Promise<Completion> {
  const input = flow.iface.inputs.find((port) => port.name === name);
  if (!input) return none;
  const choices = input.schema.enum;
  if (Array.isArray(choices)) {
    return capped(choices.map(String).filter((choice) => choice.toLowerCase().startsWith(typed.toLowerCase())));
  }
  const node = flow.flow.nodes.find((n) => n.id === input.nodeId);
  if (node?.type !== 'input.file') return none;
  const accept = typeof node.params?.accept === 'string' ? parseAccept(node.params.accept) : [];
  return capped(await pathsStartingWith(new FileAccess(path.dirname(flow.file), files), typed, accept));
}

function capped(values: string[]): Completion {
  return { values: values.slice(0, MAX_COMPLETIONS), total: values.length, hasMore: values.length > MAX_COMPLETIONS };
}

/** Entries of the folder `typed` points into whose names start with its last part; folders end in '/'. */
async function pathsStartingWith(access: FileAccess, typed: string, accept: readonly string[]): Promise<string[]> {
  if (typed.includes('\0')) return [];
  const normalized = typed.split(path.sep).join('/');
  const slash = normalized.lastIndexOf('/');
  const shownFolder = slash >= 0 ? normalized.slice(0, slash + 1) : '';
  const prefix = normalized.slice(slash + 1);
  let folder: string;
  try {
    // The same check a run makes before reading: resolved for real, inside the roots, no system folder.
    folder = await access.folderPath(shownFolder === '' ? '.' : shownFolder, { what: 'folder' });
  } catch {
    return [];
  }
  let entries: Dirent[];
  try {
    entries = await readdir(folder, { withFileTypes: true });
  } catch {
    return [];
  }
  const values: string[] = [];
  for (const entry of entries) {
    // Hidden entries (.env, .git) are never offered; links are not followed (they could lead out of the roots).
    if (!entry.name.startsWith(prefix) || entry.name.startsWith('.')) continue;
    if (entry.isDirectory() && !isIgnoredFolder(entry.name)) values.push(`${shownFolder}${entry.name}/`);
    else if (entry.isFile() && hasAcceptedEnding(entry.name, accept)) values.push(`${shownFolder}${entry.name}`);
  }
  return values.sort();
}
