// Splits text into chunks of at most `size` characters, each starting `overlap` characters before the
// previous one ended, so a sentence cut at a boundary still appears whole in one of the two chunks.

/** Preferred places to end a chunk, best first: paragraph, line, sentence, word. */
const BREAKS = ['\n\n', '\n', '. ', ' '];

export function splitText(text: string, size: number, overlap: number): string[] {
  if (!Number.isInteger(size) || size < 1) throw new Error(`chunk size must be a positive whole number, got ${size}`);
  if (overlap < 0 || overlap >= size) throw new Error(`overlap must be at least 0 and less than the chunk size (${size}), got ${overlap}`);
  const chunks: string[] = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(start + size, text.length);
    if (end < text.length) end = naturalEnd(text, start, end);
    const chunk = text.slice(start, end).trim();
    if (chunk !== '') chunks.push(chunk);
    if (end >= text.length) break;
    // Always move forward, even when the overlap would take us back to where this chunk began.
    start = Math.max(end - overlap, start + 1);
  }
  return chunks;
}

/** The last good break in the second half of the window, so chunks do not end mid-word when avoidable. */
function naturalEnd(text: string, start: number, end: number): number {
  const window = text.slice(start, end);
  const earliest = Math.floor(window.length / 2);
  for (const separator of BREAKS) {
    const at = window.lastIndexOf(separator);
    if (at >= earliest) return start + at + separator.length;
  }
  return end;
}
