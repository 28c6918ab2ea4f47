// The one event type of a run. The webview, the CLI and MCP progress notifications all consume it.

export type RunStatus = 'ok' | 'error' | 'cancelled';

export interface RunError {
  nodeId?: string;
  message: string;
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
    | { type: 'node.progress'; nodeId: string; progress: number; total?: number; message?: string }
    | { type: 'node.output'; nodeId: string; outputs: Record<string, unknown>; durationMs: number; cached: boolean }
    | { type: 'node.skip'; nodeId: string; reason: string }
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
