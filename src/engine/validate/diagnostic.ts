// A validation finding, placed by node/edge id and, when the flow came from text, by line and column.
import type { JsonPath } from '../flow/source';

export type DiagnosticSeverity = 'error' | 'warning';

export type DiagnosticCode =
  | 'duplicate-id'
  | 'unknown-type'
  | 'invalid-params'
  | 'unresolved-ports'
  | 'missing-node'
  | 'missing-port'
  | 'incompatible-ports'
  | 'cycle'
  | 'subflow-cycle'
  | 'missing-input'
  | 'duplicate-name'
  | 'unreachable-output'
  | 'invalid-arguments'
  | 'suspicious-tool'
  | 'mcp-unavailable'
  | 'missing-secret'
  | 'unknown-group-node';

export interface Diagnostic {
  severity: DiagnosticSeverity;
  code: DiagnosticCode;
  message: string;
  nodeId?: string;
  edgeId?: string;
  /** Where in the flow JSON the problem is, e.g. ['edges', 2, 'targetHandle']. */
  path: JsonPath;
  file?: string;
  /** 1-based; present when the flow was parsed from text. */
  line?: number;
  column?: number;
  offset?: number;
  length?: number;
}

export function formatDiagnostic(d: Diagnostic): string {
  const where = `${d.file ?? '<flow>'}${d.line !== undefined ? `:${d.line}:${d.column}` : ''}`;
  return `${where}: ${d.severity}: ${d.message}`;
}
