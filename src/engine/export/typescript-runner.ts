// The part of an exported TypeScript program that is the same for every flow: reading the command
// line, checking the flow, running it and printing what `flowstudio run` prints, with its exit codes.
// It is source text here; the export tests compile it (tsc, strict) and run it.

/** Top-level names the program declares or imports; node constants must not take them. */
export const PROGRAM_NAMES = [
  'path',
  'existsSync',
  'parseArgs',
  'ParseArgsConfig',
  'commandLinePolicy',
  'createCoreRegistry',
  'formatDiagnostic',
  'McpConnectionPool',
  'parseSecretBinding',
  'rootsOfFolders',
  'runFlow',
  'runResultJson',
  'terminalSafe',
  'validateFlow',
  'Flow',
  'FlowNode',
  'RunResult',
  'flow',
  'flowFileName',
  'inputOptions',
  'outputNames',
  'mcpServers',
  'InputOption',
  'CommandLine',
  'EXIT_OK',
  'EXIT_RUN_FAILED',
  'EXIT_INVALID',
  'UsageError',
  'programName',
  'main',
  'parseCommandLine',
  'inputsFrom',
  'valueOf',
  'bindingOf',
  'stringOf',
  'stringsOf',
  'printResult',
  'printOutputs',
  'usage',
  'openMcpServers',
  'workspaceFolderOf',
];

export interface RunnerShape {
  /** The flow has mcp.* nodes: the program opens the servers they name. */
  usesMcp: boolean;
}

export function importsSource({ usesMcp }: RunnerShape): string {
  const engineNames = [
    'commandLinePolicy',
    'createCoreRegistry',
    'formatDiagnostic',
    ...(usesMcp ? ['McpConnectionPool'] : []),
    'parseSecretBinding',
    ...(usesMcp ? ['rootsOfFolders'] : []),
    'runFlow',
    'runResultJson',
    'terminalSafe',
    'validateFlow',
    'type Flow',
    'type FlowNode',
    'type RunResult',
  ];
  return [
    ...(usesMcp ? ["import { existsSync } from 'node:fs';"] : []),
    "import * as path from 'node:path';",
    "import { parseArgs, type ParseArgsConfig } from 'node:util';",
    `import {\n${engineNames.map((name) => `  ${name},`).join('\n')}\n} from 'flowstudio';`,
  ].join('\n');
}

export function runnerSource({ usesMcp }: RunnerShape): string {
  const mcpOption = usesMcp ? `\n    'mcp-config': { type: 'string' },` : '';
  const openMcp = usesMcp ? `\n  const mcp = await openMcpServers(here, stringOf(commandLine['mcp-config']), roots);` : '';
  const mcpField = usesMcp ? '\n    mcp,' : '';
  const tryOpen = usesMcp ? '\n  try {' : '';
  const tryClose = usesMcp ? '\n  } finally {\n    await mcp.close();\n  }' : '';
  // With MCP the body sits in a try block, one level deeper.
  const body = indentBy(usesMcp ? '  ' : '', runBody(mcpField));
  const mcpFunctions = usesMcp ? `\n\n${MCP_FUNCTIONS}` : '';
  const mcpUsage = usesMcp
    ? `\n    '  --mcp-config FILE         MCP servers from FILE instead of .vscode/mcp.json or .cursor/mcp.json',`
    : '';
  return `${PREAMBLE}

async function main(args: string[]): Promise<number> {
  const commandLine = parseCommandLine(args);
  if (commandLine.help === true) {
    process.stdout.write(usage());
    return EXIT_OK;
  }
  const inputs = inputsFrom(commandLine);
  // Secrets go only to the known providers' endpoints unless --allow-secret NAME=ORIGIN binds one elsewhere.
  const secretPolicy = commandLinePolicy(stringsOf(commandLine['allow-secret']).map(bindingOf));
  // Sub-flows and files resolve from this program's folder, as they did from the flow file's.
  const here = path.dirname(path.resolve(process.argv[1] ?? '.'));
  const file = path.join(here, flowFileName);
  const roots = stringsOf(commandLine['allow-root']).map((root) => path.resolve(root));
  const registry = createCoreRegistry();${openMcp}${tryOpen}
${body}${tryClose}
}

function parseCommandLine(args: string[]): CommandLine {
  const options: NonNullable<ParseArgsConfig['options']> = {
    help: { type: 'boolean', short: 'h' },
    json: { type: 'boolean' },
    'inputs-json': { type: 'string' },
    'allow-secret': { type: 'string', multiple: true },
    'allow-root': { type: 'string', multiple: true },${mcpOption}
  };
  for (const input of inputOptions) options[input.option] = { type: 'string' };
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new UsageError(\`\${(error as Error).message}\\n\\n\${usage()}\`);
  }
}

/** The inputs object from --inputs-json and the input options, each converted to its declared type. */
function inputsFrom(commandLine: CommandLine): Record<string, unknown> {
  // No prototype: a \`__proto__\` key from --inputs-json stays an own (unknown) input.
  const inputs = Object.create(null) as Record<string, unknown>;
  const known = () => inputOptions.map((input) => input.input).join(', ') || 'none';
  const json = stringOf(commandLine['inputs-json']);
  if (json !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(json);
    } catch (error) {
      throw new UsageError(\`--inputs-json is not valid JSON: \${(error as Error).message}\`);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      throw new UsageError('--inputs-json must be a JSON object of input names to values');
    Object.assign(inputs, parsed);
    for (const name of Object.keys(inputs)) {
      if (!inputOptions.some((input) => input.input === name))
        throw new UsageError(\`input '\${name}': this flow has no such input; its inputs are: \${known()}\`);
    }
  }
  for (const input of inputOptions) {
    const raw = stringOf(commandLine[input.option]);
    if (raw !== undefined) inputs[input.input] = valueOf(input, raw);
    else if (input.required && inputs[input.input] === undefined)
      throw new UsageError(\`missing required input '\${input.input}'\${input.help ? \` (\${input.help})\` : ''}: pass --\${input.option} VALUE\`);
  }
  return inputs;
}

function valueOf(input: InputOption, raw: string): unknown {
  if (input.kind === 'text') return raw;
  if (input.kind === 'number') {
    const value = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(value)) throw new UsageError(\`--\${input.option}: expected a number, got '\${raw}'\`);
    return value;
  }
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    throw new UsageError(\`--\${input.option}: expected a JSON value, got '\${raw}' (quote strings: --\${input.option} '"text"')\`);
  }
}

function bindingOf(text: string): { name: string; destination: string } {
  try {
    return parseSecretBinding(text);
  } catch (error) {
    throw new UsageError(\`--allow-secret: \${(error as Error).message}\`);
  }
}

function stringOf(value: CommandLine[string]): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function stringsOf(value: CommandLine[string]): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

function printResult(result: RunResult, streamed: string): void {
  if (streamed !== '') process.stdout.write('\\n');
  // A reply already streamed to the terminal is not printed a second time.
  const names = Object.keys(result.outputs);
  const isOnlyTheStreamedText = names.length === 1 && result.outputs[names[0] ?? ''] === streamed;
  if (!isOnlyTheStreamedText) printOutputs(result.outputs);
  if (result.status !== 'ok') {
    const where = result.error?.nodeId ? \` at node '\${result.error.nodeId}'\` : '';
    const what = result.status === 'cancelled' ? 'cancelled' : 'failed';
    process.stderr.write(\`\${programName}: run \${what}\${where}: \${result.error?.message ?? ''}\\n\`);
  }
}

/** One output prints as its value alone; several as NAME: VALUE lines, in the flow's order. */
function printOutputs(outputs: Record<string, unknown>): void {
  const names = outputNames.filter((name) => name in outputs);
  const format = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value, null, 2));
  if (names.length === 1) {
    process.stdout.write(\`\${format(outputs[names[0] ?? ''])}\\n\`);
    return;
  }
  for (const name of names) process.stdout.write(\`\${name}: \${format(outputs[name])}\\n\`);
}

function usage(): string {
  const placeholder = { text: 'TEXT', number: 'NUMBER', json: 'JSON' } as const;
  const inputLines = inputOptions.map((input) => {
    const option = \`--\${input.option} \${placeholder[input.kind]}\`.padEnd(24);
    return \`  \${option}  \${input.required ? '(required) ' : ''}\${terminalSafe(input.help)}\`;
  });
  return [
    \`Usage: \${programName} [options]\`,
    '',
    \`Runs the flow '\${terminalSafe(flow.name)}' and prints its outputs. Exit 0 on success, 1 if the run failed, 2 for bad usage.\`,
    '',
    'Inputs:',
    ...(inputLines.length > 0 ? inputLines : ['  (none)']),
    '',
    'Options:',
    '  --inputs-json JSON        all inputs as one JSON object',
    '  --json                    print one JSON object: status, outputs, durationMs, nodes, error',
    '  --allow-secret NAME=ORIGIN  send secret NAME to ORIGIN too (repeatable)',
    '  --allow-root DIR          let the flow read and write files in DIR too (repeatable)',${mcpUsage}
    '  -h, --help                show this help',
    '',
  ].join('\\n');
}${mcpFunctions}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(\`\${programName}: \${error instanceof Error ? error.message : String(error)}\\n\`);
    // As \`flowstudio run\`: bad usage, an invalid flow and any unexpected failure before the run all exit 2.
    process.exitCode = EXIT_INVALID;
  },
);
`;
}

const PREAMBLE = `interface InputOption {
  /** The command-line option: --option VALUE. */
  option: string;
  /** The flow input it sets. */
  input: string;
  /** How the text given is read: as is, as a number, or as JSON. */
  kind: 'text' | 'number' | 'json';
  required: boolean;
  help: string;
}

type CommandLine = ReturnType<typeof parseArgs>['values'];

const EXIT_OK = 0;
const EXIT_RUN_FAILED = 1;
const EXIT_INVALID = 2;

/** Bad usage or an invalid flow: the message goes to stderr and the program exits with 2. */
class UsageError extends Error {}

const programName = path.basename(process.argv[1] ?? 'flow');`;

function runBody(mcpField: string): string {
  return `  // As \`flowstudio run\` does, a flow that cannot run (an unknown component, an unset secret) does not start.
  const errors = validateFlow(flow, registry, {
    file,${mcpField}
    references: { isSet: (_kind, name) => process.env[name] !== undefined, severity: 'error' },
    hostModelProviders: [],
  }).filter((diagnostic) => diagnostic.severity === 'error');
  if (errors.length > 0) throw new UsageError(errors.map(formatDiagnostic).join('\\n'));

  const isJson = commandLine.json === true;
  const streamTokens = !isJson && process.stdout.isTTY === true;
  const controller = new AbortController();
  const onSigint = () => controller.abort(new Error('interrupted (Ctrl+C)'));
  process.once('SIGINT', onSigint);
  let streamed = '';
  const handle = runFlow(flow, {
    inputs,
    registry,
    file,
    files: { roots },${mcpField}
    secretPolicy,
    signal: controller.signal,
    recordEvents: false,
    onEvent: (event) => {
      if (streamTokens && event.type === 'node.token') {
        process.stdout.write(event.token);
        streamed += event.token;
      }
    },
  });
  const result = await handle.result;
  process.removeListener('SIGINT', onSigint);
  if (isJson) process.stdout.write(\`\${JSON.stringify(runResultJson(result))}\\n\`);
  else printResult(result, streamed);
  return result.status === 'ok' ? EXIT_OK : EXIT_RUN_FAILED;`;
}

const MCP_FUNCTIONS = `/** Starts the MCP servers the flow uses, as configured in --mcp-config or the workspace's mcp.json. */
async function openMcpServers(here: string, configFile: string | undefined, roots: string[]): Promise<McpConnectionPool> {
  const pool = await McpConnectionPool.fromWorkspace(
    { workspaceFolder: workspaceFolderOf(here), configFile },
    {
      // \`\${input:api-token}\` in a server definition is read from FLOWSTUDIO_INPUT_API_TOKEN.
      resolveInput: async (input) => process.env[\`FLOWSTUDIO_INPUT_\${input.id.toUpperCase().replace(/[^A-Z0-9]/g, '_')}\`],
      // Servers may work in what the flow may touch: this folder and every --allow-root.
      roots: () => rootsOfFolders([here, ...roots]),
    },
  );
  for (const problem of pool.problems) process.stderr.write(\`\${programName}: \${problem}\\n\`);
  await pool.prepare(mcpServers);
  return pool;
}

/** The nearest folder at or above \`start\` holding .vscode/mcp.json, .cursor/mcp.json or .git; else \`start\`. */
function workspaceFolderOf(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const markers = [path.join(dir, '.vscode', 'mcp.json'), path.join(dir, '.cursor', 'mcp.json'), path.join(dir, '.git')];
    if (markers.some((marker) => existsSync(marker))) return dir;
    if (path.dirname(dir) === dir) return start;
  }
}`;

function indentBy(prefix: string, text: string): string {
  if (prefix === '') return text;
  return text
    .split('\n')
    .map((line) => (line === '' ? line : prefix + line))
    .join('\n');
}
