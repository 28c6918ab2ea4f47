// The worker thread that runs code.js snippets (quickjs-evaluate.ts), one job at a time, so a snippet
// never blocks the thread that runs the flow and can be stopped at any instant by ending the worker.
import { parentPort } from 'node:worker_threads';
import { evaluateInQuickJs, quickJs, SandboxError, type SandboxJob } from './quickjs-evaluate';
import type { SandboxReply } from './sandbox-messages';

const port = parentPort;
if (port) {
  quickJs().then(
    () => port.postMessage({ type: 'ready' } satisfies SandboxReply),
    (error: unknown) =>
      port.postMessage({ type: 'failed', message: `QuickJS could not be loaded: ${String(error)}` } satisfies SandboxReply),
  );
  port.on('message', (job: SandboxJob) => {
    const send = (reply: SandboxReply) => port.postMessage(reply);
    evaluateInQuickJs(job, (line) => send({ type: 'log', line })).then(
      (value) => send({ type: 'done', value }),
      (error: unknown) =>
        send({
          type: 'failed',
          message: error instanceof Error ? error.message : String(error),
          ...(error instanceof SandboxError && error.line !== undefined ? { line: error.line } : {}),
        }),
    );
  });
}
