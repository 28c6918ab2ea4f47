// `rag.store`: writes embedded documents into a named vector store that persists in the workspace.
import * as z from 'zod';
import { documentsFrom } from '../../rag/documents';
import { storeFolder, storeParams } from '../../rag/store-location';
import { writeDocuments } from '../../rag/vector-store';
import { defineComponent } from '../define-component';

export const ragStore = defineComponent({
  id: 'rag.store',
  category: 'rag',
  title: 'Vector Store',
  description: 'Saves embedded documents in a named collection (LanceDB, in the workspace) for rag.retrieve.',
  icon: 'database',
  params: z.object({
    ...storeParams,
    mode: z.enum(['replace', 'append']).default('replace').describe('replace re-indexes from scratch; append adds to what is there'),
  }),
  inputs: [{ name: 'documents', type: 'documents', required: true }],
  outputs: [
    { name: 'count', type: 'number', description: 'Documents in the store afterwards' },
    { name: 'documents', type: 'documents' },
  ],
  cacheable: false,
  run: async ({ params, inputs, nodeId, files }) => {
    const documents = documentsFrom(inputs.documents, nodeId);
    const count = await writeDocuments(await storeFolder(files, params.folder, 'write'), params.store, documents, params.mode);
    return { count, documents };
  },
});
