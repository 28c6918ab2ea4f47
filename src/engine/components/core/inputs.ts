// Flow inputs: each `input.*` node is one named input of the flow (and one property of its MCP tool).
import * as z from 'zod';
import { parseAccept } from '../../files/file-rules';
import { defineComponent } from '../define-component';
import type { ChatMessage } from '../../ports/port-types';

const inputName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_-]*$/, 'must start with a letter or _ and hold only letters, digits, _ and -')
  .describe('The input name callers use');

export const textInput = defineComponent({
  id: 'input.text',
  category: 'inputs',
  title: 'Text Input',
  description: 'A text value given when the flow runs.',
  icon: 'symbol-string',
  params: z.object({
    name: inputName,
    description: z.string().optional(),
    required: z.boolean().optional(),
    default: z.string().optional(),
    choices: z.array(z.string()).min(1).optional().describe('The only values accepted; MCP callers are offered them as completions'),
  }),
  inputs: [],
  outputs: [{ name: 'text', type: 'text' }],
  cacheable: false,
  flowInput: (p) => ({
    name: p.name,
    description: p.description,
    required: (p.required ?? false) && p.default === undefined,
    default: p.default,
    schema: p.choices ? { type: 'string', enum: p.choices } : { type: 'string' },
  }),
  run: ({ flowInput, params }) => {
    const text = flowInput === undefined ? (params.default ?? '') : String(flowInput);
    if (params.choices && flowInput !== undefined && !params.choices.includes(text)) {
      throw new Error(
        `input '${params.name}' must be one of ${params.choices.map((c) => JSON.stringify(c)).join(', ')}, got ${JSON.stringify(text)}`,
      );
    }
    return { text };
  },
});

export const chatInput = defineComponent({
  id: 'input.chat',
  category: 'inputs',
  title: 'Chat Input',
  description: 'The user message of a chat turn.',
  icon: 'comment',
  params: z.object({ name: inputName.default('message') }),
  inputs: [],
  outputs: [
    { name: 'message', type: 'message' },
    { name: 'history', type: 'messages', description: 'Earlier turns of this chat session (empty outside a session)' },
  ],
  cacheable: false,
  flowInput: (p) => ({ name: p.name, description: 'The user message', required: true, schema: { type: 'string' } }),
  run: ({ flowInput, ai }) => {
    const message: ChatMessage = { role: 'user', content: flowInput === undefined ? '' : String(flowInput) };
    ai.chat?.setUserMessage(message);
    return { message, history: ai.chat?.history() ?? [] };
  },
});

export const fileInput = defineComponent({
  id: 'input.file',
  category: 'inputs',
  title: 'File Input',
  description: 'Reads a text file whose path is given when the flow runs (relative to the flow file).',
  icon: 'file',
  params: z.object({
    name: inputName,
    description: z.string().optional(),
    accept: z.string().optional().describe('Comma-separated extensions, such as .md,.txt'),
  }),
  inputs: [],
  outputs: [
    { name: 'text', type: 'text' },
    { name: 'path', type: 'text' },
  ],
  cacheable: false,
  flowInput: (p) => ({ name: p.name, description: p.description ?? 'Path of a text file', required: true, schema: { type: 'string' } }),
  run: async ({ flowInput, params, files, signal }) => {
    if (typeof flowInput !== 'string' || flowInput === '') throw new Error(`input '${params.name}' needs a file path`);
    // The path comes from whoever runs the flow (an MCP caller, say): FileAccess keeps it inside the roots.
    const { text, path } = await files.readText(flowInput, {
      signal,
      accept: parseAccept(params.accept),
      what: `input '${params.name}': file`,
    });
    return { text, path };
  },
});

export const numberInput = defineComponent({
  id: 'input.number',
  category: 'inputs',
  title: 'Number Input',
  description: 'A number given when the flow runs.',
  icon: 'symbol-number',
  params: z.object({
    name: inputName,
    description: z.string().optional(),
    required: z.boolean().optional(),
    default: z.number().optional(),
  }),
  inputs: [],
  outputs: [{ name: 'value', type: 'number' }],
  cacheable: false,
  flowInput: (p) => ({
    name: p.name,
    description: p.description,
    required: (p.required ?? false) && p.default === undefined,
    default: p.default,
    schema: { type: 'number' },
  }),
  run: ({ flowInput, params }) => {
    const raw = flowInput ?? params.default;
    if (raw === undefined) return { value: 0 };
    const value = typeof raw === 'number' ? raw : Number(String(raw).trim());
    if (String(raw).trim() === '' || !Number.isFinite(value)) {
      throw new Error(`input '${params.name}' must be a number, got ${JSON.stringify(raw)}`);
    }
    return { value };
  },
});

export const jsonInput = defineComponent({
  id: 'input.json',
  category: 'inputs',
  title: 'JSON Input',
  description: 'Any JSON value given when the flow runs.',
  icon: 'json',
  params: z.object({
    name: inputName,
    description: z.string().optional(),
    required: z.boolean().optional(),
    default: z.unknown().optional(),
  }),
  inputs: [],
  outputs: [{ name: 'value', type: 'json' }],
  cacheable: false,
  flowInput: (p) => ({
    name: p.name,
    description: p.description,
    required: (p.required ?? false) && p.default === undefined,
    default: p.default,
    schema: {},
  }),
  run: ({ flowInput, params }) => ({ value: flowInput === undefined ? (params.default ?? null) : flowInput }),
});
