// `rag.split`: cuts documents (or a text) into overlapping chunks small enough to embed and retrieve.
import * as z from 'zod';
import { documentsFrom, type RagDocument } from '../../rag/documents';
import { splitText } from '../../rag/split-text';
import { defineComponent } from '../define-component';

export const ragSplit = defineComponent({
  id: 'rag.split',
  category: 'rag',
  title: 'Split Text',
  description: 'Splits documents into chunks of a given size with some overlap, breaking at paragraphs and sentences where it can.',
  icon: 'split-horizontal',
  params: z
    .object({
      size: z.number().int().min(50).max(100_000).default(1000).describe('Largest chunk, in characters'),
      overlap: z.number().int().min(0).default(200).describe('Characters each chunk repeats from the one before'),
    })
    .refine((p) => p.overlap < p.size, { message: 'overlap must be smaller than size', path: ['overlap'] }),
  inputs: [
    { name: 'documents', type: 'documents', description: 'Documents to split (from rag.load)' },
    { name: 'text', type: 'text', description: 'Or one text to split' },
  ],
  outputs: [{ name: 'documents', type: 'documents' }],
  run: ({ params, inputs, nodeId }) => {
    const sources = [
      ...documentsFrom(inputs.documents, nodeId),
      ...(inputs.text !== undefined ? documentsFrom(String(inputs.text), nodeId) : []),
    ];
    if (sources.length === 0) throw new Error(`node '${nodeId}': connect documents or a text to split`);
    const documents: RagDocument[] = [];
    for (const doc of sources) {
      splitText(doc.text, params.size, params.overlap).forEach((text, chunk) => {
        documents.push({ id: `${doc.id}#${chunk}`, text, source: doc.source ?? doc.id, chunk });
      });
    }
    return { documents };
  },
});
