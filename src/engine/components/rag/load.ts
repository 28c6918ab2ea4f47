// `rag.load`: reads every matching text file under a folder as one document each, for indexing.
import * as z from 'zod';
import type { RagDocument } from '../../rag/documents';
import { defineComponent } from '../define-component';

export const ragLoad = defineComponent({
  id: 'rag.load',
  category: 'rag',
  title: 'Load Folder',
  description: 'Reads the text files of a folder (Markdown by default) as documents.',
  icon: 'folder-library',
  params: z.object({
    folder: z.string().min(1).describe('Folder to read, relative to the flow file'),
    extensions: z
      .array(z.string().regex(/^\.\w+$/))
      .default(['.md'])
      .describe('File endings to read, such as .md and .txt'),
  }),
  inputs: [],
  outputs: [{ name: 'documents', type: 'documents' }],
  cacheable: false,
  run: async ({ params, files, signal }) => {
    const what = `folder '${params.folder}'`;
    const endings = params.extensions.map((e) => e.toLowerCase());
    const found = await files.listFiles(params.folder, endings, { signal, what: 'folder' });
    // Relative paths are unique, so they never compare equal; code-unit order keeps ids stable across machines.
    found.sort((a, b) => (a.relative < b.relative ? -1 : 1));
    if (found.length === 0) throw new Error(`no ${params.extensions.join(', ')} files in ${what}`);
    const documents: RagDocument[] = [];
    for (const file of found) {
      const { text } = await files.readText(file.path, { signal, what: 'document' });
      documents.push({ id: file.relative, source: file.relative, text });
    }
    return { documents };
  },
});
