// The host side of the code.js sandbox: posts each snippet to a worker thread running QuickJS and
// ends the worker when the snippet overruns its time (a native call such as a huge Array.fill is not
// interrupted by QuickJS's own deadline) or the run is cancelled. Idle workers are kept for the next
// snippet, since loading the WebAssembly module costs far more than a run.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { SandboxJob } from './quickjs-evaluate';
import type { SandboxReply } from './sandbox-messages';

export interface SandboxRun extends SandboxJob {
  signal: AbortSignal;
  /** What `console.log` prints, line by line. */
  log(line: string): void;
}

export class CodeError extends Error {
  constructor(
    message: string,
    /** The line of the user's code the error points at, when known. */
    readonly line?: number,
  ) {
    super(message);
  }
}

/** Time past the deadline QuickJS gets to report the overrun itself before its worker is ended. */
const GRACE_MS = 250;
const MAX_IDLE_WORKERS = 2;
/** Loading the WebAssembly interpreter in a new worker; generous for a loaded machine. */
const STARTUP_LIMIT_MS = 30_000;
/** The worker's own V8 heap (messages, the module's glue); QuickJS's heap is capped separately. */
const WORKER_HEAP_MB = 64;

const idle: Worker[] = [];

// Bundled, the worker is dist/code-sandbox.js beside the bundle. Run from sources (the tests), it is the
// .ts file here, which the worker loads through tsx as the tests do.
function newWorker(): Worker {
  const resourceLimits = { maxOldGenerationSizeMb: WORKER_HEAP_MB };
  const bundled = path.join(__dirname, 'code-sandbox.js');
  if (existsSync(bundled)) return new Worker(bundled, { resourceLimits });
  const tsx = createRequire(__filename).resolve('tsx/cjs');
  const source = path.join(__dirname, 'sandbox-worker.ts');
  return new Worker(`require(${JSON.stringify(tsx)}); require(${JSON.stringify(source)});`, { eval: true, resourceLimits });
}

/** A worker whose interpreter is loaded: an idle one, or a new one once it says it is ready. */
function readyWorker(signal: AbortSignal): Promise<Worker> {
  const kept = idle.pop();
  if (kept) {
    kept.ref();
    return Promise.resolve(kept);
  }
  const worker = newWorker();
  return new Promise<Worker>((resolve, reject) => {
    const fail = (error: Error) => {
      cleanUp();
      worker.removeAllListeners();
      void worker.terminate();
      reject(error);
    };
    const onMessage = (reply: SandboxReply) => {
      if (reply.type === 'ready') {
        cleanUp();
        resolve(worker);
      } else if (reply.type === 'failed') fail(new CodeError(`the JavaScript sandbox could not start: ${reply.message}`));
    };
    const onError = (error: Error) => fail(new CodeError(`the JavaScript sandbox could not start: ${error.message}`));
    const onExit = (code: number) => fail(new CodeError(`the JavaScript sandbox could not start (exit code ${code})`));
    const onAbort = () => fail(signal.reason instanceof Error ? signal.reason : new Error('the run was cancelled'));
    const timer = setTimeout(
      () => fail(new CodeError(`the JavaScript sandbox did not start within ${STARTUP_LIMIT_MS / 1000} s`)),
      STARTUP_LIMIT_MS,
    );
    const cleanUp = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

function returnWorker(worker: Worker): void {
  worker.removeAllListeners('message');
  worker.removeAllListeners('error');
  worker.removeAllListeners('exit');
  if (idle.length >= MAX_IDLE_WORKERS) {
    void worker.terminate();
    return;
  }
  // An idle worker must not keep a CLI run's process alive.
  worker.unref();
  idle.push(worker);
}

export async function runInSandbox(run: SandboxRun): Promise<unknown> {
  run.signal.throwIfAborted();
  const worker = await readyWorker(run.signal);
  return new Promise<unknown>((resolve, reject) => {
    let isSettled = false;
    const settle = (keepWorker: boolean, outcome: () => void) => {
      if (isSettled) return;
      isSettled = true;
      clearTimeout(timer);
      run.signal.removeEventListener('abort', onAbort);
      if (keepWorker) returnWorker(worker);
      else {
        worker.removeAllListeners();
        void worker.terminate();
      }
      outcome();
    };
    const onAbort = () =>
      settle(false, () => reject(run.signal.reason instanceof Error ? run.signal.reason : new Error('the run was cancelled')));
    const timer = setTimeout(
      () =>
        settle(false, () =>
          reject(new CodeError(`the code did not finish within ${run.timeoutMs} ms (params.timeoutMs); look for a loop that never ends`)),
        ),
      run.timeoutMs + GRACE_MS,
    );
    run.signal.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (reply: SandboxReply) => {
      if (reply.type === 'ready') return;
      if (reply.type === 'log') run.log(reply.line);
      else if (reply.type === 'done') settle(true, () => resolve(reply.value));
      else settle(true, () => reject(new CodeError(reply.message, reply.line)));
    });
    worker.on('error', (error) => settle(false, () => reject(new CodeError(`the JavaScript sandbox failed: ${error.message}`))));
    worker.on('exit', (code) =>
      settle(false, () => reject(new CodeError(`the JavaScript sandbox stopped unexpectedly (exit code ${code})`))),
    );
    const job: SandboxJob = { code: run.code, input: run.input, timeoutMs: run.timeoutMs, memoryBytes: run.memoryBytes };
    worker.postMessage(job);
  });
}
