// `flow.map`: runs a sub-flow once per item of a list, a few at a time, and collects the results in
// the list's order. Each item runs through the same path as `flow.run`, so the run's file roots,
// nesting depth and sub-flow count limits hold for every item.
import * as z from 'zod';
import { defineComponent, type PortContext } from '../define-component';
import { interfaceComponents } from '../interface-components';
import { flowInterface, type FlowInterface } from '../../flow/interface';
import type { Flow } from '../../flow/schema';
import { defaultFlowLoader, RootedFlowLoader } from '../../flow/loader';

export const DEFAULT_MAP_CONCURRENCY = 4;
export const MAX_MAP_CONCURRENCY = 32;

const params = z.object({
  file: z.string().min(1).describe('Flow file run for each item, relative to this flow'),
  concurrency: z
    .number()
    .int()
    .min(1)
    .max(MAX_MAP_CONCURRENCY)
    .optional()
    .describe(`Items running at once (default ${DEFAULT_MAP_CONCURRENCY})`),
  input: z
    .string()
    .min(1)
    .optional()
    .describe('The sub-flow input each item goes to; needed only when the sub-flow has several inputs and items are not objects of them'),
});
type MapParams = z.output<typeof params>;

function interfaceOf(flow: Flow): FlowInterface {
  return flowInterface(flow, interfaceComponents());
}

/** How one list item becomes the sub-flow's inputs. */
export function inputsForItem(item: unknown, index: number, iface: FlowInterface, p: MapParams): Record<string, unknown> {
  if (p.input !== undefined) return { [p.input]: item };
  if (iface.inputs.length === 1) return { [iface.inputs[0]!.name]: item };
  if (isPlainObject(item)) return item;
  const names = iface.inputs.map((i) => `'${i.name}'`).join(', ') || 'none';
  throw new Error(
    `item ${index} is ${describeValue(item)}, but ${p.file} has inputs ${names}: give ` +
      `objects keyed by those inputs, or set params.input to the one each item fills`,
  );
}

/** One output: its value; several (or none): the outputs object. */
export function resultOf(outputs: Record<string, unknown>, iface: FlowInterface): unknown {
  return iface.outputs.length === 1 ? outputs[iface.outputs[0]!.name] : outputs;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeValue(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  return `a ${typeof value}`;
}

/** Loads the sub-flow (a missing or unreadable file throws, which validation reports) and checks params.input against it. */
function checkInputName(p: MapParams, context: PortContext): string | undefined {
  const iface = interfaceOf(context.loadFlow(p.file).flow);
  if (p.input === undefined) return undefined;
  if (iface.inputs.some((i) => i.name === p.input)) return undefined;
  const names = iface.inputs.map((i) => `'${i.name}'`).join(', ') || 'none';
  return `${p.file} has no input '${p.input}'; its inputs are ${names}`;
}

export const mapFlow = defineComponent({
  id: 'flow.map',
  category: 'flow',
  title: 'Map Flow',
  description:
    'Runs another flow once per item of a list, a few at a time, and outputs the results in the list’s ' +
    'order. A failed item fails the node with its index, or goes to `error` when that is connected.',
  icon: 'list-ordered',
  params,
  inputs: [{ name: 'items', type: 'json', required: true, description: 'A list; each item fills the sub-flow’s input' }],
  outputs: [
    { name: 'results', type: 'json', description: 'One result per item, in input order' },
    { name: 'error', type: 'text', description: 'Why an item failed, when connected' },
  ],
  errorOutput: 'error',
  cacheable: false,
  check: (p, context) => {
    const problem = checkInputName(p, context);
    return problem ? [{ severity: 'error', code: 'invalid-params', message: problem, path: ['input'] }] : [];
  },
  run: async ({ params: p, inputs, baseDir, files, signal, runFlow, emitProgress }) => {
    const items = inputs.items;
    if (!Array.isArray(items)) throw new Error(`items must be a list, got ${describeValue(items)}`);
    const { flow } = new RootedFlowLoader(defaultFlowLoader, files).load(p.file, baseDir);
    const iface = interfaceOf(flow);
    const itemInputs = items.map((item, index) => inputsForItem(item, index, iface, p));
    const results: unknown[] = new Array<unknown>(items.length);
    let next = 0;
    let done = 0;
    let reportedPercent = -1;
    // An object, not a `let`: the workers set it, which the compiler cannot see after the await.
    const outcome: { failure?: { index: number; error: unknown } } = {};
    // Workers take the next index until the list or a failure ends them; in-flight siblings are
    // awaited, so no sub-flow outlives the node.
    const worker = async () => {
      while (outcome.failure === undefined && next < items.length && !signal.aborted) {
        const index = next++;
        try {
          results[index] = resultOf(await runFlow(p.file, itemInputs[index]!), iface);
        } catch (error) {
          outcome.failure ??= { index, error };
          return;
        }
        done++;
        // At most one progress event per percent: a long list would otherwise send one per item.
        const percent = Math.floor((done * 100) / items.length);
        if (percent !== reportedPercent) {
          reportedPercent = percent;
          emitProgress({ progress: done, total: items.length });
        }
      }
    };
    const workers = Math.min(p.concurrency ?? DEFAULT_MAP_CONCURRENCY, items.length);
    await Promise.all(Array.from({ length: workers }, worker));
    signal.throwIfAborted();
    const { failure } = outcome;
    if (failure !== undefined) {
      const reason = failure.error instanceof Error ? failure.error.message : String(failure.error);
      throw new Error(`item ${failure.index} failed: ${reason}`);
    }
    return { results };
  },
});
