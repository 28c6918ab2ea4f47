// `mcp.tool`: calls one tool of an MCP server; its inputs are the tool's arguments.
import { Ajv, type ValidateFunction } from 'ajv';
import * as z from 'zod';
import type { McpTaskPreference, McpToolInfo } from '../../mcp/access';
import { findToolPoisoning } from '../../mcp/tool-poisoning';
import { textOf } from '../../ports/port-types';
import { defineComponent, type ComponentProblem, type PortSpec } from '../define-component';
import { findTool, portsOfInputSchema } from './lookup';
import { resultParts } from './result-parts';

// Made on first use: in the extension, ajv comes with the MCP SDK from a bundle loaded only then.
let ajv: Ajv | undefined;
// Compiled once per schema object: a connection keeps its tool list until the server changes it.
const compiledSchemas = new WeakMap<object, ValidateFunction>();

function validatorOf(schema: object): ValidateFunction {
  let validate = compiledSchemas.get(schema);
  if (!validate) compiledSchemas.set(schema, (validate = (ajv ??= new Ajv({ strict: false, allErrors: true })).compile(schema)));
  return validate;
}

function describeErrors(validate: ValidateFunction): string {
  return (validate.errors ?? []).map((e) => `${e.instancePath || 'value'} ${e.message ?? 'is invalid'}`).join('; ');
}

export const mcpTool = defineComponent({
  id: 'mcp.tool',
  category: 'mcp',
  title: 'MCP Tool',
  description:
    'Calls a tool of an MCP server. Each argument of the tool is an input; `arguments` fixes some of them. ' +
    'Besides its text, a result may hold images, audio and resources: `image` and `audio` carry the first of each ' +
    '(left out when there is none), `resources` the resources it links to or embeds, `content` every block.',
  icon: 'tools',
  params: z.object({
    server: z.string().min(1).describe('Server name from .vscode/mcp.json or .cursor/mcp.json'),
    tool: z.string().min(1).describe('Tool name'),
    arguments: z.record(z.string(), z.unknown()).optional().describe('Fixed argument values'),
    task: z
      .enum(['auto', 'always', 'never'])
      .optional()
      .describe('Run the call as an MCP task: auto when the tool requires it, always when the tool allows it, never'),
  }),
  inputs: (p, context): PortSpec[] => portsOfInputSchema(findTool(context, p.server, p.tool).inputSchema, p.arguments),
  outputs: [
    { name: 'result', type: 'json', description: 'structuredContent, or the content blocks' },
    { name: 'text', type: 'text', description: 'The text content' },
    { name: 'content', type: 'json', description: 'Every content block: text, image, audio, resource_link, resource' },
    { name: 'image', type: 'media', description: 'The first image (its bytes kept up to 5 MB); left out when there is none' },
    { name: 'audio', type: 'media', description: 'The first audio clip (its bytes kept up to 5 MB); left out when there is none' },
    {
      name: 'resources',
      type: 'json',
      description: 'Resources the result links to or embeds: [{kind, uri, name?, mimeType?, text?, file?}]',
    },
  ],
  cacheable: false,
  check: (p, context) => {
    const problems: ComponentProblem[] = [];
    const tool = findTool(context, p.server, p.tool);
    if (p.arguments && Object.keys(p.arguments).length > 0) {
      // Only the fixed arguments are known before the run: check them against their own property schemas.
      const properties = (tool.inputSchema.properties ?? {}) as Record<string, object>;
      for (const [name, value] of Object.entries(p.arguments)) {
        const schema = properties[name];
        if (!schema) {
          problems.push({
            severity: 'error',
            code: 'invalid-arguments',
            message: `tool '${p.tool}' has no argument '${name}'`,
            path: ['arguments', name],
          });
          continue;
        }
        const validate = validatorOf(schema);
        if (!validate(value)) {
          problems.push({
            severity: 'error',
            code: 'invalid-arguments',
            message: `argument '${name}' does not fit the tool's schema: ${describeErrors(validate)}`,
            path: ['arguments', name],
          });
        }
      }
    }
    const taskProblem = taskSettingProblem(p.task, tool.taskSupport);
    if (taskProblem) problems.push({ severity: 'error', code: 'invalid-params', message: taskProblem, path: ['task'] });
    for (const finding of findToolPoisoning(tool)) {
      problems.push({
        severity: 'warning',
        code: 'suspicious-tool',
        message: `tool '${finding.tool}' ${finding.reason} (in its ${finding.where}); read it before trusting this server`,
      });
    }
    return problems;
  },
  run: async ({ params, inputs, mcp, signal, emitProgress, emitMcpMessage }) => {
    if (!mcp) throw new Error('this run has no MCP servers; run it from the editor or pass --mcp-config');
    const args: Record<string, unknown> = { ...params.arguments };
    for (const [name, value] of Object.entries(inputs)) if (value !== undefined) args[name] = value;
    // The executor does not run checks, and wired inputs are only known now: check the whole call
    // here so a bad value is reported as ours, naming the argument, instead of as a server error.
    const tool = mcp.toolsOf(params.server)?.find((t) => t.name === params.tool);
    if (tool) {
      const validate = validatorOf(tool.inputSchema);
      if (!validate(args)) {
        throw new Error(
          `the arguments for tool '${params.tool}' on '${params.server}' do not fit its inputSchema: ${describeErrors(validate)}; ` +
            "fix the node's arguments or the values wired into it",
        );
      }
    }
    const result = await mcp.callTool(params.server, params.tool, args, {
      signal,
      onProgress: emitProgress,
      onMessage: emitMcpMessage,
      ...(params.task ? { task: params.task } : {}),
    });
    if (result.isError)
      throw new Error(`tool '${params.tool}' on '${params.server}' reported an error: ${result.text || textOf(result.value)}`);
    const parts = resultParts(result.content);
    return {
      // The content as kept: a result never holds more media bytes than the limits allow, whichever output reads it.
      result: result.isStructured ? result.value : parts.content,
      text: result.text,
      content: parts.content,
      resources: parts.resources,
      ...(parts.images[0] ? { image: parts.images[0] } : {}),
      ...(parts.audio[0] ? { audio: parts.audio[0] } : {}),
    };
  },
});

/** Why the node's task setting cannot work with this tool, if it cannot. */
function taskSettingProblem(setting: McpTaskPreference | undefined, support: McpToolInfo['taskSupport']): string | undefined {
  if (setting === 'never' && support === 'required') return 'this tool runs only as a task; set task to auto or always';
  if (setting === 'always' && support !== 'required' && support !== 'optional') return 'this tool cannot run as a task; set task to auto';
  return undefined;
}
