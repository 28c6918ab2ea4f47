// One Output-channel line per run event worth reading; tokens are left out (they arrive per word).
// MCP messages get their own lines, which the channel shows only at the Trace log level.
import { withoutMediaBytes, type RunEvent } from '../../engine';

const maxValueLength = 500;

export function describeEvent(event: RunEvent): string | undefined {
  switch (event.type) {
    case 'run.start':
      return `run ${event.runId.slice(0, 8)} started: ${event.flow}, ${event.nodeCount} nodes`;
    case 'node.start':
      return `${event.nodeId}: started${event.attempt > 1 ? ` (attempt ${event.attempt})` : ''}`;
    case 'node.output':
      return `${event.nodeId}: done in ${event.durationMs.toFixed(1)} ms${event.cached ? ' (cached)' : ''}`;
    case 'node.progress':
      // Only a task's status changes: other progress can arrive many times a second.
      return event.taskStatus ? `${event.nodeId}: ${event.message ?? `task ${event.taskStatus}`}` : undefined;
    case 'node.skip':
      return `${event.nodeId}: skipped (${event.reason})`;
    case 'node.error':
      return `${event.nodeId}: ${event.handled ? 'error routed to its error output' : 'failed'}: ${event.message}${event.willRetry ? ' (retrying)' : ''}`;
    case 'run.paused':
      return `paused${event.nodeId ? ` before ${event.nodeId}` : ''} (${event.reason})`;
    case 'run.resumed':
      return 'resumed';
    case 'run.end':
      return event.status === 'ok'
        ? `run ended ok in ${event.durationMs.toFixed(1)} ms: ${clip(JSON.stringify(withoutMediaBytes(event.outputs)))}`
        : `run ended ${event.status}${event.error ? `: ${event.error.nodeId ? `${event.error.nodeId}: ` : ''}${event.error.message}` : ''}`;
    default:
      return undefined;
  }
}

/** The trace-level line of one MCP message: `sum → everything tools/call #3 {...}`. */
export function describeMcpMessage(event: Extract<RunEvent, { type: 'node.mcp-message' }>): string {
  const arrow = event.direction === 'sent' ? '→' : '←';
  const id = event.id === undefined ? '' : ` #${event.id}`;
  const payload = typeof event.payload === 'string' ? event.payload : (JSON.stringify(event.payload) ?? 'null');
  return `${event.nodeId} ${arrow} ${event.server} ${event.method}${id} ${clip(payload)}${event.truncated ? ' (truncated)' : ''}`;
}

function clip(text: string): string {
  return text.length > maxValueLength ? `${text.slice(0, maxValueLength)}…` : text;
}
