// `agent`: a language model that may call tools (MCP tools, other flows) for up to maxSteps model calls.
import * as z from 'zod';
import { buildAgentTools } from '../../llm/agent-tools';
import { checkModelSettings, languageModelFor, modelParams } from '../../llm/providers';
import { runModelConversation, toModelMessages } from '../../llm/stream-model-call';
import { UNTRUSTED_NOTE } from '../../llm/untrusted';
import { textOf } from '../../ports/port-types';
import { defineComponent } from '../define-component';
import { historyOf } from './chat';

export const agent = defineComponent({
  id: 'agent',
  category: 'agents',
  title: 'Agent',
  description: 'A language model that calls the connected tools, step by step, until it can answer.',
  icon: 'hubot',
  params: z.object({
    ...modelParams,
    instructions: z.string().default('').describe('What the agent is for and how it should work'),
    maxSteps: z.number().int().min(1).max(50).default(5).describe('Most model calls; each round of tool calls takes one'),
    temperature: z.number().min(0).max(2).optional(),
  }),
  inputs: [
    { name: 'prompt', type: 'text', required: true },
    { name: 'tools', type: 'tools', many: true },
    { name: 'history', type: 'messages', description: 'Earlier turns, oldest first' },
  ],
  outputs: [
    { name: 'text', type: 'text' },
    { name: 'steps', type: 'json', description: 'Each model call with its tool calls, results and usage' },
  ],
  cacheable: false,
  check: (p) => checkModelSettings(p),
  run: async ({ params, inputs, nodeId, ai, mcp, signal, emit, emitDetail, emitMcpMessage, runFlow }) => {
    const toolValues = Array.isArray(inputs.tools) ? inputs.tools : inputs.tools === undefined ? [] : [inputs.tools];
    const { tools, sourceOf, approvalOf } = await buildAgentTools(toolValues, {
      nodeId,
      mcp,
      approval: ai.approval,
      runFlow,
      onMcpMessage: emitMcpMessage,
    });
    const hasTools = Object.keys(tools).length > 0;
    const system = [params.instructions.trim(), hasTools ? UNTRUSTED_NOTE : ''].filter(Boolean).join('\n\n');
    const result = await runModelConversation({
      site: { nodeId, provider: params.provider, model: params.model, apiKey: params.apiKey },
      model: await languageModelFor(params, ai.modelProviders),
      system: system === '' ? undefined : system,
      messages: toModelMessages(historyOf(inputs.history), textOf(inputs.prompt)),
      tools: hasTools ? tools : undefined,
      maxSteps: params.maxSteps,
      temperature: params.temperature,
      signal,
      emitToken: emit,
      emitDetail,
      toolSource: sourceOf,
      toolApproval: approvalOf,
    });
    const last = result.steps[result.steps.length - 1];
    if (last && last.toolCalls.length > 0 && result.steps.length >= params.maxSteps) {
      throw new Error(
        `the agent used all ${params.maxSteps} steps (params.maxSteps) and was still calling tools; raise maxSteps or narrow the task`,
      );
    }
    return { text: result.text, steps: result.steps };
  },
});
