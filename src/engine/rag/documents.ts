// The value on `documents` ports: pieces of text with where they came from, an embedding once
// rag.embed has run, and a score once rag.retrieve found them.
import * as z from 'zod';

export const ragDocumentSchema = z.object({
  id: z.string(),
  text: z.string(),
  /** File (relative to the flow) or other origin, shown as the source of an answer. */
  source: z.string().optional(),
  /** Position of this chunk within its source, from 0. */
  chunk: z.number().int().optional(),
  vector: z.array(z.number()).optional(),
  /** Similarity to the query, 1 = same direction (cosine). */
  score: z.number().optional(),
});

export type RagDocument = z.infer<typeof ragDocumentSchema>;

const documentListSchema = z.array(ragDocumentSchema);

/** Reads a documents port value (or a single text) into documents, with a message naming the node when it is not one. */
export function documentsFrom(value: unknown, nodeId: string): RagDocument[] {
  if (value === undefined) return [];
  if (typeof value === 'string') return [{ id: 'text', text: value }];
  const list = Array.isArray(value) ? value.flat() : [value];
  const parsed = documentListSchema.safeParse(list);
  if (!parsed.success)
    throw new Error(
      `node '${nodeId}': the documents input is not a list of {id, text} documents: ${parsed.error.issues[0]?.message ?? 'wrong shape'}`,
    );
  return parsed.data;
}

/** Sources as the model should see them: numbered, with where each came from, for answers that cite. */
export function formatSources(documents: readonly RagDocument[]): string {
  return documents
    .map((d, i) => `[${i + 1}] ${d.source ?? d.id}${d.score !== undefined ? ` (score ${d.score.toFixed(2)})` : ''}\n${d.text}`)
    .join('\n\n');
}
