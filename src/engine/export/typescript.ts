// Export a flow as a standalone TypeScript program that runs it with the engine library (the
// `flowstudio` package): the nodes as readable object literals, the flow's inputs as command-line
// options, and the output and exit codes of `flowstudio run`.
import * as path from 'node:path';
import { coreRegistry } from '../components/core';
import type { ComponentRegistry } from '../components/registry';
import { flowInterface, type FlowInterfacePort } from '../flow/interface';
import type { Flow, FlowEdge } from '../flow/schema';
import { serversUsedBy } from '../mcp/access';
import { commentText, identifierFor, stringLiteral, valueLiteral } from './ts-literal';
import { importsSource, PROGRAM_NAMES, runnerSource } from './typescript-runner';

export interface TypeScriptExportOptions {
  /** The flow file's name (`greet.flow.json`): the program resolves sub-flows and files beside it, as the flow did. */
  flowFileName: string;
  /** The program's own file name, for the usage line in its header (default: the flow's name with `.ts`). */
  programFileName?: string;
  registry?: ComponentRegistry;
}

/** Option names the program itself takes; an input with one of these names gets `--input-NAME`. */
const PROGRAM_OPTIONS = new Set(['help', 'h', 'json', 'inputs-json', 'allow-secret', 'allow-root', 'mcp-config']);

export function exportFlowToTypeScript(flow: Flow, options: TypeScriptExportOptions): string {
  const registry = options.registry ?? coreRegistry();
  const flowFileName = path.basename(options.flowFileName);
  const programFileName = path.basename(options.programFileName ?? `${flowFileName.replace(/\.flow\.json$|\.json$/, '')}.ts`);
  const iface = flowInterface(flow, registry);
  const servers = serversUsedBy(flow.nodes);
  const usesMcp = servers.length > 0;
  const inputs = inputOptionsOf(iface.inputs);

  const taken = new Set(PROGRAM_NAMES);
  const nodeNames = flow.nodes.map((node) => identifierFor(node.id, taken));
  const sections = [
    header(flow, flowFileName, programFileName, inputs),
    importsSource({ usesMcp }),
    `// The flow, node by node. Params hold values only: {{secret:NAME}} and {{env:NAME}} are read from the\n` +
      `// environment when the flow runs, and a secret is sent only where --allow-secret or its provider allows.\n` +
      flow.nodes.map((node, i) => `const ${nodeNames[i]!}: FlowNode = ${valueLiteral(node)};`).join('\n\n'),
    flowConstant(flow, nodeNames),
    `/** The file the flow was exported from: sub-flows and files resolve from its folder, now this program's. */\n` +
      `const flowFileName = ${stringLiteral(flowFileName)};`,
    inputsTable(inputs),
    `/** The flow's outputs, in the order they are printed. */\nconst outputNames: string[] = ${valueLiteral(iface.outputs.map((o) => o.name))};`,
    ...(usesMcp ? [`/** The MCP servers the flow's nodes name. */\nconst mcpServers: string[] = ${valueLiteral(servers)};`] : []),
    runnerSource({ usesMcp }),
  ];
  return `${sections.join('\n\n').trimEnd()}\n`;
}

interface InputOptionSpec {
  option: string;
  input: string;
  kind: 'text' | 'number' | 'json';
  required: boolean;
  help: string;
}

/** One option per input: `--NAME` when NAME makes a plain option that is not the program's own, else `--input-SLUG`. */
function inputOptionsOf(ports: FlowInterfacePort[]): InputOptionSpec[] {
  const used = new Set(PROGRAM_OPTIONS);
  return ports.map((port) => {
    const isPlain = /^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(port.name) && !used.has(port.name);
    let option = port.name;
    if (!isPlain) {
      const slug = port.name.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '') || 'value';
      option = `input-${slug}`;
      for (let n = 2; used.has(option); n++) option = `input-${slug}-${n}`;
    }
    used.add(option);
    const type = port.schema.type;
    const kind = type === 'string' ? 'text' : type === 'number' ? 'number' : 'json';
    const choices = Array.isArray(port.schema.enum) ? ` (one of: ${port.schema.enum.map(String).join(', ')})` : '';
    return { option, input: port.name, kind, required: port.required === true, help: `${port.description ?? ''}${choices}`.trim() };
  });
}

function header(flow: Flow, flowFileName: string, programFileName: string, inputs: InputOptionSpec[]): string {
  const lines = [
    `${commentText(programFileName)}: runs the flow '${commentText(flow.name)}' from ${commentText(flowFileName)} with the FlowStudio engine.`,
    ...(flow.description ? [commentText(flow.description, 300)] : []),
    '',
    'Written by `flowstudio export --to ts`. It needs the `flowstudio` package and a TypeScript runner:',
    `  npx tsx ${commentText(programFileName)}${inputs.map(usageWord).join('')} [--json]`,
    'Exit codes as `flowstudio run`: 0 success, 1 the run failed, 2 bad usage or a flow that cannot run.',
    'Secrets come from environment variables, never from this file. Destructive MCP tools an agent asks for are',
    'refused and input.ask nodes fail here, as nobody is asked: run the flow with `flowstudio run` for those.',
  ];
  return lines.map((line) => (line === '' ? '//' : `// ${line}`)).join('\n');
}

/** ` --person TEXT`, or ` [--count NUMBER]` for an optional input. */
function usageWord(input: InputOptionSpec): string {
  const word = `--${commentText(input.option)} ${input.kind.toUpperCase()}`;
  return input.required ? ` ${word}` : ` [${word}]`;
}

function flowConstant(flow: Flow, nodeNames: string[]): string {
  // What the run reads; canvas-only fields (viewport, notes, groups) stay in the flow file.
  const fields = [
    `version: ${valueLiteral(flow.version)}`,
    `name: ${stringLiteral(flow.name)}`,
    ...(flow.description !== undefined ? [`description: ${stringLiteral(flow.description)}`] : []),
    `nodes: [${nodeNames.join(', ')}]`,
    `edges: ${edgesLiteral(flow.edges)}`,
  ];
  return `const flow: Flow = {\n${fields.map((field) => `  ${field},`).join('\n')}\n};`;
}

function edgesLiteral(edges: FlowEdge[]): string {
  if (edges.length === 0) return '[]';
  return `[\n${edges.map((edge) => `    ${valueLiteral(edge, '    ')},`).join('\n')}\n  ]`;
}

function inputsTable(inputs: InputOptionSpec[]): string {
  const rows = inputs.map((input) => {
    const fields = [
      `option: ${stringLiteral(input.option)}`,
      `input: ${stringLiteral(input.input)}`,
      `kind: ${stringLiteral(input.kind)}`,
      `required: ${String(input.required)}`,
      `help: ${stringLiteral(input.help)}`,
    ];
    return `  { ${fields.join(', ')} },`;
  });
  const body = rows.length > 0 ? `[\n${rows.join('\n')}\n]` : '[]';
  return `/** The flow's inputs, one command-line option each. */\nconst inputOptions: InputOption[] = ${body};`;
}
