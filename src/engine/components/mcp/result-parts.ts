// Splits the content of an MCP tool result into what mcp.tool's typed outputs carry: the blocks
// themselves, its images and audio as media values, and the resources it embeds or links to. The
// server is not trusted: blocks are parsed, and bytes beyond the limits are described, not kept.
import * as z from 'zod';
import { describeSize } from '../../files/file-rules';
import { base64ByteLength, MAX_MEDIA_BYTES, mediaFromBase64, type MediaKind, type MediaValue } from '../../ports/media';

/** Bytes of media one result may keep in all (four parts at the per-part limit). */
export const MAX_RESULT_MEDIA_BYTES = 4 * MAX_MEDIA_BYTES;

/** A resource a result links to or embeds, as the `resources` output lists it. */
export interface ResourceItem {
  kind: 'link' | 'embedded';
  uri: string;
  name?: string;
  title?: string;
  description?: string;
  mimeType?: string;
  /** The text of an embedded text resource. */
  text?: string;
  /** The bytes of an embedded binary resource. */
  file?: MediaValue;
}

export interface ResultParts {
  /** The content blocks as the server sent them, except bytes over the limits (then `omitted` says why). */
  content: unknown[];
  images: MediaValue[];
  audio: MediaValue[];
  resources: ResourceItem[];
}

const shortText = z.string().max(2000);
const mimeType = z.string().min(1).max(200);
const mediaBlock = z.object({ type: z.enum(['image', 'audio']), data: z.string(), mimeType });
const linkBlock = z.object({
  type: z.literal('resource_link'),
  uri: shortText,
  name: shortText,
  title: shortText.optional(),
  description: z.string().optional(),
  mimeType: mimeType.optional(),
});
const embeddedBlock = z.object({
  type: z.literal('resource'),
  resource: z.object({ uri: shortText, mimeType: mimeType.optional(), text: z.string().optional(), blob: z.string().optional() }),
});

export function resultParts(blocks: readonly unknown[]): ResultParts {
  const parts: ResultParts = { content: [], images: [], audio: [], resources: [] };
  let keptBytes = 0;
  // Bytes are kept in order until the call's budget is spent; later parts are described.
  const keep = (kind: MediaKind, type: string, base64: string, extra: { uri?: string; name?: string } = {}): MediaValue => {
    const bytes = base64ByteLength(base64);
    if (bytes <= MAX_MEDIA_BYTES && keptBytes + bytes > MAX_RESULT_MEDIA_BYTES)
      return {
        media: kind,
        mimeType: type,
        ...extra,
        bytes,
        omitted: `the call's earlier parts already hold the ${describeSize(MAX_RESULT_MEDIA_BYTES)} kept per call`,
      };
    const value = mediaFromBase64(kind, type, base64, extra);
    if (value.data !== undefined) keptBytes += bytes;
    return value;
  };
  for (const block of blocks) {
    const media = mediaBlock.safeParse(block);
    if (media.success) {
      const value = keep(media.data.type, media.data.mimeType, media.data.data);
      (media.data.type === 'image' ? parts.images : parts.audio).push(value);
      parts.content.push(contentBlockOf(block, media.data.type, value));
      continue;
    }
    const link = linkBlock.safeParse(block);
    if (link.success) {
      const { type: _type, ...fields } = link.data;
      parts.resources.push({ kind: 'link', ...fields });
      parts.content.push(block);
      continue;
    }
    const embedded = embeddedBlock.safeParse(block);
    if (embedded.success) {
      const { uri, mimeType: type, text, blob } = embedded.data.resource;
      const item: ResourceItem = { kind: 'embedded', uri, ...(type ? { mimeType: type } : {}), ...(text !== undefined ? { text } : {}) };
      if (blob !== undefined) {
        const file = keep(kindOfMimeType(type), type ?? 'application/octet-stream', blob, { uri });
        item.file = file;
        const { blob: _blob, ...rest } = embedded.data.resource;
        parts.content.push({
          ...(block as object),
          resource: { ...rest, ...(file.data !== undefined ? { blob: file.data } : { omitted: file.omitted }) },
        });
      } else {
        parts.content.push(block);
      }
      parts.resources.push(item);
      continue;
    }
    parts.content.push(block);
  }
  return parts;
}

/** The block as the `content` output keeps it: the server's fields, with `data` only when its bytes were kept. */
function contentBlockOf(block: unknown, type: 'image' | 'audio', value: MediaValue): unknown {
  const { data: _data, ...rest } = block as { data: string };
  return value.data !== undefined ? { ...rest, type, data: value.data } : { ...rest, type, bytes: value.bytes, omitted: value.omitted };
}

function kindOfMimeType(type: string | undefined): MediaKind {
  if (type?.startsWith('image/')) return 'image';
  if (type?.startsWith('audio/')) return 'audio';
  return 'file';
}
