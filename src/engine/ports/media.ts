// The value of a `media` port: an image, an audio clip or a file an MCP server returned, as its MIME
// type and either its bytes (base64) or a URI. Kept small on purpose: a run holds at most
// MAX_MEDIA_BYTES of one part, and text, logs and traces only ever see a one-line description.
import { describeSize } from '../files/file-rules';

/** The most bytes of one media part a run keeps (5 MB); a larger part keeps its type and size, not its bytes. */
export const MAX_MEDIA_BYTES = 5 * 1024 * 1024;

export type MediaKind = 'image' | 'audio' | 'file';

export interface MediaValue {
  media: MediaKind;
  mimeType: string;
  /** The bytes, base64-encoded; absent when only a URI is known or the part was too large to keep. */
  data?: string;
  uri?: string;
  name?: string;
  /** Size of the bytes (decoded), when they were sent. */
  bytes?: number;
  /** Why `data` is absent although the server sent bytes, e.g. over the size limit. */
  omitted?: string;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Decoded length of a base64 text, without decoding it. */
export function base64ByteLength(base64: string): number {
  const padding = base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0;
  return Math.max(0, Math.floor((base64.length * 3) / 4) - padding);
}

/**
 * A media value from bytes a server sent as base64: kept when they are valid base64 within the
 * limit, otherwise described (type and size) without them.
 */
export function mediaFromBase64(
  media: MediaKind,
  mimeType: string,
  base64: string,
  extra: { uri?: string; name?: string } = {},
  limit: number = MAX_MEDIA_BYTES,
): MediaValue {
  const bytes = base64ByteLength(base64);
  const value: MediaValue = { media, mimeType, ...extra, bytes };
  if (bytes > limit) return { ...value, omitted: `${describeSize(bytes)} is over the ${describeSize(limit)} kept per part` };
  // Checked only within the limit: a regular expression over 50 MB would stall the run for nothing.
  if (base64.length % 4 !== 0 || !BASE64.test(base64)) return { ...value, omitted: 'the data is not valid base64' };
  return { ...value, data: base64 };
}

export function isMediaValue(value: unknown): value is MediaValue {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<Record<keyof MediaValue, unknown>>;
  return (
    (v.media === 'image' || v.media === 'audio' || v.media === 'file') &&
    typeof v.mimeType === 'string' &&
    (v.data === undefined || typeof v.data === 'string') &&
    (v.uri === undefined || typeof v.uri === 'string')
  );
}

/** What a text port gets for a media value: a description, never the bytes (a prompt full of base64 helps no one). */
export function describeMedia(value: MediaValue): string {
  const facts = [value.mimeType, value.bytes !== undefined ? describeSize(value.bytes) : undefined].filter(Boolean).join(', ');
  const source = value.name ?? value.uri;
  return `[${value.media}${source ? ` ${source}` : ''}: ${facts}${value.omitted ? `; bytes not kept: ${value.omitted}` : ''}]`;
}

/** The bytes of a media value, or an error message saying why there are none. */
export function mediaBytes(value: MediaValue): { bytes: Uint8Array } | { error: string } {
  if (value.data !== undefined) return { bytes: Buffer.from(value.data, 'base64') };
  if (value.omitted) return { error: `the ${value.media}'s bytes were not kept (${value.omitted})` };
  return { error: `the ${value.media} is only a link${value.uri ? ` to ${value.uri}` : ''}, without bytes` };
}

/**
 * A copy of a value fit for a log line or a trace: every media value's bytes and every base64 part of
 * MCP content (image/audio `data`, a resource's `blob`) replaced by a short note of type and size.
 */
export function withoutMediaBytes(value: unknown, depth = 0): unknown {
  if (depth > 50 || typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((item) => withoutMediaBytes(item, depth + 1));
  // Only plain objects: a Date or a class with toJSON must stay what JSON.stringify expects.
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return value;
  const record = value as Record<string, unknown>;
  const copy: Record<string, unknown> = {};
  // MCP image and audio content carry `data`, resource contents `blob` beside their `uri`.
  const hasDataBytes =
    ((record.type === 'image' || record.type === 'audio') && typeof record.mimeType === 'string') || isMediaValue(record);
  const hasBlobBytes = typeof record.uri === 'string';
  for (const [key, item] of Object.entries(record)) {
    if (typeof item === 'string' && ((key === 'data' && hasDataBytes) || (key === 'blob' && hasBlobBytes))) {
      const mimeType = typeof record.mimeType === 'string' ? `${record.mimeType} ` : '';
      copy[key] = `<${describeSize(base64ByteLength(item))} of ${mimeType}bytes, not shown>`;
    } else {
      copy[key] = withoutMediaBytes(item, depth + 1);
    }
  }
  return copy;
}
