// `flow.run`: runs another flow file as one node; its inputs and outputs become this node's ports.
import * as z from 'zod';
import { defineComponent, type PortContext, type PortSpec } from '../define-component';
import { flowInterface } from '../../flow/interface';

function childInterface(file: string, context: PortContext) {
  const { flow } = context.loadFlow(file);
  return flowInterface(flow, context.registry);
}

export const runSubflow = defineComponent({
  id: 'flow.run',
  category: 'flow',
  title: 'Run Flow',
  description: 'Runs another flow file; its inputs and outputs become this node’s ports.',
  icon: 'symbol-method',
  params: z.object({ file: z.string().min(1).describe('Flow file, relative to this flow') }),
  inputs: (p, context): PortSpec[] =>
    childInterface(p.file, context).inputs.map((i) => ({
      name: i.name,
      type: i.portType,
      required: i.required ?? false,
      description: i.description,
    })),
  outputs: (p, context): PortSpec[] =>
    childInterface(p.file, context).outputs.map((o) => ({ name: o.name, type: o.portType, description: o.description })),
  cacheable: false,
  run: ({ params, inputs, runFlow }) => runFlow(params.file, inputs),
});
