// The one event type of a run. The webview, the CLI and MCP progress notifications all consume it.
import type { McpMessage, McpTaskStatus } from '../mcp/access';

export type RunStatus = 'ok' | 'error' | 'cancelled';

export interface RunError {
  nodeId?: string;
  message: string;
}

/**
 * Detail a node reports while it runs: each model call with its usage, each tool call and result,
 * and each JSON-RPC message of its MCP calls (`t` of that event is when the message crossed the transport).
 */
export type NodeDetail =
  | {
      type: 'node.model-call';
      provider: string;
      model: string;
      usage: ModelUsage;
      latencyMs: number;
      timeToFirstTokenMs?: number;
      step: number;
    }
  | { type: 'node.tool-call'; toolCallId: string; tool: string; source: string; args: unknown }
  | { type: 'node.tool-result'; toolCallId: string; tool: string; source: string; result: unknown; isError: boolean; approved?: boolean }
  | ({ type: 'node.mcp-message' } & McpMessage);

export interface ModelUsage {
  inputTokens?: number;
  outputTokens?: number;
}

export interface NodeCounts {
  run: number;
  skipped: number;
  cached: number;
}

interface EventBase {
  runId: string;
  /** Milliseconds on a monotonic clock (performance.now()). */
  t: number;
}

export type RunEvent = EventBase &
  (
    | { type: 'run.start'; flow: string; nodeCount: number }
    | { type: 'node.start'; nodeId: string; inputs: Record<string, unknown>; attempt: number }
    | { type: 'node.token'; nodeId: string; token: string }
    | { type: 'node.progress'; nodeId: string; progress: number; total?: number; message?: string; taskStatus?: McpTaskStatus }
    | { type: 'node.output'; nodeId: string; outputs: Record<string, unknown>; durationMs: number; cached: boolean }
    | { type: 'node.skip'; nodeId: string; reason: string }
    | (NodeDetail & { nodeId: string })
    | { type: 'node.error'; nodeId: string; message: string; attempt: number; willRetry: boolean; handled: boolean }
    | { type: 'run.paused'; nodeId?: string; inputs?: Record<string, unknown>; reason: 'breakpoint' | 'step' | 'pause' }
    | { type: 'run.resumed' }
    | { type: 'run.end'; status: RunStatus; outputs: Record<string, unknown>; durationMs: number; nodes: NodeCounts; error?: RunError }
  );

export type RunEventType = RunEvent['type'];

export interface RunResult {
  runId: string;
  status: RunStatus;
  /** Flow outputs by output name. */
  outputs: Record<string, unknown>;
  /** Executor time from run start to end; parsing and process start are not included. */
  durationMs: number;
  nodes: NodeCounts;
  error?: RunError;
}
