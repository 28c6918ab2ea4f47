// The one JSON shape of a finished run that `flowstudio run --json` and exported programs print:
// scripts parse it, so both must print the same.
import type { RunResult } from './events';

export interface RunResultJson {
  status: 'ok' | 'error';
  outputs: Record<string, unknown>;
  durationMs: number;
  nodes: { run: number; skipped: number };
  error?: { nodeId: string | null; message: string };
}

export function runResultJson(result: RunResult): RunResultJson {
  return {
    status: result.status === 'ok' ? 'ok' : 'error',
    outputs: result.outputs,
    durationMs: Math.round(result.durationMs * 1000) / 1000,
    nodes: { run: result.nodes.run, skipped: result.nodes.skipped },
    ...(result.error ? { error: { nodeId: result.error.nodeId ?? null, message: result.error.message } } : {}),
  };
}
