// `flow.tool`: offers another flow file to an agent as a tool, its inputs as the tool's arguments.
import * as path from 'node:path';
import * as z from 'zod';
import { flowInterface, inputSchemaOf } from '../../flow/interface';
import { defaultFlowLoader } from '../../flow/loader';
import { makeFlowToolSet } from '../../llm/tool-sets';
import { toolNameFromFlow } from '../../flow/tool-name';
import { defineComponent, type ComponentProblem } from '../define-component';
import { interfaceComponents } from '../interface-components';

export const flowTool = defineComponent({
  id: 'flow.tool',
  category: 'agents',
  title: 'Flow as Tool',
  description: 'Offers another flow to an agent as a tool; the flow description tells the model when to use it.',
  icon: 'symbol-method',
  params: z.object({
    file: z.string().min(1).describe('The flow file, relative to this flow'),
    description: z.string().optional().describe("Replaces the flow's own description for the model"),
  }),
  inputs: [],
  outputs: [{ name: 'tools', type: 'tools' }],
  cacheable: false,
  check: (p, context) => {
    const problems: ComponentProblem[] = [];
    try {
      const loaded = context.loadFlow(p.file);
      if (!p.description && !loaded.flow.description) {
        problems.push({
          severity: 'warning',
          code: 'invalid-params',
          message: `flow ${p.file} has no description, so the model cannot tell when to use it; add one or set params.description`,
          path: ['description'],
        });
      }
    } catch (error) {
      problems.push({
        severity: 'error',
        code: 'invalid-params',
        message: error instanceof Error ? error.message : String(error),
        path: ['file'],
      });
    }
    return problems;
  },
  run: ({ params, files }) => {
    // Checked here, when the set is made: the agent later runs exactly this real path.
    const file = files.flowFilePathSync(params.file);
    const loaded = defaultFlowLoader.load(file, path.dirname(file));
    const iface = flowInterface(loaded.flow, interfaceComponents());
    const set = makeFlowToolSet({
      file: params.file,
      path: loaded.file,
      name: toolNameFromFlow(loaded.flow.name),
      description: params.description ?? loaded.flow.description ?? `Runs the flow '${loaded.flow.name}'`,
      inputSchema: inputSchemaOf(iface),
    });
    return { tools: set };
  },
});
