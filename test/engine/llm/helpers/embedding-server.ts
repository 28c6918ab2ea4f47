// Embedding endpoints for the local provider server, in OpenAI, Ollama and Gemini wire formats.
// Vectors are a hashed bag of words, so texts that share words really are close and retrieval
// tests can check which document wins.
import { createHash } from 'node:crypto';
import type { RecordedRequest, Reply } from './wire-server';
import type { WireServer } from './wire-server';

const DIMENSIONS = 64;

export function embedText(text: string): number[] {
  const vector = new Array<number>(DIMENSIONS).fill(0);
  for (const word of text.toLowerCase().match(/[a-z0-9]+/g) ?? []) {
    if (word.length < 3) continue;
    const hash = createHash('sha256').update(word).digest();
    vector[hash[0]! % DIMENSIONS]! += 1;
  }
  const norm = Math.hypot(...vector) || 1;
  return vector.map((v) => v / norm);
}

const inputsOf = (request: RecordedRequest): string[] => {
  const input = (request.body as { input?: string | string[] }).input;
  return Array.isArray(input) ? input : input === undefined ? [] : [input];
};

const openaiEmbeddings: Reply = (request) => {
  const inputs = inputsOf(request);
  return {
    json: {
      object: 'list',
      data: inputs.map((text, index) => ({ object: 'embedding', index, embedding: embedText(text) })),
      model: (request.body as { model: string }).model,
      usage: { prompt_tokens: inputs.join(' ').split(/\s+/).length, total_tokens: inputs.join(' ').split(/\s+/).length },
    },
  };
};

const ollamaEmbed: Reply = (request) => {
  const inputs = inputsOf(request);
  return {
    json: {
      model: (request.body as { model: string }).model,
      embeddings: inputs.map(embedText),
      total_duration: 14143917,
      load_duration: 1019500,
      prompt_eval_count: inputs.length * 8,
    },
  };
};

const geminiEmbed: Reply = (request) => {
  const body = request.body as { requests?: { content: { parts: { text: string }[] } }[]; content?: { parts: { text: string }[] } };
  if (body.requests)
    return { json: { embeddings: body.requests.map((r) => ({ values: embedText(r.content.parts.map((p) => p.text).join('')) })) } };
  return { json: { embedding: { values: embedText(body.content?.parts.map((p) => p.text).join('') ?? '') } } };
};

/** Answers embedding requests the way each provider's API does. */
export function serveEmbeddings(server: WireServer): void {
  server.on('POST', '/v1/embeddings', openaiEmbeddings);
  server.on('POST', '/api/embed', ollamaEmbed);
  server.on('POST', /^\/v1beta\/models\/[\w.-]+:(batchEmbedContents|embedContent)/, geminiEmbed);
}
