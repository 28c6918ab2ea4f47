// Where a named vector store lives: by default `.flowstudio/vectors` in the flow's folder (so inside
// the workspace, and .gitignore-able); any folder a flow names goes through the run's file rules.
import * as z from 'zod';
import type { FileAccess } from '../files/file-access';

export const DEFAULT_STORE_FOLDER = '.flowstudio/vectors';

export const storeParams = {
  store: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'use letters, digits, _ and - (at most 64)')
    .describe('Name of the collection; rag.store and rag.retrieve meet on it'),
  folder: z.string().min(1).default(DEFAULT_STORE_FOLDER).describe('Folder for the vector data, relative to the flow file'),
};

/**
 * The real folder of a store: inside the run's allowed roots with links resolved, so neither `..` nor
 * a link placed in the workspace can make rag.store write (or rag.retrieve read) elsewhere.
 */
export function storeFolder(files: FileAccess, folder: string, purpose: 'write' | 'read'): Promise<string> {
  return files.folderPath(folder, { what: 'vector store folder', create: purpose === 'write' });
}
