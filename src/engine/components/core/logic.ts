// Branching: `logic.if` and `logic.switch` send the value out of exactly one port; nodes fed only by
// the other ports are skipped.
import * as z from 'zod';
import { defineComponent, type PortSpec } from '../define-component';
import { textOf } from '../../ports/port-types';
import { matchesPattern, regexProblem } from './linear-regex';

const operators = ['equals', 'contains', 'matches', 'empty', 'gt', 'lt'] as const;
type Operator = (typeof operators)[number];

const comparand = z.union([z.string(), z.number(), z.boolean()]);

export function testCondition(operator: Operator, value: unknown, expected: unknown): boolean {
  switch (operator) {
    case 'equals':
      if (typeof value === 'number' || typeof expected === 'number') return Number(value) === Number(expected);
      return textOf(value) === textOf(expected);
    case 'contains':
      return Array.isArray(value) ? value.some((item) => textOf(item) === textOf(expected)) : textOf(value).includes(textOf(expected));
    case 'matches':
      return matchesPattern(textOf(expected), textOf(value));
    case 'empty':
      return isEmpty(value);
    case 'gt':
    case 'lt': {
      const left = Number(value);
      const right = Number(expected);
      if (Number.isNaN(left) || Number.isNaN(right)) {
        throw new Error(`cannot compare ${JSON.stringify(value)} with ${JSON.stringify(expected)} as numbers`);
      }
      return operator === 'gt' ? left > right : left < right;
    }
  }
}

function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value === 'string') return value.trim() === '';
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object') return Object.keys(value).length === 0;
  return false;
}

export const ifElse = defineComponent({
  id: 'logic.if',
  category: 'logic',
  title: 'If',
  description: 'Sends the value to `true` or `false` depending on a condition.',
  icon: 'git-compare',
  params: z
    .object({
      operator: z.enum(operators).default('equals'),
      value: comparand.optional().describe('What to compare with (not used by empty)'),
    })
    .superRefine((p, ctx) => {
      const problem = p.operator === 'matches' ? regexProblem(String(p.value ?? '')) : undefined;
      if (problem) ctx.addIssue({ code: 'custom', message: problem, path: ['value'] });
    }),
  inputs: [{ name: 'value', type: 'any', required: true }],
  outputs: [
    { name: 'true', type: 'any' },
    { name: 'false', type: 'any' },
  ],
  run: ({ params, inputs }) =>
    testCondition(params.operator, inputs.value, params.value ?? '') ? { true: inputs.value } : { false: inputs.value },
});

const caseSchema = z.object({
  when: comparand.describe('Value to match'),
  port: z.string().regex(/^[A-Za-z_][A-Za-z0-9_-]*$/, 'must be a port name (letters, digits, _ and -)'),
  operator: z.enum(operators).optional(),
});

export const switchCase = defineComponent({
  id: 'logic.switch',
  category: 'logic',
  title: 'Switch',
  description: 'Sends the value to the port of the first matching case, or to `default`.',
  icon: 'list-selection',
  params: z
    .object({ cases: z.array(caseSchema).default([]) })
    .refine((p) => p.cases.every((c) => c.port !== 'default'), { message: "'default' is reserved for unmatched values", path: ['cases'] })
    .superRefine((p, ctx) => {
      p.cases.forEach((c, i) => {
        const problem = c.operator === 'matches' ? regexProblem(String(c.when)) : undefined;
        if (problem) ctx.addIssue({ code: 'custom', message: problem, path: ['cases', i, 'when'] });
      });
    }),
  inputs: [{ name: 'value', type: 'any', required: true }],
  outputs: (p): PortSpec[] => {
    const ports = [...new Set(p.cases.map((c) => c.port))];
    return [...ports, 'default'].map((name) => ({ name, type: 'any' }));
  },
  run: ({ params, inputs }) => {
    const match = params.cases.find((c) => testCondition(c.operator ?? 'equals', inputs.value, c.when));
    return { [match ? match.port : 'default']: inputs.value };
  },
});
