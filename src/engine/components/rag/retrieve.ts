// `rag.retrieve`: the stored documents closest to a query embedding, best first.
import * as z from 'zod';
import { formatSources } from '../../rag/documents';
import { storeFolder, storeParams } from '../../rag/store-location';
import { searchDocuments } from '../../rag/vector-store';
import { defineComponent } from '../define-component';

const vectorSchema = z.array(z.number()).min(1);

export const ragRetrieve = defineComponent({
  id: 'rag.retrieve',
  category: 'rag',
  title: 'Retrieve',
  description: 'Finds the top-k stored documents most similar to a query embedding, above an optional score.',
  icon: 'search',
  params: z.object({
    ...storeParams,
    topK: z.number().int().min(1).max(100).default(4).describe('Most documents to return'),
    minScore: z.number().min(-1).max(1).optional().describe('Leave out matches with a lower cosine similarity'),
  }),
  inputs: [{ name: 'query', type: 'embedding', required: true, description: 'The embedded question, from rag.embed' }],
  outputs: [
    { name: 'matches', type: 'documents' },
    { name: 'text', type: 'text', description: 'The matches as numbered sources, for a prompt' },
  ],
  cacheable: false,
  run: async ({ params, inputs, nodeId, baseDir }) => {
    const vector = vectorSchema.safeParse(inputs.query);
    if (!vector.success)
      throw new Error(`node '${nodeId}': the query input is not an embedding vector; connect rag.embed's embedding output`);
    const matches = await searchDocuments(storeFolder(baseDir, params.folder), params.store, vector.data, params.topK, params.minScore);
    return { matches, text: matches.length > 0 ? formatSources(matches) : 'No matching sources were found.' };
  },
});
