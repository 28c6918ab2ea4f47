// Where a named vector store lives: a folder inside the flow's folder (so inside the workspace, and
// in .gitignore-able `.flowstudio/`), never somewhere a flow file could point outside it.
import * as path from 'node:path';
import * as z from 'zod';

export const DEFAULT_STORE_FOLDER = '.flowstudio/vectors';

export const storeParams = {
  store: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'use letters, digits, _ and - (at most 64)')
    .describe('Name of the collection; rag.store and rag.retrieve meet on it'),
  folder: z.string().min(1).default(DEFAULT_STORE_FOLDER).describe('Folder for the vector data, relative to the flow file'),
};

export function storeFolder(baseDir: string, folder: string): string {
  const resolved = path.resolve(baseDir, folder);
  const relative = path.relative(baseDir, resolved);
  if (relative.startsWith('..') || path.isAbsolute(relative)) {
    throw new Error(`vector store folder '${folder}' is outside the flow folder ${baseDir}; keep it inside the workspace`);
  }
  return resolved;
}
