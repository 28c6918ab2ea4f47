// `text.replace`: replaces every match of a pattern (a linear-time regular expression, or plain text)
// with a replacement that may name the match's groups.
import * as z from 'zod';
import { defineComponent } from '../define-component';
import { textOf } from '../../ports/port-types';
import { compileLinearRegex, regexProblem } from './linear-regex';
import { RE2JS } from 're2js';

const params = z
  .object({
    pattern: z.string().min(1).describe('What to find: a regular expression (RE2 syntax), or plain text when literal is set'),
    replacement: z.string().default('').describe('What to put instead; $1 or $<name> insert a group of the match, $$ a dollar sign'),
    literal: z.boolean().default(false).describe('Treat pattern as plain text and replacement without $ groups'),
    first: z.boolean().default(false).describe('Replace only the first match'),
  })
  .superRefine((p, ctx) => {
    const problem = p.literal ? undefined : regexProblem(p.pattern);
    if (problem) ctx.addIssue({ code: 'custom', message: problem, path: ['pattern'] });
  });

export function replaceText(text: string, p: z.output<typeof params>): string {
  const regex = compileLinearRegex(p.literal ? RE2JS.quote(p.pattern) : p.pattern);
  const matcher = regex.matcher(text);
  // A function replacement is inserted as is, so a literal replacement's `$` means a dollar sign.
  const replacement = p.literal ? () => p.replacement : p.replacement;
  return p.first ? matcher.replaceFirst(replacement) : matcher.replaceAll(replacement);
}

export const replace = defineComponent({
  id: 'text.replace',
  category: 'text',
  title: 'Replace Text',
  description: 'Replaces each match of a regular expression (or plain text) in the text; $1 and $<name> insert groups.',
  icon: 'replace-all',
  params,
  inputs: [{ name: 'text', type: 'text', required: true }],
  outputs: [{ name: 'text', type: 'text' }],
  run: ({ params: p, inputs }) => ({ text: replaceText(textOf(inputs.text), p) }),
});
