// Text from an MCP server that a person would not see as it is: terminal escape sequences (which
// can recolour, hide or rewrite what a terminal shows, or set its title and clipboard), other control
// characters, bidirectional overrides (which reorder what is shown) and zero-width characters.
// Detected for the poisoning scan, and removed before such text is printed to a terminal.

// CSI (ESC [ ... final), OSC (ESC ] ... BEL or ST, or to the end when unterminated), the 8-bit
// CSI and OSC, and two-character ESC sequences. Written so each is matched in linear time.
const ESCAPE_SEQUENCES =
  /\x1b\[[0-?]*[ -/]*[@-~]?|\x1b\][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?|\x9b[0-?]*[ -/]*[@-~]?|\x9d[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?|\x1b[ -~]?/g;
/** C0 and C1 controls other than tab and line feed. */
const CONTROL_CHARACTERS = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g;
const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
/** Zero-width and invisible formatting characters, and the Unicode tag block (invisible ASCII look-alikes). */
const INVISIBLE_CHARACTERS = /[\u00ad\u180e\u200b-\u200d\u2060-\u2064\ufeff]|[\u{e0000}-\u{e007f}]/gu;

export type HiddenTextKind = 'escape sequences' | 'control characters' | 'bidirectional overrides' | 'zero-width characters';

const KINDS: { kind: HiddenTextKind; pattern: RegExp }[] = [
  { kind: 'escape sequences', pattern: ESCAPE_SEQUENCES },
  { kind: 'control characters', pattern: CONTROL_CHARACTERS },
  { kind: 'bidirectional overrides', pattern: BIDI_CONTROLS },
  { kind: 'zero-width characters', pattern: INVISIBLE_CHARACTERS },
];

/** Which kinds of hidden text `text` holds (escape sequences are not also counted as control characters). */
export function hiddenTextIn(text: string): HiddenTextKind[] {
  const found: HiddenTextKind[] = [];
  // Windows line endings are ordinary; a lone carriage return (which rewrites a terminal line) is not.
  let rest = text.replace(/\r\n/g, '\n');
  for (const { kind, pattern } of KINDS) {
    const stripped = rest.replace(pattern, '');
    if (stripped !== rest) found.push(kind);
    rest = stripped;
  }
  return found;
}

/** `text` without anything a terminal would act on or hide; tabs and line breaks are kept. */
export function terminalSafe(text: string): string {
  let safe = text;
  for (const { pattern } of KINDS) safe = safe.replace(pattern, '');
  return safe;
}
