// `flowstudio run FILE`: runs a flow, streaming tokens on a terminal; `--json` prints one result object.
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import {
  createCoreRegistry,
  flowInterface,
  Redactor,
  rootsOfFolders,
  runFlow,
  runResultJson,
  type FlowInterfacePort,
  type RunEvent,
  type RunResult,
} from '../../engine';
import { terminalApproval } from '../approval';
import { parseAnswers, terminalHumanInput } from '../human-input';
import { terminalSampling } from '../sampling';
import { loadCheckedFlow } from '../load-flow';
import { LazyMcpPool } from '../mcp-setup';
import { createProgressPrinter } from '../progress';
import { allowSecretOption, secretPolicyFromFlags } from '../secret-options';
import { EXIT_OK, EXIT_RUN_FAILED, UsageError } from '../usage';

export async function runCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCliArgs(args);
  if (positionals.length !== 1) throw new UsageError('run needs exactly one flow file: flowstudio run FILE [--input NAME=VALUE]...');
  const file = positionals[0]!;
  const showServerLogs = values.progress === true || process.stderr.isTTY === true;
  // The run's redactor also masks what MCP servers log: a server may print an argument it was sent.
  const redactor = new Redactor();
  // Servers may work in what the flow may touch: its folder and every --allow-root.
  const roots = rootsOfFolders([path.dirname(path.resolve(file)), ...(values['allow-root'] ?? []).map((root) => path.resolve(root))]);
  const mcpPool = new LazyMcpPool({
    configFile: values['mcp-config'],
    allowSecret: values['allow-secret'],
    roots: () => roots,
    onLog: showServerLogs ? (server, line) => process.stderr.write(`  [${server}] ${redactor.redactText(line)}\n`) : undefined,
  });
  try {
    return await runLoaded(file, values, mcpPool, redactor);
  } finally {
    await mcpPool.close();
  }
}

async function runLoaded(
  file: string,
  values: ReturnType<typeof parseCliArgs>['values'],
  mcpPool: LazyMcpPool,
  redactor: Redactor,
): Promise<number> {
  const { flow, diagnostics, mcp } = await loadCheckedFlow(file, mcpPool);
  const registry = createCoreRegistry();
  const iface = flowInterface(flow, registry);
  const inputs = collectInputs(iface.inputs, values.input ?? [], values['inputs-json']);
  const secretPolicy = secretPolicyFromFlags(values['allow-secret']);
  const answers = parseAnswers(values.answers);

  const isJson = values.json === true;
  const showProgress = values.progress === true || process.stderr.isTTY === true;
  const streamTokens = !isJson && process.stdout.isTTY === true;
  if (showProgress) for (const d of diagnostics) process.stderr.write(`${d.file}:${d.line}:${d.column}: ${d.severity}: ${d.message}\n`);

  const controller = new AbortController();
  const onSigint = () => controller.abort(new Error('interrupted (Ctrl+C)'));
  process.once('SIGINT', onSigint);
  const progress = showProgress ? createProgressPrinter(flow, process.stderr) : undefined;
  let streamed = '';
  const handle = runFlow(flow, {
    inputs,
    registry,
    file: path.resolve(file),
    files: { roots: (values['allow-root'] ?? []).map((root) => path.resolve(root)) },
    mcp,
    secretPolicy,
    redactor,
    approval: terminalApproval({ isPreApproved: values.yes === true, input: process.stdin, output: process.stderr }),
    humanInput: terminalHumanInput({ answers, flow, input: process.stdin, output: process.stderr }),
    mcpSampling: terminalSampling({ flow, allowedServers: values['allow-sampling'] ?? [], input: process.stdin, output: process.stderr }),
    signal: controller.signal,
    recordEvents: false,
    onEvent: (event: RunEvent) => {
      progress?.(event);
      if (streamTokens && event.type === 'node.token') {
        process.stdout.write(event.token);
        streamed += event.token;
      }
    },
  });
  const result = await handle.result;
  process.removeListener('SIGINT', onSigint);

  if (isJson) {
    process.stdout.write(`${JSON.stringify(runResultJson(result))}\n`);
  } else {
    if (streamed !== '') process.stdout.write('\n');
    // A chat reply already streamed to the terminal is not printed a second time.
    const outputNames = Object.keys(result.outputs);
    const isOnlyTheStreamedText = outputNames.length === 1 && result.outputs[outputNames[0]!] === streamed;
    if (!isOnlyTheStreamedText) printOutputs(result, iface.outputs);
    if (result.status !== 'ok') {
      const where = result.error?.nodeId ? ` at node '${result.error.nodeId}'` : '';
      process.stderr.write(
        `flowstudio: run ${result.status === 'cancelled' ? 'cancelled' : 'failed'}${where}: ${result.error?.message ?? ''}\n`,
      );
    }
  }
  return result.status === 'ok' ? EXIT_OK : EXIT_RUN_FAILED;
}

function parseCliArgs(args: string[]) {
  try {
    return parseArgs({
      args,
      allowPositionals: true,
      options: {
        input: { type: 'string', multiple: true, short: 'i' },
        'inputs-json': { type: 'string' },
        json: { type: 'boolean' },
        progress: { type: 'boolean' },
        'mcp-config': { type: 'string' },
        yes: { type: 'boolean', short: 'y' },
        'allow-root': { type: 'string', multiple: true },
        answers: { type: 'string' },
        'allow-sampling': { type: 'string', multiple: true },
        ...allowSecretOption,
      },
    });
  } catch (error) {
    throw new UsageError(`run: ${(error as Error).message}`);
  }
}

/** Builds the inputs object from --inputs-json and --input NAME=VALUE, converting each to its declared type. */
export function collectInputs(ports: FlowInterfacePort[], pairs: string[], json: string | undefined): Record<string, unknown> {
  const byName = new Map(ports.map((p) => [p.name, p]));
  const known = () => (ports.length ? ports.map((p) => p.name).join(', ') : 'none');
  // No prototype: a `__proto__` key from --inputs-json stays an own (unknown) input instead of a prototype.
  const inputs = Object.create(null) as Record<string, unknown>;
  if (json !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(json);
    } catch (error) {
      throw new UsageError(`--inputs-json is not valid JSON: ${(error as Error).message}`);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      throw new UsageError('--inputs-json must be a JSON object of input names to values');
    Object.assign(inputs, parsed);
  }
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`--input expects NAME=VALUE, got '${pair}'`);
    const name = pair.slice(0, eq);
    const port = byName.get(name);
    if (!port) throw new UsageError(`--input ${name}: this flow has no input '${name}'; its inputs are: ${known()}`);
    inputs[name] = convertInput(port, pair.slice(eq + 1));
  }
  for (const name of Object.keys(inputs)) {
    if (!byName.has(name)) throw new UsageError(`input '${name}': this flow has no such input; its inputs are: ${known()}`);
  }
  for (const port of ports) {
    if (port.required && inputs[port.name] === undefined) {
      throw new UsageError(
        `missing required input '${port.name}'${port.description ? ` (${port.description})` : ''}: pass --input ${port.name}=VALUE`,
      );
    }
  }
  return inputs;
}

function convertInput(port: FlowInterfacePort, raw: string): unknown {
  const type = port.schema.type;
  if (type === 'number') {
    const value = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(value)) throw new UsageError(`--input ${port.name}: expected a number, got '${raw}'`);
    return value;
  }
  if (type === 'string') return raw;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    throw new UsageError(`--input ${port.name}: expected a JSON value, got '${raw}' (quote strings: ${port.name}='"text"')`);
  }
}

function printOutputs(result: RunResult, ports: FlowInterfacePort[]): void {
  const names = ports.map((p) => p.name).filter((name) => name in result.outputs);
  const format = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value, null, 2));
  if (names.length === 1) {
    process.stdout.write(`${format(result.outputs[names[0]!])}\n`);
    return;
  }
  for (const name of names) process.stdout.write(`${name}: ${format(result.outputs[name])}\n`);
}
