// The editor's answers to a run's questions: input.ask and servers' elicitation go to the person
// (AskPrompts), a URL opens in the browser after a modal (https only), and sampling uses the editor's
// own model after the person allows it, once or always for that server in this workspace.
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  approvedSampling,
  configuredModelOf,
  type AskRequest,
  type Flow,
  type HumanInput,
  type McpSampling,
  type SamplingRequest,
} from '../../engine';
import { editorModelProvider } from '../models/editor-language-model';
import { quickInputPrompts, type AskPrompts } from './ask-prompts';

const ALWAYS_ALLOWED_KEY = 'flowstudio.sampling.alwaysAllowed';

export class EditorAsking {
  /** What the person sees; replaceable so the extension tests can answer. */
  prompts: AskPrompts = quickInputPrompts;

  constructor(private readonly workspaceState: vscode.Memento) {}

  /** Answers the questions of one run of `flowFile`. */
  humanInputFor(flowFile: string): HumanInput {
    // One question at a time: two quick inputs at once would replace each other.
    let queue: Promise<unknown> = Promise.resolve();
    const ask = async (request: AskRequest, signal: AbortSignal) => {
      signal.throwIfAborted();
      const who = describeAsker(request, flowFile);
      if (request.mode === 'url') {
        const url = vscode.Uri.parse(request.url, true);
        // The engine passes only https URLs on; checked again here, where the browser is opened.
        if (url.scheme !== 'https') return { action: 'decline' as const };
        if (!(await this.prompts.confirmUrl(request.message, url, who))) return { action: 'decline' as const };
        return { action: (await vscode.env.openExternal(url)) ? ('accept' as const) : ('cancel' as const) };
      }
      const cancel = new vscode.CancellationTokenSource();
      const onAbort = () => cancel.cancel();
      signal.addEventListener('abort', onAbort, { once: true });
      try {
        const answer = await this.prompts.fillForm(request, who, cancel.token);
        signal.throwIfAborted();
        return answer;
      } finally {
        signal.removeEventListener('abort', onAbort);
        cancel.dispose();
      }
    };
    return {
      ask: (request, signal) => {
        const answer = queue.then(() => ask(request, signal));
        queue = answer.catch(() => undefined);
        return answer;
      },
    };
  }

  /** Sampling for a run of `flow`: the editor's model named by the flow (a `vscode` model node), else any. */
  samplingFor(flow: Flow, flowFile: string): McpSampling {
    const configured = configuredModelOf(flow);
    const modelId = configured?.provider === 'vscode' ? configured.model : '';
    const modelName = modelId ? `the editor's model ${modelId}` : "the editor's chat model";
    return approvedSampling({
      approve: async (request: SamplingRequest) => {
        if (this.alwaysAllowed().includes(request.server)) return true;
        const decision = await this.prompts.approveSampling(request, describeSampler(request, flowFile), modelName);
        if (decision === 'always') await this.workspaceState.update(ALWAYS_ALLOWED_KEY, [...this.alwaysAllowed(), request.server]);
        return decision !== 'deny';
      },
      model: async () => ({ name: modelId ? `vscode/${modelId}` : 'vscode', model: editorModelProvider.languageModel(modelId) }),
    });
  }

  /** Servers allowed to sample without asking, in this workspace. */
  alwaysAllowed(): string[] {
    return this.workspaceState.get<string[]>(ALWAYS_ALLOWED_KEY, []);
  }

  async forgetSamplingDecisions(): Promise<void> {
    await this.workspaceState.update(ALWAYS_ALLOWED_KEY, undefined);
  }
}

function describeAsker(request: AskRequest, flowFile: string): string {
  const flow = path.basename(request.origin.flowFile ?? flowFile);
  const origin = request.origin;
  if (origin.kind === 'node') return `Node '${origin.nodeId}' of ${flow}`;
  return `MCP server '${origin.server}'${origin.nodeId ? ` (called by node '${origin.nodeId}' of ${flow})` : ` (in a run of ${flow})`}`;
}

function describeSampler(request: SamplingRequest, flowFile: string): string {
  const flow = path.basename(request.flowFile ?? flowFile);
  return `MCP server '${request.server}'${request.nodeId ? ` (called by node '${request.nodeId}' of ${flow})` : ` (in a run of ${flow})`}`;
}
