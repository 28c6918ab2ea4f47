// `llm.structured`: asks a model for a JSON value that fits a JSON Schema. The reply is checked with
// ajv; an invalid one goes back to the model with the validation errors, up to `attempts` times.
import { Ajv, type ValidateFunction } from 'ajv';
import type { ModelMessage } from 'ai';
import * as z from 'zod';
import { checkModelSettings, languageModelFor, modelParams } from '../../llm/providers';
import { runModelConversation } from '../../llm/stream-model-call';
import { textOf } from '../../ports/port-types';
import { defineComponent, type ComponentProblem } from '../define-component';

export const DEFAULT_STRUCTURED_ATTEMPTS = 3;

// Made on first use: in the extension, ajv sits in a bundle loaded only when a schema is checked.
let ajv: Ajv | undefined;
// Keyed by the schema's text: params are parsed anew for each run, so the objects differ.
const compiled = new Map<string, ValidateFunction>();
const MAX_COMPILED = 100;

export function schemaValidator(schema: Record<string, unknown>): ValidateFunction {
  const key = JSON.stringify(schema);
  let validate = compiled.get(key);
  if (!validate) {
    validate = (ajv ??= new Ajv({ strict: false, allErrors: true })).compile(schema);
    if (compiled.size >= MAX_COMPILED) compiled.delete(compiled.keys().next().value!);
    compiled.set(key, validate);
  }
  return validate;
}

export function describeSchemaErrors(validate: ValidateFunction): string {
  return (validate.errors ?? []).map((e) => `${e.instancePath || '(the value)'} ${e.message ?? 'is invalid'}`).join('; ');
}

/** The JSON in a model's reply: the whole text, or the first fenced code block. */
export function jsonInReply(text: string): { ok: true; value: unknown } | { ok: false; reason: string } {
  const fenced = /```(?:json)?\s*\n([\s\S]*?)\n?```/.exec(text);
  const candidate = (fenced?.[1] ?? text).trim();
  try {
    return { ok: true, value: JSON.parse(candidate) as unknown };
  } catch (error) {
    return { ok: false, reason: `the reply is not JSON (${(error as Error).message})` };
  }
}

function instructions(schema: Record<string, unknown>, system: string | undefined): string {
  const lines = [
    'Answer with a single JSON value that is valid against this JSON Schema, and nothing else (no prose, no code fences):',
    JSON.stringify(schema),
  ];
  return system ? `${system}\n\n${lines.join('\n')}` : lines.join('\n');
}

export const llmStructured = defineComponent({
  id: 'llm.structured',
  category: 'models',
  title: 'Structured Output',
  description:
    'Asks a language model for JSON that fits a JSON Schema, checks the reply and, when it does not fit, asks again with the errors.',
  icon: 'json',
  params: z.object({
    ...modelParams,
    schema: z.record(z.string(), z.unknown()).describe('JSON Schema the output must fit'),
    system: z.string().optional().describe('Instructions before the schema'),
    temperature: z.number().min(0).max(2).optional(),
    maxTokens: z.number().int().positive().optional().describe('Longest reply, in tokens'),
    attempts: z
      .number()
      .int()
      .min(1)
      .max(10)
      .optional()
      .describe(`Model calls before giving up on an invalid reply (default ${DEFAULT_STRUCTURED_ATTEMPTS})`),
  }),
  inputs: [{ name: 'prompt', type: 'text', required: true }],
  outputs: [
    { name: 'value', type: 'json', description: 'The reply, valid against the schema' },
    { name: 'error', type: 'text', description: 'Why no valid reply came, when connected' },
  ],
  errorOutput: 'error',
  cacheable: false,
  check: (p) => {
    const problems: ComponentProblem[] = [...checkModelSettings(p)];
    try {
      schemaValidator(p.schema);
    } catch (error) {
      problems.push({
        severity: 'error',
        code: 'invalid-params',
        message: `params.schema is not a usable JSON Schema: ${(error as Error).message}`,
        path: ['schema'],
      });
    }
    return problems;
  },
  run: async ({ params, inputs, nodeId, ai, signal, emit, emitDetail }) => {
    const validate = schemaValidator(params.schema);
    const model = await languageModelFor(params, ai.modelProviders);
    const messages: ModelMessage[] = [{ role: 'user', content: textOf(inputs.prompt) }];
    const attempts = params.attempts ?? DEFAULT_STRUCTURED_ATTEMPTS;
    let problem = '';
    for (let attempt = 1; attempt <= attempts; attempt++) {
      const result = await runModelConversation({
        site: { nodeId, provider: params.provider, model: params.model, apiKey: params.apiKey },
        model,
        system: instructions(params.schema, params.system),
        messages,
        temperature: params.temperature,
        maxTokens: params.maxTokens,
        signal,
        emitToken: emit,
        emitDetail,
      });
      const parsed = jsonInReply(result.text);
      if (parsed.ok && validate(parsed.value)) return { value: parsed.value };
      problem = parsed.ok ? `the reply does not fit the schema: ${describeSchemaErrors(validate)}` : parsed.reason;
      messages.push(
        { role: 'assistant', content: result.text },
        { role: 'user', content: `That answer is invalid: ${problem}. Reply again with only the corrected JSON.` },
      );
      if (attempt < attempts) emit('\n');
    }
    throw new Error(`no valid reply after ${attempts} attempt${attempts === 1 ? '' : 's'}; the last: ${problem}`);
  },
});
