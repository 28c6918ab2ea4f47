// Approval of destructive tool calls in the terminal: ask on a TTY, allow everything with --yes,
// and otherwise give the engine no prompt at all, so such calls are refused.
import { createInterface } from 'node:readline/promises';
import { terminalSafe, type ApprovalPrompt, type ToolApprovalRequest } from '../engine';

export interface TerminalApprovalOptions {
  /** --yes: the user approved every destructive call up front. */
  isPreApproved: boolean;
  input: NodeJS.ReadStream;
  output: NodeJS.WriteStream;
}

export function terminalApproval(options: TerminalApprovalOptions): ApprovalPrompt | undefined {
  if (options.isPreApproved) {
    return {
      approve: async (request) => {
        options.output.write(`  ! allowed by --yes: ${describe(request)}\n`);
        return true;
      },
    };
  }
  if (!options.input.isTTY) return undefined;
  // One question at a time, even when an agent calls several tools at once.
  let queue: Promise<unknown> = Promise.resolve();
  const ask = async (request: ToolApprovalRequest): Promise<boolean> => {
    const rl = createInterface({ input: options.input, output: options.output });
    try {
      const answer = await rl.question(`  ? ${describe(request)}\n    ${terminalSafe(request.reason)}. Allow it? [y/N] `);
      return /^y(es)?$/i.test(answer.trim());
    } finally {
      rl.close();
    }
  };
  return {
    approve: (request) => {
      const answer = queue.then(() => ask(request));
      queue = answer.catch(() => undefined);
      return answer;
    },
  };
}

/**
 * The arguments arrive masked by the run's redactor; the model chose them and the server named the
 * tool, so escapes, bidi overrides and other controls are stripped before they reach the terminal.
 */
function describe(request: ToolApprovalRequest): string {
  const args = JSON.stringify(request.args) ?? 'nothing';
  return terminalSafe(
    `node '${request.nodeId}' wants to call ${request.source}/${request.tool} with ${args.length > 200 ? `${args.slice(0, 200)}...` : args}`,
  );
}
