// `code.js`: a little JavaScript in a flow, run in a QuickJS sandbox with time and memory limits. The
// connected values arrive as the list `input`; what the code returns (as JSON) is the output.
import * as z from 'zod';
import { defineComponent } from '../define-component';
import { wrapBody } from './code-body';
import { runInSandbox } from './quickjs-sandbox';
import { Script } from 'node:vm';

export const DEFAULT_CODE_TIMEOUT_MS = 5_000;
const MAX_CODE_TIMEOUT_MS = 30_000;
/**
 * The heap each run may use: ample for reshaping JSON, too small to hurt the host. QuickJS collects
 * garbage more often as a heap nears its cap, so a larger cap makes a memory bomb slower to end.
 */
export const CODE_MEMORY_BYTES = 32 * 1024 * 1024;
const MAX_CODE_CHARS = 100_000;

/**
 * A syntax error in the code, with its line, for the Problems panel. The host's parser only compiles
 * the text here (a Script is never run); the sandbox's own parser decides at run time.
 */
export function syntaxProblem(code: string): { line: number | undefined; message: string } | undefined {
  try {
    new Script(wrapBody(code), { filename: 'code.js' });
    return undefined;
  } catch (error) {
    if (!(error instanceof SyntaxError)) return undefined;
    const line = /^code\.js:(\d+)/.exec(error.stack ?? '')?.[1];
    const lineNumber = line === undefined ? undefined : Number(line);
    const isInCode = lineNumber !== undefined && lineNumber <= code.split('\n').length;
    return { line: isInCode ? lineNumber : undefined, message: error.message };
  }
}

export const codeJs = defineComponent({
  id: 'code.js',
  category: 'data',
  title: 'JavaScript',
  description:
    'Runs a JavaScript function body in a sandbox (no require, files, network or process). ' +
    'The connected values are the list `input`; `return` gives the output as JSON.',
  icon: 'code',
  params: z.object({
    code: z
      .string()
      .min(1)
      .max(MAX_CODE_CHARS)
      .describe('A function body: `input` is the list of connected values, in edge order; return the result'),
    timeoutMs: z
      .number()
      .int()
      .min(1)
      .max(MAX_CODE_TIMEOUT_MS)
      .optional()
      .describe(`Most time the code may run, in ms (default ${DEFAULT_CODE_TIMEOUT_MS})`),
  }),
  inputs: [{ name: 'input', type: 'any', many: true, description: 'Each connected value, as input[0], input[1], …' }],
  outputs: [
    { name: 'value', type: 'json', description: 'What the code returned' },
    { name: 'error', type: 'text', description: 'Why the code failed, when connected' },
  ],
  errorOutput: 'error',
  check: (p) => {
    const problem = syntaxProblem(p.code);
    if (!problem) return [];
    const where = problem.line !== undefined ? `line ${problem.line}` : 'at the end of the code';
    return [
      { severity: 'error', code: 'invalid-params', message: `code has a syntax error, ${where}: ${problem.message}`, path: ['code'] },
    ];
  },
  run: async ({ params, inputs, signal, emit }) => {
    const value = await runInSandbox({
      code: params.code,
      input: Array.isArray(inputs.input) ? inputs.input : [],
      timeoutMs: params.timeoutMs ?? DEFAULT_CODE_TIMEOUT_MS,
      memoryBytes: CODE_MEMORY_BYTES,
      signal,
      log: (line) => emit(`${line}\n`),
    });
    return { value };
  },
});
