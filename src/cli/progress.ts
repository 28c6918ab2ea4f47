// Per-node progress lines on stderr while a flow runs in a terminal.
import { terminalSafe, type Flow, type RunEvent } from '../engine';

export function createProgressPrinter(flow: Flow, out: NodeJS.WritableStream): (event: RunEvent) => void {
  const types = new Map(flow.nodes.map((n) => [n.id, n.type]));
  const label = (id: string) => `${id} (${types.get(id) ?? '?'})`;
  // Tool arguments, progress and error messages carry text from models and MCP servers: escapes and
  // other controls in it must not act on the user's terminal.
  const write = (line: string) => out.write(`${terminalSafe(line)}\n`);
  return (event) => {
    switch (event.type) {
      case 'node.output':
        write(`  ✓ ${label(event.nodeId)} ${event.cached ? 'cached' : `${event.durationMs.toFixed(1)} ms`}`);
        break;
      case 'node.progress':
        // A task's status change is a message, not a step: its count would read as a step number.
        if (event.taskStatus) write(`  … ${label(event.nodeId)} ${event.message ?? `task ${event.taskStatus}`}`);
        else
          write(
            `  … ${label(event.nodeId)} ${event.total ? `${event.progress}/${event.total}` : event.progress}${event.message ? ` ${event.message}` : ''}`,
          );
        break;
      case 'node.tool-call':
        write(`  → ${label(event.nodeId)} calls ${event.source}/${event.tool} ${JSON.stringify(event.args)}`);
        break;
      case 'node.model-call':
        write(
          `  · ${label(event.nodeId)} ${event.provider}/${event.model}: ` +
            `${event.usage.inputTokens ?? '?'} tokens in, ${event.usage.outputTokens ?? '?'} out, ${event.latencyMs.toFixed(0)} ms`,
        );
        break;
      case 'node.skip':
        write(`  - ${label(event.nodeId)} skipped: ${event.reason}`);
        break;
      case 'node.error':
        write(`  ✗ ${label(event.nodeId)} ${event.willRetry ? `attempt ${event.attempt} failed, retrying` : 'failed'}: ${event.message}`);
        break;
      case 'run.end':
        write(
          `${event.status === 'ok' ? 'done' : event.status} in ${event.durationMs.toFixed(1)} ms (${event.nodes.run} run, ${event.nodes.skipped} skipped)`,
        );
        break;
      default:
        break;
    }
  };
}
