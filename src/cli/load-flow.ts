// Reading a flow file for a command: parse errors and validation errors become exit code 2 with
// every problem printed as file:line:col.
import * as path from 'node:path';
import {
  FlowError,
  FlowFileReadError,
  formatDiagnostic,
  parseFlow,
  readFlowFileText,
  serversUsedBy,
  validateFlow,
  type Diagnostic,
  type Flow,
  type McpConnectionPool,
} from '../engine';
import { configuredServersOnly, notConnectedReason, type LazyMcpPool } from './mcp-setup';
import { UsageError } from './usage';

export interface CheckedFlow {
  file: string;
  flow: Flow;
  diagnostics: Diagnostic[];
  /** The MCP servers the flow uses, connected and listed, when it has MCP nodes. */
  mcp?: McpConnectionPool;
}

/** Parses and validates; throws UsageError listing the problems when the file cannot be used. */
export async function loadCheckedFlow(file: string, mcp: LazyMcpPool): Promise<CheckedFlow> {
  const checked = await checkFlowFile(file, mcp, 'run');
  if (!checked.flow) throw new UsageError(checked.messages.join('\n'));
  const errors = checked.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) {
    throw new UsageError(
      `${errors.map(formatDiagnostic).join('\n')}\n` +
        `${file}: the flow has ${errors.length} error${errors.length === 1 ? '' : 's'}; fix ${errors.length === 1 ? 'it' : 'them'} before running`,
    );
  }
  return { file: checked.file, flow: checked.flow, diagnostics: checked.diagnostics, mcp: checked.mcp };
}

export interface FileCheck {
  file: string;
  flow?: Flow;
  diagnostics: Diagnostic[];
  /** Printable lines: parse problems or formatted diagnostics. */
  messages: string[];
  hasErrors: boolean;
  mcp?: McpConnectionPool;
  /** Configured servers the flow uses whose tools were not checked, because none was started. */
  uncheckedServers: string[];
}

/**
 * `purpose` 'run' makes an unset secret or env reference an error and starts the flow's MCP servers to
 * check their tools; 'check' (validate) warns about references and starts servers only with `connect`.
 */
export async function checkFlowFile(
  file: string,
  mcp: LazyMcpPool,
  purpose: 'run' | 'check' = 'check',
  connect = purpose === 'run',
): Promise<FileCheck> {
  let text: string;
  try {
    // Refuses a pipe, a device or an oversized file before reading: `validate /dev/zero` ends at once.
    text = await readFlowFileText(file);
  } catch (error) {
    if (!(error instanceof FlowFileReadError)) throw error;
    return { file, diagnostics: [], messages: [error.message], hasErrors: true, uncheckedServers: [] };
  }
  let flow: Flow;
  try {
    flow = parseFlow(text, file);
  } catch (error) {
    if (error instanceof FlowError)
      return { file, diagnostics: [], messages: error.message.split('\n'), hasErrors: true, uncheckedServers: [] };
    throw error;
  }
  const servers = serversUsedBy(flow.nodes);
  let pool: McpConnectionPool | undefined;
  if (servers.length > 0) {
    pool = await mcp.get(path.dirname(path.resolve(file)));
    if (connect) await pool.prepare(servers);
  }
  const catalog = pool && !connect ? configuredServersOnly(pool) : pool;
  // The CLI's secret store is the environment, so both kinds of reference resolve from it.
  const references = {
    isSet: (_kind: 'secret' | 'env', name: string) => process.env[name] !== undefined,
    severity: purpose === 'run' ? ('error' as const) : ('warning' as const),
  };
  // A run from the command line has neither the editor's model nor a calling MCP client's.
  const hostModelProviders = purpose === 'run' ? [] : undefined;
  const all = validateFlow(flow, undefined, { file: path.resolve(file), mcp: catalog, references, hostModelProviders }).map((d) => ({
    ...d,
    file,
  }));
  // A node whose ports need an unstarted server's tools is not wrong, only unchecked: the caller says so once.
  const diagnostics = all.filter((d) => !d.message.includes(notConnectedReason));
  const uncheckedServers = connect ? [] : servers.filter((s) => pool?.hasServer(s));
  return {
    file,
    flow,
    diagnostics,
    messages: diagnostics.map(formatDiagnostic),
    hasErrors: diagnostics.some((d) => d.severity === 'error'),
    mcp: pool,
    uncheckedServers,
  };
}
