// TypeScript source for values, names and comments taken from a flow file. Whoever can edit a flow
// chooses its ids, labels and params, so each is written as inert text: a string literal with every
// quote, line break and invisible character escaped, an identifier made of letters and digits only,
// a comment on one line without bidirectional or line-separator characters.

/** Words that cannot name a `const` in a strict-mode module, plus names a program must not shadow. */
const RESERVED_WORDS = new Set(
  (
    'break case catch class const continue debugger default delete do else enum export extends false finally for function if import ' +
    'in instanceof new null return super switch this throw true try typeof var void while with as implements interface let package ' +
    'private protected public static yield await async of arguments eval undefined NaN Infinity globalThis require module exports ' +
    'process console type declare namespace abstract any boolean number string symbol object never unknown bigint'
  ).split(' '),
);

/** Characters that would end a line, reorder what a reader sees, or hide: always written as \u escapes. */
const INVISIBLE_OR_BREAKING = /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]/u;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function unicodeEscape(code: number): string {
  return `\\u${code.toString(16).padStart(4, '0')}`;
}

/** A string literal whose value is exactly `text`: single-quoted, or double-quoted when that needs fewer escapes. */
export function stringLiteral(text: string): string {
  const quote = text.split("'").length > text.split('"').length ? '"' : "'";
  let out = quote;
  // Iterating by code point keeps emoji pairs whole and yields a lone surrogate on its own, to escape.
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (char === quote) out += `\\${quote}`;
    else if (char === '\\') out += '\\\\';
    else if (char === '\n') out += '\\n';
    else if (char === '\r') out += '\\r';
    else if (char === '\t') out += '\\t';
    else if (INVISIBLE_OR_BREAKING.test(char) || (code >= 0xd800 && code <= 0xdfff)) out += unicodeEscape(code);
    else out += char;
  }
  return `${out}${quote}`;
}

/** An object key: bare when it is an identifier, else quoted; `__proto__` computed so it stays an own property. */
export function propertyKey(key: string): string {
  if (key === '__proto__') return `[${stringLiteral(key)}]`;
  return IDENTIFIER.test(key) ? key : stringLiteral(key);
}

/** A JSON-compatible value as a TypeScript expression; objects and arrays break over lines when long. */
export function valueLiteral(value: unknown, indent = ''): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return stringLiteral(value);
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return 'null';
    return Object.is(value, -0) ? '-0' : String(value);
  }
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    const items = value.map((item: unknown) => valueLiteral(item, inner));
    return fitOrBreak('[', items, ']', indent);
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .map(([key, item]) => `${propertyKey(key)}: ${valueLiteral(item, inner)}`);
    return fitOrBreak('{', entries, '}', indent, true);
  }
  // Functions, symbols and bigints cannot come from a JSON file.
  throw new TypeError(`cannot write a ${typeof value} as a literal`);
}

/** Short lists on one line (`{ a: 1 }`), long or nested ones one item a line, with trailing commas. */
function fitOrBreak(open: string, items: string[], close: string, indent: string, isObject = false): string {
  if (items.length === 0) return `${open}${close}`;
  const pad = isObject ? ' ' : '';
  const oneLine = `${open}${pad}${items.join(', ')}${pad}${close}`;
  if (oneLine.length + indent.length <= 100 && !oneLine.includes('\n')) return oneLine;
  return `${open}\n${items.map((item) => `${indent}  ${item},`).join('\n')}\n${indent}${close}`;
}

/**
 * A readable, valid and unique identifier for a node id: `fan-out` -> `fanOut`, `2nd` -> `node2nd`,
 * `a"; process.exit()` -> `aProcessExit`. `taken` holds the names used so far and is updated.
 */
export function identifierFor(id: string, taken: Set<string>): string {
  const words = id.split(/[^A-Za-z0-9]+/).filter((word) => word !== '');
  // Long ids make long names: the first words are enough to recognise the node, the id itself is in the literal.
  let name = words
    .slice(0, 4)
    .map((word, i) => (i === 0 ? word.charAt(0).toLowerCase() + word.slice(1) : word.charAt(0).toUpperCase() + word.slice(1)))
    .join('')
    .slice(0, 40);
  if (name === '' || /^[0-9]/.test(name)) name = `node${name.charAt(0).toUpperCase()}${name.slice(1)}`;
  if (RESERVED_WORDS.has(name)) name = `${name}Node`;
  let unique = name;
  for (let n = 2; taken.has(unique); n++) unique = `${name}${n}`;
  taken.add(unique);
  return unique;
}

/** Text for a `//` comment: one line, visible characters only, at most `max` characters. */
export function commentText(text: string, max = 160): string {
  const visible = [...text]
    .map((char) => (INVISIBLE_OR_BREAKING.test(char) || /[\ud800-\udfff]/.test(char) ? ' ' : char))
    .join('')
    .replace(/\s+/g, ' ')
    .trim();
  return visible.length > max ? `${visible.slice(0, max - 1)}…` : visible;
}
