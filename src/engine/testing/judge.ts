// LLM judges: a model grades an output against a rubric and answers pass or fail with a reason. The
// judge is itself a small flow (two inputs, llm.chat, one output) run by the engine, so it gets the same
// providers, key references, secret bindings and usage reporting as the flow under test.
import * as z from 'zod';
import type { ComponentRegistry } from '../components/registry';
import type { ModelUsage, RunEvent } from '../executor/events';
import { runFlow, type RunOptions } from '../executor/run-flow';
import type { Flow } from '../flow/schema';
import type { JudgeModel, JudgeSpec } from './assertion';
import type { Verdict } from './check-assertion';

export interface JudgeCall {
  judge: JudgeSpec;
  /** Models to fall back on, later ones winning: the host's (the editor's own), then the test file's `judge`. */
  defaults: JudgeModel[];
  output: string;
  actual: unknown;
  inputs: Record<string, unknown>;
  /** Services of the run: secrets, policy, model providers; the judge flow needs no MCP or files. */
  run: Pick<RunOptions, 'secrets' | 'secretPolicy' | 'env' | 'modelProviders' | 'redactor' | 'signal'> & { registry: ComponentRegistry };
  onUsage(model: string, usage: ModelUsage): void;
}

const verdictSchema = z.object({ pass: z.boolean(), reason: z.string() });

const INSTRUCTIONS = [
  'You grade one output of an AI flow against a rubric.',
  'Answer with a single JSON object and nothing else: {"pass": true or false, "reason": "one or two sentences saying why"}.',
  'Pass only if the output meets the rubric.',
].join(' ');

export async function gradeWithJudge(call: JudgeCall): Promise<Verdict> {
  const model = { ...Object.assign({}, ...call.defaults.map(definedOnly)), ...definedOnly(call.judge) } as JudgeModel;
  if (!model.provider || !model.model)
    return {
      pass: false,
      reason:
        'the judge has no model: give it "provider" and "model", in the assertion or ' +
        'in the test file\'s "judge" (in the editor, the editor\'s own model is used)',
    };
  const flow = judgeFlow(model);
  const handle = runFlow(flow, {
    ...call.run,
    inputs: {
      instructions: `${INSTRUCTIONS}\n\nRubric:\n${call.judge.rubric}`,
      submission:
        `Inputs of the case:\n${JSON.stringify(call.inputs, null, 2)}\n\nOutput ` +
        `'${call.output}':\n${typeof call.actual === 'string' ? call.actual : JSON.stringify(call.actual, null, 2)}`,
    },
    recordEvents: false,
    onEvent: (event: RunEvent) => {
      if (event.type === 'node.model-call') call.onUsage(event.model, event.usage);
    },
  });
  const result = await handle.result;
  if (result.status !== 'ok') return { pass: false, reason: `the judge could not grade: ${result.error?.message ?? result.status}` };
  return readVerdict(String(result.outputs.verdict ?? ''));
}

/** The verdict in a reply: the JSON object asked for, tolerating text or a code fence around it. */
export function readVerdict(reply: string): Verdict {
  const start = reply.indexOf('{');
  const end = reply.lastIndexOf('}');
  if (start !== -1 && end > start) {
    try {
      const parsed = verdictSchema.safeParse(JSON.parse(reply.slice(start, end + 1)));
      if (parsed.success) return { pass: parsed.data.pass, reason: parsed.data.reason.trim() || '(no reason given)' };
    } catch {
      // Not JSON: fall through to the plain-word forms.
    }
  }
  const word = /^\s*(PASS|FAIL)\b[\s:.-]*(.*)$/is.exec(reply);
  if (word) return { pass: word[1]!.toUpperCase() === 'PASS', reason: word[2]!.trim() || '(no reason given)' };
  const shown = reply.length > 200 ? `${reply.slice(0, 199)}…` : reply;
  return { pass: false, reason: `the judge's reply is not a verdict: ${JSON.stringify(shown)}` };
}

function judgeFlow(model: JudgeModel): Flow {
  const params: Record<string, unknown> = { provider: model.provider, model: model.model, temperature: 0 };
  if (model.baseURL) params.baseURL = model.baseURL;
  if (model.apiKey) params.apiKey = model.apiKey;
  // Rubric and output go in as input values, not params: text in them is never read as a {{secret:...}} reference.
  return {
    version: 1,
    name: 'judge',
    nodes: [
      { id: 'instructions', type: 'input.text', position: { x: 0, y: 0 }, params: { name: 'instructions', required: true } },
      { id: 'submission', type: 'input.text', position: { x: 0, y: 100 }, params: { name: 'submission', required: true } },
      { id: 'model', type: 'llm.chat', position: { x: 240, y: 0 }, params },
      { id: 'verdict', type: 'output.text', position: { x: 480, y: 0 }, params: { name: 'verdict' } },
    ],
    edges: [
      { id: 'e1', source: 'instructions', sourceHandle: 'text', target: 'model', targetHandle: 'system' },
      { id: 'e2', source: 'submission', sourceHandle: 'text', target: 'model', targetHandle: 'prompt' },
      { id: 'e3', source: 'model', sourceHandle: 'text', target: 'verdict', targetHandle: 'text' },
    ],
  };
}

function definedOnly(model: JudgeModel): JudgeModel {
  const out: JudgeModel = {};
  if (model.provider !== undefined) out.provider = model.provider;
  if (model.model !== undefined) out.model = model.model;
  if (model.baseURL !== undefined) out.baseURL = model.baseURL;
  if (model.apiKey !== undefined) out.apiKey = model.apiKey;
  return out;
}
