// `mcp.prompt`: gets a prompt template from an MCP server, filled with its arguments.
import * as z from 'zod';
import { defineComponent, type PortSpec } from '../define-component';
import { textOf } from '../../ports/port-types';
import { findPrompt } from './lookup';

export const mcpPrompt = defineComponent({
  id: 'mcp.prompt',
  category: 'mcp',
  title: 'MCP Prompt',
  description: 'Gets a prompt of an MCP server; each prompt argument is an input.',
  icon: 'comment-discussion',
  params: z.object({ server: z.string().min(1), prompt: z.string().min(1) }),
  inputs: (p, context): PortSpec[] =>
    (findPrompt(context, p.server, p.prompt).arguments ?? []).map((a) => ({
      name: a.name,
      type: 'text',
      description: a.description,
      required: a.required === true,
    })),
  outputs: [
    { name: 'messages', type: 'messages' },
    { name: 'text', type: 'text' },
  ],
  cacheable: false,
  run: async ({ params, inputs, mcp, signal, emitMcpMessage }) => {
    if (!mcp) throw new Error('this run has no MCP servers; run it from the editor or pass --mcp-config');
    const args = Object.fromEntries(
      Object.entries(inputs)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, textOf(v)]),
    );
    const result = await mcp.getPrompt(params.server, params.prompt, args, { signal, onMessage: emitMcpMessage });
    return { messages: result.messages, text: result.messages.map((m) => m.content).join('\n\n') };
  },
});
