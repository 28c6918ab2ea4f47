// What the canvas shows for a node's media outputs and resource links, decided without the DOM: an
// image or audio preview only for raster images and common audio types, from bytes that are base64
// and within the size limit; anything else (SVG, which may carry script, or oversized data) is described.
import { externalLinkSchema, mediaViewSchema, resourceItemViewSchema, type MediaView } from '../../protocol/messages';

/** The engine keeps at most 5 MB of one part; the canvas checks again rather than trust what it is sent. */
export const MAX_PREVIEW_BYTES = 5 * 1024 * 1024;
const MAX_PREVIEW_BASE64_CHARS = Math.ceil(MAX_PREVIEW_BYTES / 3) * 4;
/** Raster formats an <img> decodes without running anything. SVG is left out on purpose. */
const PREVIEWED_IMAGES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);
const PLAYED_AUDIO = new Set([
  'audio/wav',
  'audio/x-wav',
  'audio/wave',
  'audio/mpeg',
  'audio/mp3',
  'audio/ogg',
  'audio/webm',
  'audio/flac',
  'audio/aac',
]);
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const MAX_LISTED_RESOURCES = 5;

export type MediaPreview =
  | { kind: 'image' | 'audio'; src: string; label: string }
  /** Shown as a line of text: what the media is and why it is not previewed. */
  | { kind: 'note'; label: string; reason?: string };

export interface ResourceLinkView {
  name: string;
  uri: string;
  mimeType?: string;
  /** Only https links open (in the browser, through the host); other schemes are shown as text. */
  isOpenable: boolean;
  /** The start of an embedded text resource. */
  text?: string;
}

/** The preview of a value, or undefined when it is no media value. */
export function mediaPreviewOf(value: unknown): MediaPreview | undefined {
  const parsed = mediaViewSchema.safeParse(value);
  if (!parsed.success) return undefined;
  const media = parsed.data;
  const label = labelOf(media);
  if (media.data === undefined) return { kind: 'note', label, ...(media.omitted ? { reason: `not kept: ${media.omitted}` } : {}) };
  if (media.data.length > MAX_PREVIEW_BASE64_CHARS) return { kind: 'note', label, reason: 'too large to preview' };
  const mimeType = media.mimeType.toLowerCase();
  const isImage = media.media === 'image' && PREVIEWED_IMAGES.has(mimeType);
  const isAudio = media.media === 'audio' && PLAYED_AUDIO.has(mimeType);
  if (!isImage && !isAudio) {
    const reason = mimeType.includes('svg') ? 'SVG is not previewed: it may carry script' : undefined;
    return { kind: 'note', label, ...(reason ? { reason } : {}) };
  }
  // Checked after the length: a data URL is built only from base64, so nothing else can ride in it.
  if (media.data.length % 4 !== 0 || !BASE64.test(media.data)) return { kind: 'note', label, reason: 'the data is not base64' };
  return { kind: isImage ? 'image' : 'audio', src: `data:${mimeType};base64,${media.data}`, label };
}

/** The resources of an mcp.tool `resources` output, the first few, each with whether it may be opened. */
export function resourceLinksOf(value: unknown): { links: ResourceLinkView[]; more: number } | undefined {
  if (!Array.isArray(value) || value.length === 0) return undefined;
  const links: ResourceLinkView[] = [];
  for (const item of value.slice(0, MAX_LISTED_RESOURCES)) {
    const parsed = resourceItemViewSchema.safeParse(item);
    if (!parsed.success) return undefined;
    const { uri, name, title, mimeType, text } = parsed.data;
    links.push({
      name: title ?? name ?? uri,
      uri,
      ...(mimeType ? { mimeType } : {}),
      isOpenable: externalLinkSchema.safeParse(uri).success,
      ...(text !== undefined ? { text: text.length > 200 ? `${text.slice(0, 200)}…` : text } : {}),
    });
  }
  return { links, more: value.length - links.length };
}

function labelOf(media: MediaView): string {
  const size = media.bytes !== undefined ? `, ${sizeText(media.bytes)}` : '';
  const source = media.name ?? media.uri;
  return `${media.media}${source ? ` ${source}` : ''} (${media.mimeType}${size})`;
}

function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  return bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
