// A served flow's outputs as what MCP returns: a tool's content blocks, a prompt's messages, a
// resource's contents. An output whose value already is the MCP shape (an image block, a prompt
// message, `{blob, mimeType}`, or an array of them) passes through after checking; any other value
// becomes text, so an ordinary flow needs nothing special to be served.
import {
  specTypeSchemas,
  type ContentBlock,
  type PromptMessage,
  type ReadResourceResult,
  type StandardSchemaV1,
} from '@modelcontextprotocol/server';
import * as z from 'zod';

export function shown(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The value as a list of items `schema` accepts, or undefined when it is not one or a non-empty list of them. */
function itemsOf<T>(value: unknown, schema: StandardSchemaV1<unknown, T>): T[] | undefined {
  const candidates = Array.isArray(value) ? value : [value];
  if (candidates.length === 0) return undefined;
  const items: T[] = [];
  for (const candidate of candidates) {
    if (typeof candidate !== 'object' || candidate === null) return undefined;
    const parsed = schema['~standard'].validate(candidate);
    // The spec schemas are synchronous; a promise here would mean a schema this code does not know.
    if (parsed instanceof Promise || parsed.issues !== undefined) return undefined;
    items.push(parsed.value);
  }
  return items;
}

/** tools/call content: content-shaped outputs as they are, the rest as text ("name: value" when there are several). */
export function toolContentOf(outputs: Record<string, unknown>): ContentBlock[] {
  const names = Object.keys(outputs);
  const blocks = names.map((name) => itemsOf(outputs[name], specTypeSchemas.ContentBlock as StandardSchemaV1<unknown, ContentBlock>));
  if (blocks.every((b) => b === undefined)) {
    const text = names.length === 1 ? shown(outputs[names[0]!]) : names.map((name) => `${name}: ${shown(outputs[name])}`).join('\n');
    return [{ type: 'text', text }];
  }
  return names.flatMap(
    (name, i) =>
      blocks[i] ?? [{ type: 'text' as const, text: names.length === 1 ? shown(outputs[name]) : `${name}: ${shown(outputs[name])}` }],
  );
}

/** prompts/get messages: message-shaped outputs as they are, content blocks and other values as user messages. */
export function promptMessagesOf(outputs: Record<string, unknown>): PromptMessage[] {
  return Object.values(outputs).flatMap((value): PromptMessage[] => {
    const messages = itemsOf(value, specTypeSchemas.PromptMessage as StandardSchemaV1<unknown, PromptMessage>);
    if (messages) return messages;
    const blocks = itemsOf(value, specTypeSchemas.ContentBlock as StandardSchemaV1<unknown, ContentBlock>);
    if (blocks) return blocks.map((content) => ({ role: 'user', content }) as PromptMessage);
    return [{ role: 'user', content: { type: 'text', text: shown(value) } }];
  });
}

const resourceBodySchema: StandardSchemaV1<unknown, { text?: unknown; blob?: unknown; mimeType?: string }> = z.union([
  z.looseObject({ text: z.string(), mimeType: z.string().optional() }),
  z.looseObject({ blob: z.base64(), mimeType: z.string().optional() }),
]);

/** resources/read contents, all under the URI that was read. */
export function resourceContentsOf(
  uri: string,
  outputs: Record<string, unknown>,
  mimeType: string | undefined,
): ReadResourceResult['contents'] {
  return Object.values(outputs).flatMap((value): ReadResourceResult['contents'] => {
    const bodies = itemsOf(value, resourceBodySchema);
    if (bodies) {
      return bodies.map((body) =>
        'blob' in body && typeof body.blob === 'string'
          ? { uri, mimeType: body.mimeType ?? 'application/octet-stream', blob: body.blob }
          : { uri, mimeType: body.mimeType ?? mimeType ?? 'text/plain', text: String(body.text) },
      );
    }
    return [{ uri, mimeType: mimeType ?? (typeof value === 'string' ? 'text/plain' : 'application/json'), text: shown(value) }];
  });
}
