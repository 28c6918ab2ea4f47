// `input.ask`: human in the loop. The run stops at this node and asks whoever runs the flow (a form in
// the editor, the terminal or --answers in the CLI, the caller when the flow is served) and goes on
// with the answer. Decline, cancel, a timeout or an answer that breaks the schema fail the node.
import * as z from 'zod';
import { answerProblems, formSchemaProblems, type FormSchema } from '../../ask/form-schema';
import type { AskAnswer } from '../../ask/human-input';
import { textOf } from '../../ports/port-types';
import { defineComponent } from '../define-component';

export const NOBODY_CAN_ANSWER =
  'nobody can answer: run it in the editor, on a terminal, or give --answers (a JSON object of answers by node id or name)';

export const askInput = defineComponent({
  id: 'input.ask',
  category: 'inputs',
  title: 'Ask a Person',
  description:
    'Stops the run and asks a person: a form in the editor, a prompt in the CLI, an elicitation to the caller when served. Outputs the answer.',
  icon: 'question',
  params: z.object({
    name: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_-]*$/, 'must start with a letter or _ and hold only letters, digits, _ and -')
      .describe('What is asked for; without a schema, the name of the one text field'),
    message: z.string().min(1).describe('The question, shown to the person; a connected message input replaces it'),
    schema: z
      .record(z.string(), z.unknown())
      .optional()
      .describe('JSON Schema of the answer: an object of string, number, boolean or enum fields'),
    timeoutMs: z.number().int().positive().optional().describe('How long to wait for an answer before the node fails'),
  }),
  inputs: [{ name: 'message', type: 'text', description: 'Replaces params.message, e.g. a draft to approve' }],
  outputs: (p) => [
    p.schema
      ? { name: 'value', type: 'json', description: 'The answered object' }
      : { name: 'value', type: 'text', description: `The answer for '${p.name}'` },
  ],
  cacheable: false,
  check: (p) =>
    p.schema === undefined
      ? []
      : formSchemaProblems(p.schema).map((message) => ({
          severity: 'error' as const,
          code: 'invalid-params' as const,
          message,
          path: ['schema'],
        })),
  run: async ({ params, inputs, nodeId, ai, signal }) => {
    const humanInput = ai.humanInput;
    if (!humanInput) throw new Error(`input.ask '${params.name}': ${NOBODY_CAN_ANSWER}`);
    const schema = requestedSchemaOf(params);
    const problems = params.schema === undefined ? [] : formSchemaProblems(params.schema);
    if (problems.length) throw new Error(`input.ask '${params.name}': params.schema cannot be asked as a form: ${problems.join('; ')}`);
    const message = inputs.message !== undefined ? textOf(inputs.message) : params.message;
    const answer = await askWithin(params.timeoutMs, signal, (asking) =>
      humanInput.ask({ mode: 'form', message, requestedSchema: schema, origin: { kind: 'node', nodeId } }, asking),
    );
    if (answer.action !== 'accept') {
      throw new Error(
        `input.ask '${params.name}': the person ${answer.action === 'decline' ? 'declined to answer' : 'cancelled the question'}`,
      );
    }
    const content = answer.content ?? {};
    const wrong = answerProblems(schema, content);
    if (wrong) throw new Error(`input.ask '${params.name}': the answer does not fit the schema: ${wrong}`);
    return { value: params.schema ? content : content[params.name] };
  },
});

function requestedSchemaOf(params: { name: string; message: string; schema?: Record<string, unknown> }): FormSchema {
  if (params.schema) return params.schema as FormSchema;
  return { type: 'object', properties: { [params.name]: { type: 'string', title: params.name } }, required: [params.name] };
}

/** Runs the question with its own signal, which ends it on cancel and on the node's timeout. */
async function askWithin(timeoutMs: number | undefined, signal: AbortSignal, ask: (signal: AbortSignal) => Promise<AskAnswer>) {
  if (timeoutMs === undefined) return raceAbort(ask(signal), signal);
  const timeout = AbortSignal.timeout(timeoutMs);
  const asking = AbortSignal.any([signal, timeout]);
  try {
    return await raceAbort(ask(asking), asking);
  } catch (error) {
    if (timeout.aborted && !signal.aborted) throw new Error(`nobody answered within ${timeoutMs / 1000} s (timeoutMs)`);
    throw error;
  }
}

/** A host that ignores the signal must not hold the run: the question ends when the signal does. */
function raceAbort<T>(answer: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(abortReason(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortReason(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    answer.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

function abortReason(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new Error('cancelled');
}
