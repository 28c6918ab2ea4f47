// `rag.load`: reads every matching text file under a folder as one document each, for indexing.
import { readdir, readFile } from 'node:fs/promises';
import * as path from 'node:path';
import * as z from 'zod';
import type { RagDocument } from '../../rag/documents';
import { defineComponent } from '../define-component';

/** Folders never worth indexing: dependencies, VCS data and our own vector data. */
const SKIPPED = new Set(['node_modules', '.git', '.flowstudio']);

export const ragLoad = defineComponent({
  id: 'rag.load',
  category: 'rag',
  title: 'Load Folder',
  description: 'Reads the text files of a folder (Markdown by default) as documents.',
  icon: 'folder-library',
  params: z.object({
    folder: z.string().min(1).describe('Folder to read, relative to the flow file'),
    extensions: z.array(z.string().regex(/^\.\w+$/)).default(['.md']).describe('File endings to read, such as .md and .txt'),
  }),
  inputs: [],
  outputs: [{ name: 'documents', type: 'documents' }],
  cacheable: false,
  run: async ({ params, baseDir, signal }) => {
    const root = path.resolve(baseDir, params.folder);
    const files = (await listFiles(root, params.extensions.map((e) => e.toLowerCase()))).sort();
    if (files.length === 0) throw new Error(`no ${params.extensions.join(', ')} files in ${root}`);
    const documents: RagDocument[] = [];
    for (const file of files) {
      const source = path.relative(baseDir, file).split(path.sep).join('/');
      documents.push({ id: source, source, text: await readFile(file, { encoding: 'utf8', signal }) });
    }
    return { documents };
  },
});

async function listFiles(folder: string, extensions: string[]): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(folder, { withFileTypes: true });
  } catch (error) {
    throw new Error(`cannot read folder ${folder}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'it does not exist' : (error as Error).message}`);
  }
  const found: string[] = [];
  for (const entry of entries) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory() && !SKIPPED.has(entry.name)) found.push(...(await listFiles(full, extensions)));
    else if (entry.isFile() && extensions.some((ext) => entry.name.toLowerCase().endsWith(ext))) found.push(full);
  }
  return found;
}
