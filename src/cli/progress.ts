// Per-node progress lines on stderr while a flow runs in a terminal.
import type { Flow, RunEvent } from '../engine';

export function createProgressPrinter(flow: Flow, out: NodeJS.WritableStream): (event: RunEvent) => void {
  const types = new Map(flow.nodes.map((n) => [n.id, n.type]));
  const label = (id: string) => `${id} (${types.get(id) ?? '?'})`;
  return (event) => {
    switch (event.type) {
      case 'node.output':
        out.write(`  ✓ ${label(event.nodeId)} ${event.cached ? 'cached' : `${event.durationMs.toFixed(1)} ms`}\n`);
        break;
      case 'node.progress':
        out.write(
          `  … ${label(event.nodeId)} ${event.total ? `${event.progress}/${event.total}` : event.progress}${event.message ? ` ${event.message}` : ''}\n`,
        );
        break;
      case 'node.tool-call':
        out.write(`  → ${label(event.nodeId)} calls ${event.source}/${event.tool} ${JSON.stringify(event.args)}\n`);
        break;
      case 'node.model-call':
        out.write(
          `  · ${label(event.nodeId)} ${event.provider}/${event.model}: ${event.usage.inputTokens ?? '?'} tokens in, ${event.usage.outputTokens ?? '?'} out, ${event.latencyMs.toFixed(0)} ms\n`,
        );
        break;
      case 'node.skip':
        out.write(`  - ${label(event.nodeId)} skipped: ${event.reason}\n`);
        break;
      case 'node.error':
        out.write(
          `  ✗ ${label(event.nodeId)} ${event.willRetry ? `attempt ${event.attempt} failed, retrying` : 'failed'}: ${event.message}\n`,
        );
        break;
      case 'run.end':
        out.write(
          `${event.status === 'ok' ? 'done' : event.status} in ${event.durationMs.toFixed(1)} ms (${event.nodes.run} run, ${event.nodes.skipped} skipped)\n`,
        );
        break;
      default:
        break;
    }
  };
}
