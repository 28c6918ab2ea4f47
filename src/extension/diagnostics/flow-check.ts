// Parses and validates a flow document the way the CLI does, with the workspace's MCP servers and
// the secrets this editor knows of, so the Problems panel, the canvas and a run agree. Checking never
// starts a server the user has not allowed: such a server's nodes say it needs consent instead.
import * as vscode from 'vscode';
import {
  FlowError,
  parseFlow,
  serversUsedBy,
  validateFlow,
  type Diagnostic,
  type Flow,
  type FlowDocument,
  type McpCatalog,
  type McpConnectionPool,
} from '../../engine';
import type { SecretStorageStore } from '../secrets/secret-storage-store';
import { consentReason } from '../mcp/server-consent';
import type { WorkspaceMcp } from '../mcp/workspace-mcp';

export interface FlowProblemAt {
  severity: 'error' | 'warning';
  code: string;
  message: string;
  /** Where in the flow JSON (the engine's path), for the canvas's inspector. */
  path: (string | number)[];
  nodeId?: string;
  edgeId?: string;
  /** 0-based offsets into the document text. */
  offset: number;
  length: number;
}

export interface FlowCheck {
  version: number;
  flow?: Flow;
  problems: FlowProblemAt[];
  /** Set when the file must not be edited from the canvas (a newer format, or not a flow). */
  readOnlyReason?: string;
}

export interface FlowCheckServices {
  secrets: SecretStorageStore;
  mcp: WorkspaceMcp;
}

/**
 * Checks the document's current text. With `connectServers`, MCP servers the flow names are started
 * so their tools can be checked: only in a trusted workspace, only for a workspace folder's own
 * config, and only servers the user allowed; otherwise whatever is already known is used.
 */
export async function checkFlowDocument(
  document: vscode.TextDocument,
  services: FlowCheckServices,
  connectServers = true,
  parsed?: FlowDocument,
): Promise<FlowCheck> {
  const version = document.version;
  let flow: Flow;
  try {
    // `parsed`: the model of this version that the canvases already read, so the text is parsed once.
    flow = parsed ? parsed.requireFlow() : parseFlow(document.getText(), document.uri.fsPath);
  } catch (error) {
    if (!(error instanceof FlowError)) throw error;
    const problems = error.problems.map((p) => ({
      severity: 'error' as const,
      code: error.code,
      message: p.message,
      path: p.path,
      offset: p.position?.offset ?? 0,
      length: p.position?.length ?? 0,
    }));
    return { version, problems, readOnlyReason: readOnlyReasonOf(error) };
  }
  const servers = serversUsedBy(flow.nodes);
  const folder = services.mcp.folderOf(document.uri);
  let pool: McpConnectionPool | undefined;
  if (servers.length > 0) {
    const outside = vscode.workspace.isTrusted ? services.mcp.outsideWorkspaceReason(folder) : undefined;
    if (outside)
      return {
        version,
        flow,
        problems: [{ severity: 'error', code: 'mcp-outside-workspace', message: outside, path: [], offset: 0, length: 0 }],
      };
    pool = await services.mcp.poolFor(document.uri);
  }
  const consentOf = (server: string) => (pool ? services.mcp.consentOf(folder, server, pool) : 'undecided');
  const allowed = pool ? servers.filter((s) => pool.hasServer(s) && consentOf(s) === 'allowed') : [];
  if (pool && connectServers && allowed.length > 0) await pool.prepare(allowed);
  const references = {
    isSet: (kind: 'secret' | 'env', name: string) => (kind === 'secret' ? services.secrets.has(name) : process.env[name] !== undefined),
    severity: 'warning' as const,
  };
  const reasons = new Set<string>();
  const catalog = pool ? withConsentReasons(pool, consentOf, reasons) : undefined;
  const diagnostics = validateFlow(flow, undefined, { file: document.uri.fsPath, mcp: catalog, references });
  // Waiting for the user's consent is not a mistake in the flow: a warning, which a run asks about.
  const problems = diagnostics
    .map(toProblem)
    .map((p) => ([...reasons].some((r) => p.message.includes(r)) ? { ...p, severity: 'warning' as const } : p));
  return { version, flow, problems };
}

/** The pool as validation sees it, where a server not started for want of consent says so. */
function withConsentReasons(pool: McpConnectionPool, consentOf: (server: string) => string, reasons: Set<string>): McpCatalog {
  return {
    hasServer: (server) => pool.hasServer(server),
    serverNames: () => pool.serverNames(),
    toolsOf: (server) => pool.toolsOf(server),
    promptsOf: (server) => pool.promptsOf(server),
    errorOf: (server) => {
      const state = consentOf(server);
      if (state === 'allowed' || pool.toolsOf(server) || !pool.hasServer(server)) return pool.errorOf(server);
      const reason = consentReason(server, state === 'denied' ? 'denied' : 'undecided');
      reasons.add(reason);
      return reason;
    },
  };
}

/** Why the canvas shows a file it could not parse as a flow without letting it be edited. */
export function readOnlyReasonOf(error: FlowError): string {
  return error.code === 'version'
    ? (error.problems[0]?.message ?? 'the file is from a newer FlowStudio')
    : 'The file is not a valid flow; fix the problems in the text editor (FlowStudio: Open as Text).';
}

function toProblem(d: Diagnostic): FlowProblemAt {
  return {
    severity: d.severity,
    code: d.code,
    message: d.message,
    path: d.path,
    ...(d.nodeId ? { nodeId: d.nodeId } : {}),
    ...(d.edgeId ? { edgeId: d.edgeId } : {}),
    offset: d.offset ?? 0,
    length: d.length ?? 0,
  };
}
