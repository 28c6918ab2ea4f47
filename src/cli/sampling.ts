// MCP servers' sampling requests on the command line: the flow's configured model answers, only
// after a yes for each request on a terminal, or for servers named with --allow-sampling; without
// either the request is refused. The request is shown stripped of terminal controls.
import { createInterface } from 'node:readline/promises';
import { approvedSampling, flowModelForSampling, terminalSafe, type Flow, type McpSampling, type SamplingRequest } from '../engine';

export interface TerminalSamplingOptions {
  flow: Flow;
  /** --allow-sampling: servers the user allowed up front. */
  allowedServers: readonly string[];
  input: NodeJS.ReadStream;
  output: NodeJS.WriteStream;
}

export function terminalSampling(options: TerminalSamplingOptions): McpSampling {
  // One question at a time, as for approvals.
  let queue: Promise<unknown> = Promise.resolve();
  const ask = async (request: SamplingRequest, signal: AbortSignal): Promise<boolean> => {
    if (options.allowedServers.includes(request.server)) {
      options.output.write(
        `  ! sampling allowed by --allow-sampling: MCP server '${terminalSafe(request.server)}' uses the flow's model\n`,
      );
      return true;
    }
    if (!options.input.isTTY)
      throw new Error(
        `stdin is not a terminal, so nobody can approve it: pass --allow-sampling ${request.server} to let this server use the flow's model`,
      );
    options.output.write(`\n${describe(request)}\n`);
    const rl = createInterface({ input: options.input, output: options.output });
    try {
      return /^y(es)?$/i.test((await rl.question("    Let it use the flow's model? [y/N] ", { signal })).trim());
    } finally {
      rl.close();
    }
  };
  return approvedSampling({
    approve: (request, signal) => {
      const answer = queue.then(() => ask(request, signal));
      queue = answer.catch(() => undefined);
      return answer;
    },
    model: () => flowModelForSampling(options.flow, []),
  });
}

function describe(request: SamplingRequest): string {
  const who = `MCP server '${request.server}'${request.nodeId ? ` (node '${request.nodeId}')` : ''}`;
  const lines = [`  ? ${who} asks the flow's model for a completion of at most ${request.maxTokens} tokens; it reads the reply.`];
  if (request.systemPrompt) lines.push(`    system: ${clip(request.systemPrompt)}`);
  for (const message of request.messages) lines.push(`    ${message.role}: ${clip(message.text)}`);
  return terminalSafe(lines.join('\n'));
}

function clip(text: string): string {
  return text.length > 500 ? `${text.slice(0, 500)}...` : text;
}
