// Where things are in a flow file's text: the top-level properties and, for the id'd lists (nodes,
// edges, notes, groups), each item's range and id. One strict scan of the text builds it, far cheaper
// than a full syntax tree (a 400 KB flow: a few ms instead of 60+), so a batch of canvas edits costs
// one scan plus the items it touches.

/** A range of the text, `end` exclusive. */
export interface TextSpan {
  start: number;
  end: number;
}

export type FlowList = 'nodes' | 'edges' | 'notes' | 'groups';
const flowLists: ReadonlySet<string> = new Set<FlowList>(['nodes', 'edges', 'notes', 'groups']);

export interface FlowListIndex {
  items: TextSpan[];
  /** Each item's `id` ('' when it has none); the first item with an id wins in `indexOfId`. */
  ids: string[];
  indexOfId: Map<string, number>;
}

export interface FlowTextIndex {
  /** Top-level property values by key. */
  properties: Map<string, TextSpan>;
  lists: Map<FlowList, FlowListIndex>;
}

export class JsonSyntaxError extends Error {
  override readonly name = 'JsonSyntaxError';
  constructor(
    readonly offset: number,
    what: string,
  ) {
    super(`${what} at offset ${offset}`);
  }
}

/** Scans `text` strictly (plain JSON: no comments, no trailing commas). Throws JsonSyntaxError. */
export function indexFlowText(text: string): FlowTextIndex {
  const scanner = new JsonScanner(text);
  scanner.skipWhitespace();
  if (text.charCodeAt(scanner.pos) !== openBrace) throw new JsonSyntaxError(scanner.pos, 'expected a JSON object');
  const properties = new Map<string, TextSpan>();
  const lists = new Map<FlowList, FlowListIndex>();
  scanner.object((key, start) => {
    if (flowLists.has(key) && text.charCodeAt(start) === openBracket) {
      const list = scanner.listOfItems();
      if (!lists.has(key as FlowList)) lists.set(key as FlowList, list);
    } else {
      scanner.value();
    }
    if (!properties.has(key)) properties.set(key, { start, end: scanner.pos });
  });
  scanner.skipWhitespace();
  if (scanner.pos !== text.length) throw new JsonSyntaxError(scanner.pos, 'unexpected text after the JSON object');
  return { properties, lists };
}

const openBrace = 0x7b;
const closeBrace = 0x7d;
const openBracket = 0x5b;
const closeBracket = 0x5d;
const quote = 0x22;
const backslash = 0x5c;
const comma = 0x2c;
const colon = 0x3a;
const numberPattern = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const escapePattern = /["\\/bfnrt]|u[0-9a-fA-F]{4}/y;

const controlCharacter = /[\u0000-\u001f]/;

class JsonScanner {
  pos = 0;

  constructor(private readonly text: string) {}

  skipWhitespace(): void {
    const { text } = this;
    let pos = this.pos;
    for (;;) {
      const c = text.charCodeAt(pos);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) pos++;
      else break;
    }
    this.pos = pos;
  }

  /** Any JSON value at `pos`, leaving `pos` after it. */
  value(): void {
    this.skipWhitespace();
    const c = this.text.charCodeAt(this.pos);
    if (c === openBrace) this.object(() => this.value());
    else if (c === openBracket) this.array(() => this.value());
    else if (c === quote) this.string();
    else this.literal();
  }

  /** An object; `onProperty` is called with `pos` at each value's first character and must consume it. */
  object(onProperty: (key: string, valueStart: number) => void): void {
    const { text } = this;
    this.pos++; // {
    this.skipWhitespace();
    if (text.charCodeAt(this.pos) === closeBrace) {
      this.pos++;
      return;
    }
    for (;;) {
      this.skipWhitespace();
      if (text.charCodeAt(this.pos) !== quote) throw new JsonSyntaxError(this.pos, 'expected a property name');
      const key = this.string();
      this.skipWhitespace();
      if (text.charCodeAt(this.pos) !== colon) throw new JsonSyntaxError(this.pos, 'expected ":"');
      this.pos++;
      this.skipWhitespace();
      onProperty(key, this.pos);
      this.skipWhitespace();
      const c = text.charCodeAt(this.pos);
      this.pos++;
      if (c === closeBrace) return;
      if (c !== comma) throw new JsonSyntaxError(this.pos - 1, 'expected "," or "}"');
    }
  }

  array(onItem: () => void): void {
    const { text } = this;
    this.pos++; // [
    this.skipWhitespace();
    if (text.charCodeAt(this.pos) === closeBracket) {
      this.pos++;
      return;
    }
    for (;;) {
      this.skipWhitespace();
      onItem();
      this.skipWhitespace();
      const c = text.charCodeAt(this.pos);
      this.pos++;
      if (c === closeBracket) return;
      if (c !== comma) throw new JsonSyntaxError(this.pos - 1, 'expected "," or "]"');
    }
  }

  /** An array whose object items are indexed with their ids. */
  listOfItems(): FlowListIndex {
    const items: TextSpan[] = [];
    const ids: string[] = [];
    const indexOfId = new Map<string, number>();
    this.array(() => {
      const start = this.pos;
      let id = '';
      if (this.text.charCodeAt(start) === openBrace) {
        this.object((key, valueStart) => {
          if (key === 'id' && this.text.charCodeAt(valueStart) === quote && id === '') id = this.string();
          else this.value();
        });
      } else {
        this.value();
      }
      if (id !== '' && !indexOfId.has(id)) indexOfId.set(id, items.length);
      items.push({ start, end: this.pos });
      ids.push(id);
    });
    return { items, ids, indexOfId };
  }

  /** A string at `pos` (on its opening quote); returns its value. */
  string(): string {
    const { text } = this;
    const start = this.pos + 1;
    const end = text.indexOf('"', start);
    if (end < 0) throw new JsonSyntaxError(this.pos, 'unterminated string');
    const raw = text.slice(start, end);
    if (raw.includes('\\')) return this.escapedString();
    if (controlCharacter.test(raw)) throw new JsonSyntaxError(start, 'control character in a string');
    this.pos = end + 1;
    return raw;
  }

  private escapedString(): string {
    const { text } = this;
    const start = this.pos;
    let pos = start + 1;
    for (;;) {
      const c = text.charCodeAt(pos);
      if (c === quote) break;
      if (Number.isNaN(c)) throw new JsonSyntaxError(start, 'unterminated string');
      if (c < 0x20) throw new JsonSyntaxError(pos, 'control character in a string');
      if (c === backslash) {
        escapePattern.lastIndex = pos + 1;
        if (!escapePattern.test(text)) throw new JsonSyntaxError(pos, 'invalid escape in a string');
        pos = escapePattern.lastIndex;
      } else {
        pos++;
      }
    }
    this.pos = pos + 1;
    return JSON.parse(text.slice(start, pos + 1)) as string;
  }

  private literal(): void {
    const { text, pos } = this;
    for (const word of ['true', 'false', 'null']) {
      if (text.startsWith(word, pos)) {
        this.pos = pos + word.length;
        return;
      }
    }
    numberPattern.lastIndex = pos;
    if (!numberPattern.test(text))
      throw new JsonSyntaxError(pos, Number.isNaN(text.charCodeAt(pos)) ? 'unexpected end of text' : 'expected a JSON value');
    this.pos = numberPattern.lastIndex;
  }
}
