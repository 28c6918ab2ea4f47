// Parses and validates a flow document the way the CLI does, with the workspace's MCP servers and
// the secrets this editor knows of, so the Problems panel, the canvas and a run agree.
import * as vscode from 'vscode';
import { FlowError, parseFlow, serversUsedBy, validateFlow, type Diagnostic, type Flow, type FlowDocument } from '../../engine';
import type { SecretStorageStore } from '../secrets/secret-storage-store';
import type { WorkspaceMcp } from '../mcp/workspace-mcp';

export interface FlowProblemAt {
  severity: 'error' | 'warning';
  message: string;
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
 * (trusted workspaces only) so their tools can be checked; otherwise whatever is already known is used.
 */
export async function checkFlowDocument(document: vscode.TextDocument, services: FlowCheckServices, connectServers = true, parsed?: FlowDocument): Promise<FlowCheck> {
  const version = document.version;
  let flow: Flow;
  try {
    // `parsed`: the model of this version that the canvases already read, so the text is parsed once.
    flow = parsed ? parsed.requireFlow() : parseFlow(document.getText(), document.uri.fsPath);
  } catch (error) {
    if (!(error instanceof FlowError)) throw error;
    const problems = error.problems.map((p) => ({ severity: 'error' as const, message: p.message, offset: p.position?.offset ?? 0, length: p.position?.length ?? 0 }));
    return { version, problems, readOnlyReason: readOnlyReasonOf(error) };
  }
  const pool = await services.mcp.poolFor(document.uri);
  const servers = serversUsedBy(flow.nodes);
  if (pool && connectServers && servers.length > 0) await pool.prepare(servers);
  const references = {
    isSet: (kind: 'secret' | 'env', name: string) => (kind === 'secret' ? services.secrets.has(name) : process.env[name] !== undefined),
    severity: 'warning' as const,
  };
  const diagnostics = validateFlow(flow, undefined, { file: document.uri.fsPath, mcp: pool, references });
  return { version, flow, problems: diagnostics.map(toProblem) };
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
    message: d.message,
    ...(d.nodeId ? { nodeId: d.nodeId } : {}),
    ...(d.edgeId ? { edgeId: d.edgeId } : {}),
    offset: d.offset ?? 0,
    length: d.length ?? 0,
  };
}
