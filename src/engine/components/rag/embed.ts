// `rag.embed`: embeddings for documents (to store) or for a text (a query), from the providers llm.chat uses.
import { loadAiSdk } from '../../llm/ai-sdk';
import * as z from 'zod';
import { describeModelError } from '../../llm/model-errors';
import { checkModelSettings, embeddingModelFor, modelParams } from '../../llm/providers';
import { documentsFrom, type RagDocument } from '../../rag/documents';
import { textOf } from '../../ports/port-types';
import { defineComponent } from '../define-component';

/** Texts per request; small enough for every provider's limit, large enough to keep requests few. */
const BATCH = 64;

export const ragEmbed = defineComponent({
  id: 'rag.embed',
  category: 'rag',
  title: 'Embed',
  description: 'Turns documents or a text into embedding vectors with an embedding model.',
  icon: 'symbol-array',
  params: z.object(modelParams),
  inputs: [
    { name: 'documents', type: 'documents', description: 'Documents to embed, for rag.store' },
    { name: 'text', type: 'text', description: 'A text to embed, such as a question for rag.retrieve' },
  ],
  outputs: [
    { name: 'documents', type: 'documents' },
    { name: 'embedding', type: 'embedding' },
  ],
  check: (p) => checkModelSettings(p),
  run: async ({ params, inputs, nodeId, ai, signal, emitDetail, emitProgress }) => {
    const model = await embeddingModelFor(params, ai.modelProviders);
    const { embedMany } = await loadAiSdk();
    const documents = documentsFrom(inputs.documents, nodeId);
    const query = inputs.text !== undefined ? textOf(inputs.text) : undefined;
    if (documents.length === 0 && query === undefined) throw new Error(`node '${nodeId}': connect documents or a text to embed`);
    const texts = [...documents.map((d) => d.text), ...(query !== undefined ? [query] : [])];
    const vectors: number[][] = [];
    for (let from = 0; from < texts.length; from += BATCH) {
      const startedAt = performance.now();
      let result: Awaited<ReturnType<typeof embedMany>>;
      try {
        result = await embedMany({ model, values: texts.slice(from, from + BATCH), abortSignal: signal, maxRetries: 2 });
      } catch (error) {
        if (signal.aborted) throw error;
        throw await describeModelError(error, { nodeId, provider: params.provider, model: params.model, apiKey: params.apiKey });
      }
      vectors.push(...result.embeddings);
      emitDetail({
        type: 'node.model-call',
        provider: params.provider,
        model: params.model,
        usage: { inputTokens: result.usage.tokens },
        latencyMs: performance.now() - startedAt,
        step: from / BATCH + 1,
      });
      emitProgress({ progress: Math.min(from + BATCH, texts.length), total: texts.length, message: 'embedded' });
    }
    const embedded: RagDocument[] = documents.map((d, i) => ({ ...d, vector: vectors[i] }));
    const outputs: Record<string, unknown> = {};
    if (documents.length > 0) outputs.documents = embedded;
    if (query !== undefined) outputs.embedding = vectors[vectors.length - 1];
    return outputs;
  },
});
