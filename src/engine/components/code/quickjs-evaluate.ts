// Evaluates a snippet of JavaScript in QuickJS compiled to WebAssembly: a separate interpreter with its
// own heap, so the code sees no `require`, `process`, file system or network, only the values passed
// in. Each evaluation gets a fresh runtime with a memory cap, a small stack and a deadline the
// interpreter checks between instructions. This runs inside the sandbox worker (sandbox-worker.ts),
// which the host can terminate when a long native call (a huge Array.fill, say) passes the deadline.
import type { QuickJSContext, QuickJSHandle, QuickJSWASMModule } from 'quickjs-emscripten';
import { wrapBody } from './code-body';

/** One evaluation, as the host posts it to the worker. */
export interface SandboxJob {
  /** The function body the user wrote; `input` is in scope and `return` gives the value. */
  code: string;
  input: unknown;
  timeoutMs: number;
  memoryBytes: number;
}

/** The file name the interpreter gives the code; errors find the user's line by it. */
const FILE_NAME = 'code.js';

// Small enough that QuickJS reports a runaway recursion before the host's own stack runs out (measured:
// 512 KB let the host overflow first and wrecked the module).
const STACK_BYTES = 256 * 1024;
const MAX_LOG_CHARS = 100_000;

export class SandboxError extends Error {
  constructor(
    message: string,
    /** The line of the user's code the error points at, when known. */
    readonly line?: number,
  ) {
    super(message);
  }
}

// One WebAssembly module serves every run (each run has its own runtime and heap inside it). A host
// error from inside the module leaves it unusable, so it is then dropped and the next run makes a new one.
let shared: Promise<QuickJSWASMModule> | undefined;

export async function quickJs(): Promise<QuickJSWASMModule> {
  shared ??= import('quickjs-emscripten').then((q) => q.newQuickJSWASMModule(q.RELEASE_SYNC));
  try {
    return await shared;
  } catch (error) {
    shared = undefined;
    throw error;
  }
}

export async function evaluateInQuickJs(job: SandboxJob, log: (line: string) => void): Promise<unknown> {
  const module = await quickJs();
  const runtime = module.newRuntime();
  let isHealthy = true;
  try {
    runtime.setMemoryLimit(job.memoryBytes);
    runtime.setMaxStackSize(STACK_BYTES);
    const deadline = Date.now() + job.timeoutMs;
    runtime.setInterruptHandler(() => Date.now() > deadline);
    const vm = runtime.newContext();
    try {
      return evaluate(vm, job, log);
    } catch (error) {
      if (!(error instanceof SandboxError)) isHealthy = false;
      throw error;
    } finally {
      if (isHealthy) vm.dispose();
    }
  } catch (error) {
    if (error instanceof SandboxError) throw error;
    isHealthy = false;
    throw new SandboxError(`the JavaScript sandbox failed (${error instanceof Error ? error.message : String(error)})`);
  } finally {
    if (isHealthy) {
      try {
        runtime.dispose();
      } catch {
        isHealthy = false;
      }
    }
    if (!isHealthy) shared = undefined;
  }
}

function evaluate(vm: QuickJSContext, run: SandboxJob, log: (line: string) => void): unknown {
  installGlobals(vm, run, log);
  const source = `globalThis.__result = ${wrapBody(run.code)}.call(undefined, JSON.parse(globalThis.__input));`;
  const evaluated = vm.evalCode(source, FILE_NAME);
  if (evaluated.error) throw describeFailure(vm, evaluated.error, run, 'wrapped');
  evaluated.value.dispose();
  settlePromise(vm, run);
  const json = vm.evalCode('JSON.stringify(globalThis.__result)', FILE_NAME);
  if (json.error) throw describeFailure(vm, json.error, run, 'result');
  try {
    const text: unknown = vm.dump(json.value);
    return typeof text === 'string' ? (JSON.parse(text) as unknown) : null;
  } finally {
    json.value.dispose();
  }
}

/** An async body (or one returning a promise) is run to its end: QuickJS has no timers, so its jobs finish at once. */
function settlePromise(vm: QuickJSContext, run: SandboxJob): void {
  const result = vm.getProp(vm.global, '__result');
  try {
    const state = vm.getPromiseState(result);
    if (state.type === 'fulfilled' && state.notAPromise) return;
    const jobs = vm.runtime.executePendingJobs();
    if (jobs.error) throw describeFailure(vm, jobs.error, run, 'wrapped');
    const settled = vm.getPromiseState(result);
    if (settled.type === 'pending') throw new SandboxError('the code returned a promise that never settles');
    if (settled.type === 'rejected') throw describeFailure(vm, settled.error, run, 'wrapped');
    vm.setProp(vm.global, '__result', settled.value);
    settled.value.dispose();
  } finally {
    result.dispose();
  }
}

function installGlobals(vm: QuickJSContext, run: SandboxJob, emitLine: (line: string) => void): void {
  const input = vm.newString(JSON.stringify(run.input ?? null));
  vm.setProp(vm.global, '__input', input);
  input.dispose();
  let logged = 0;
  const log = vm.newFunction('log', (...args: QuickJSHandle[]) => {
    const line = args.map((arg) => describeLogged(vm.dump(arg))).join(' ');
    if (logged < MAX_LOG_CHARS) emitLine(line.slice(0, MAX_LOG_CHARS - logged));
    logged += line.length;
  });
  const consoleObject = vm.newObject();
  for (const name of ['log', 'info', 'warn', 'error']) vm.setProp(consoleObject, name, log);
  vm.setProp(vm.global, 'console', consoleObject);
  consoleObject.dispose();
  log.dispose();
}

function describeLogged(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

interface DumpedError {
  name?: string;
  message?: string;
  stack?: string;
  lineNumber?: number;
}

function describeFailure(vm: QuickJSContext, handle: QuickJSHandle, run: SandboxJob, phase: 'wrapped' | 'result'): SandboxError {
  const dumped: unknown = vm.dump(handle);
  handle.dispose();
  const error: DumpedError = typeof dumped === 'object' && dumped !== null ? (dumped as DumpedError) : { message: String(dumped) };
  if (error.name === 'InternalError' && error.message === 'interrupted') {
    return new SandboxError(`the code did not finish within ${run.timeoutMs} ms (params.timeoutMs); look for a loop that never ends`);
  }
  // Out of memory, QuickJS may have no room left for an error object and throws null instead.
  if ((error.name === 'InternalError' && error.message === 'out of memory') || dumped === null) {
    return new SandboxError(`the code ran out of memory: it may use at most ${Math.round(run.memoryBytes / (1024 * 1024))} MB`);
  }
  const line = phase === 'wrapped' ? lineOf(error) : undefined;
  const what = `${error.name ?? 'Error'}: ${error.message ?? 'unknown error'}`;
  if (phase === 'result') return new SandboxError(`the returned value cannot be turned into JSON (${what})`);
  // A line past the user's code is the wrapper's closing line: an unclosed brace or string, say.
  const lineCount = run.code.split('\n').length;
  if (line !== undefined && line <= lineCount) return new SandboxError(`line ${line} of the code: ${what}`, line);
  return new SandboxError(`${line !== undefined ? 'at the end of the code' : 'the code failed'}: ${what}`, line);
}

function lineOf(error: DumpedError): number | undefined {
  if (typeof error.lineNumber === 'number') return error.lineNumber;
  const match = /code\.js:(\d+)/.exec(error.stack ?? '');
  return match ? Number(match[1]) : undefined;
}
