// Text components: templates with {{placeholders}} and joining many values into one.
import * as z from 'zod';
import { defineComponent, type PortSpec } from '../define-component';
import { textOf } from '../../ports/port-types';

// `{{secret:X}}` and `{{env:X}}` are references resolved before the run, not input ports.
const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_-]*)\s*\}\}/g;

export function templatePlaceholders(template: string): string[] {
  const names = new Set<string>();
  for (const match of template.matchAll(PLACEHOLDER)) names.add(match[1] ?? '');
  return [...names];
}

export function renderTemplate(template: string, values: Record<string, unknown>): string {
  return template.replace(PLACEHOLDER, (whole, name: string) => (name in values ? textOf(values[name]) : whole));
}

export const template = defineComponent({
  id: 'text.template',
  category: 'text',
  title: 'Template',
  description: 'Fills {{name}} placeholders with the values on the matching input ports.',
  icon: 'symbol-text',
  params: z.object({ template: z.string().describe('Text with {{name}} placeholders; each becomes an input') }),
  inputs: (p): PortSpec[] => templatePlaceholders(p.template).map((name) => ({ name, type: 'text', required: true })),
  outputs: [{ name: 'text', type: 'text' }],
  run: ({ params, inputs }) => ({ text: renderTemplate(params.template, inputs) }),
});

export const join = defineComponent({
  id: 'text.join',
  category: 'text',
  title: 'Join Text',
  description: 'Joins every connected value, in edge order, with a separator.',
  icon: 'list-flat',
  params: z.object({ separator: z.string().default('\n') }),
  inputs: [{ name: 'items', type: 'text', many: true, required: true }],
  outputs: [{ name: 'text', type: 'text' }],
  run: ({ params, inputs }) => {
    const items = Array.isArray(inputs.items) ? inputs.items : [];
    return { text: items.map(textOf).join(params.separator) };
  },
});
