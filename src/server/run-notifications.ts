// A served run's node events as MCP notifications: progress (one step per node finished or skipped)
// when the caller passed a progress token, log messages when the session set a log level. Node
// outputs never go into either: only node ids, event kinds and (already redacted) error messages.
import type { LoggingLevel, Notification, ProgressToken } from '@modelcontextprotocol/server';
import type { RunEvent } from '../engine/executor/events';

export type SendNotification = (notification: Notification) => Promise<void>;

const SEVERITY: readonly LoggingLevel[] = ['debug', 'info', 'notice', 'warning', 'error', 'critical', 'alert', 'emergency'];

export interface RunNotificationOptions {
  flowName: string;
  nodeCount: number;
  progressToken: ProgressToken | undefined;
  /** The lowest level the session asked for; undefined: it asked for no log messages. */
  logLevel: LoggingLevel | undefined;
  send: SendNotification;
}

/** An onEvent for runFlow, or undefined when nobody listens (then the executor builds no events at all). */
export function runNotifier(options: RunNotificationOptions): ((event: RunEvent) => void) | undefined {
  const { progressToken, logLevel, send, nodeCount, flowName } = options;
  if (progressToken === undefined && logLevel === undefined) return undefined;
  const minimum = logLevel === undefined ? Infinity : SEVERITY.indexOf(logLevel);
  const notify = (notification: Notification) => void send(notification).catch(() => undefined);
  let done = 0;
  return (event) => {
    if (progressToken !== undefined && (event.type === 'node.output' || event.type === 'node.skip')) {
      done++;
      const message = event.type === 'node.output' ? `${event.nodeId} done` : `${event.nodeId} skipped`;
      notify({ method: 'notifications/progress', params: { progressToken, progress: done, total: nodeCount, message } });
    }
    const entry = logEntryOf(event, flowName);
    if (entry && SEVERITY.indexOf(entry.level) >= minimum) {
      notify({ method: 'notifications/message', params: { level: entry.level, logger: 'flowstudio', data: entry.data } });
    }
  };
}

function logEntryOf(event: RunEvent, flow: string): { level: LoggingLevel; data: Record<string, unknown> } | undefined {
  switch (event.type) {
    case 'run.start':
      return { level: 'info', data: { event: event.type, flow, message: `flow '${flow}' started` } };
    case 'node.start':
      return { level: 'debug', data: { event: event.type, flow, nodeId: event.nodeId, message: `node '${event.nodeId}' started` } };
    case 'node.output':
      return { level: 'info', data: { event: event.type, flow, nodeId: event.nodeId, message: `node '${event.nodeId}' done` } };
    case 'node.skip':
      return { level: 'debug', data: { event: event.type, flow, nodeId: event.nodeId, message: `node '${event.nodeId}' skipped` } };
    case 'node.error':
      return {
        level: 'error',
        data: { event: event.type, flow, nodeId: event.nodeId, message: `node '${event.nodeId}' failed: ${event.message}` },
      };
    case 'run.end':
      return {
        level: event.status === 'ok' ? 'info' : 'warning',
        data: { event: event.type, flow, message: `flow '${flow}' ended: ${event.status}` },
      };
    default:
      return undefined;
  }
}
