// JSON components: parse text into a value, and read a value at a path like `a.b[0]`.
import * as z from 'zod';
import { defineComponent } from '../define-component';
import { textOf } from '../../ports/port-types';

export const parse = defineComponent({
  id: 'json.parse',
  category: 'data',
  title: 'Parse JSON',
  description: 'Parses text as JSON. Connect `error` to handle text that is not JSON instead of failing the run.',
  icon: 'json',
  params: z.object({}),
  inputs: [{ name: 'text', type: 'text', required: true }],
  outputs: [
    { name: 'value', type: 'json' },
    { name: 'error', type: 'text', description: 'Why the text is not JSON' },
  ],
  errorOutput: 'error',
  run: ({ inputs }) => {
    const text = textOf(inputs.text);
    try {
      return { value: JSON.parse(text) as unknown };
    } catch (error) {
      const preview = text.length > 60 ? `${text.slice(0, 60)}…` : text;
      throw new Error(`text is not JSON (${(error as Error).message}): ${JSON.stringify(preview)}`);
    }
  },
});

export type JsonPathSegment = string | number;

/** Parses `a.b[0]["c.d"]` into ['a', 'b', 0, 'c.d']; throws on malformed paths. */
export function parseJsonPath(path: string): JsonPathSegment[] {
  const segments: JsonPathSegment[] = [];
  const pattern = /\.?([A-Za-z_$][\w$-]*)|\[(\d+)\]|\[(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')\]/y;
  let index = 0;
  while (index < path.length) {
    pattern.lastIndex = index;
    const match = pattern.exec(path);
    if (!match || (index === 0 && path.startsWith('.'))) {
      throw new Error(`invalid path '${path}' at character ${index + 1}`);
    }
    if (match[1] !== undefined) segments.push(match[1]);
    else if (match[2] !== undefined) segments.push(Number(match[2]));
    else segments.push(match[3] ?? match[4] ?? '');
    index = pattern.lastIndex;
  }
  return segments;
}

export function getAtPath(value: unknown, segments: JsonPathSegment[]): unknown {
  let current = value;
  for (const segment of segments) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}

export const get = defineComponent({
  id: 'json.get',
  category: 'data',
  title: 'Get JSON Value',
  description: 'Reads the value at a path such as a.b[0]; null when the path is absent.',
  icon: 'symbol-property',
  params: z.object({
    path: z
      .string()
      .refine((p) => {
        try {
          parseJsonPath(p);
          return true;
        } catch {
          return false;
        }
      }, 'must be a path like a.b[0]')
      .describe('Path like a.b[0] or items[2]["full name"]'),
  }),
  inputs: [{ name: 'value', type: 'json', required: true }],
  outputs: [{ name: 'value', type: 'json' }],
  run: ({ params, inputs }) => ({ value: getAtPath(inputs.value, parseJsonPath(params.path)) ?? null }),
});
