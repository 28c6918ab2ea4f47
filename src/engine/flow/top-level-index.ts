// Where each top-level property of a flow file, and each element of its top-level arrays (`nodes`,
// `edges`, ...), starts and ends, found in one pass over the text. Placing a problem at
// ['nodes', 9000, 'type'] then needs a syntax tree of node 9000 only, not of the whole file.

export interface TextSpan {
  start: number;
  end: number;
}

export interface TopLevelProperty {
  /** From the key's opening quote to the end of the value. */
  span: TextSpan;
  /** Elements when the value is an array. */
  elements?: TextSpan[];
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/** Indexes valid JSON text whose top level is an object; returns an empty map for anything else. */
export function indexTopLevel(text: string): Map<string, TopLevelProperty> {
  const properties = new Map<string, TopLevelProperty>();
  let depth = 0;
  let keyStart = -1;
  let key: string | undefined;
  let current: TopLevelProperty | undefined;
  let elementStart = -1;
  let isExpectingKey = false;

  const endElement = (end: number) => {
    if (current?.elements && elementStart !== -1) current.elements.push({ start: elementStart, end: trimEnd(text, end) });
    elementStart = -1;
  };

  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isSpace(c)) continue;
    if (depth === 2 && current?.elements && elementStart === -1 && c !== 0x5d /* ] */ && c !== 0x2c /* , */) elementStart = i;
    if (c === QUOTE) {
      const start = i;
      for (i++; i < text.length && text.charCodeAt(i) !== QUOTE; i++) if (text.charCodeAt(i) === BACKSLASH) i++;
      if (depth === 1 && isExpectingKey) {
        keyStart = start;
        key = JSON.parse(text.slice(start, i + 1)) as string;
        isExpectingKey = false;
      }
      continue;
    }
    if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      depth++;
      if (depth === 1) isExpectingKey = c === 0x7b;
      if (depth === 2 && c === 0x5b && current) current.elements = [];
      continue;
    }
    if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      if (depth === 2 && current?.elements) endElement(i);
      depth--;
      if (depth === 0) finish(i);
      continue;
    }
    if (depth === 1 && c === 0x3a /* : */ && key !== undefined) {
      current = { span: { start: keyStart, end: text.length } };
      // The last of duplicate keys wins, as in JSON.parse.
      properties.set(key, current);
    } else if (depth === 1 && c === 0x2c /* , */) {
      finish(i);
      isExpectingKey = true;
    } else if (depth === 2 && c === 0x2c && current?.elements) {
      endElement(i);
    }
  }
  return properties;

  function finish(at: number) {
    if (current) current.span.end = trimEnd(text, at);
    current = undefined;
    key = undefined;
  }
}

function trimEnd(text: string, end: number): number {
  while (end > 0 && isSpace(text.charCodeAt(end - 1))) end--;
  return end;
}
