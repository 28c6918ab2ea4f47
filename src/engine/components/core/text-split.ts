// `text.split`: cuts text into a list at a plain separator or at every match of a regular expression
// (run on the linear-time engine, so a pattern from a shared flow cannot hang the run).
import * as z from 'zod';
import { defineComponent } from '../define-component';
import { textOf } from '../../ports/port-types';
import { compileLinearRegex, regexProblem } from './linear-regex';

/** Parts beyond this many are refused: a list that long is a mistake in the separator, not data. */
export const MAX_SPLIT_PARTS = 1_000_000;

const params = z
  .object({
    separator: z.string().optional().describe('Plain text to split at (default: a line break); not used when regex is set'),
    regex: z.string().optional().describe('Regular expression to split at, instead of separator (RE2 syntax)'),
    dropEmpty: z.boolean().default(false).describe('Leave out empty parts (and parts of only spaces)'),
    trim: z.boolean().default(false).describe('Trim spaces around each part'),
  })
  .superRefine((p, ctx) => {
    if (p.separator !== undefined && p.regex !== undefined) {
      ctx.addIssue({ code: 'custom', message: 'set either separator or regex, not both', path: ['regex'] });
    }
    if (p.separator === '') ctx.addIssue({ code: 'custom', message: 'separator must not be empty', path: ['separator'] });
    if (p.regex !== undefined) {
      const problem = p.regex === '' ? 'regex must not be empty' : regexProblem(p.regex);
      if (problem) ctx.addIssue({ code: 'custom', message: problem, path: ['regex'] });
    }
  });

export function splitText(text: string, p: z.output<typeof params>): string[] {
  let parts = p.regex !== undefined ? compileLinearRegex(p.regex).split(text, -1) : text.split(p.separator ?? '\n');
  if (parts.length > MAX_SPLIT_PARTS) {
    throw new Error(
      `splitting gave ${parts.length.toLocaleString('en-US')} parts; at most ${MAX_SPLIT_PARTS.toLocaleString('en-US')} are allowed`,
    );
  }
  if (p.trim) parts = parts.map((part) => part.trim());
  if (p.dropEmpty) parts = parts.filter((part) => part.trim() !== '');
  return parts;
}

export const split = defineComponent({
  id: 'text.split',
  category: 'text',
  title: 'Split Text',
  description: 'Splits text into a list at a separator or at each match of a regular expression; feeds flow.map or json nodes.',
  icon: 'split-horizontal',
  params,
  inputs: [{ name: 'text', type: 'text', required: true }],
  outputs: [
    { name: 'items', type: 'json', description: 'The parts, in order' },
    { name: 'count', type: 'number' },
  ],
  run: ({ params: p, inputs }) => {
    const items = splitText(textOf(inputs.text), p);
    return { items, count: items.length };
  },
});
