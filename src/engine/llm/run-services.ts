// What components get from whoever runs the flow: models only the host has (the editor's own
// `vscode.lm`), the approval prompt for destructive tools, the person who answers questions, and
// the chat session of this run.
import type { EmbeddingModel, LanguageModel } from 'ai';
import type { HumanInput } from '../ask/human-input';
import type { McpSampling } from '../ask/sampling';
import type { ChatTurn } from './chat-session-store';

/**
 * A model source the host plugs in, e.g. the VS Code extension wrapping `vscode.lm` as provider
 * `vscode`. It hands out AI SDK models, so streaming and tool calling work the same as for cloud models.
 */
export interface ModelProvider {
  /** The `provider` param value this answers to, e.g. 'vscode'. */
  readonly id: string;
  languageModel(modelId: string): LanguageModel;
  embeddingModel?(modelId: string): EmbeddingModel;
}

/** A tool call that needs the user's consent because its server marks it destructive. */
export interface ToolApprovalRequest {
  nodeId: string;
  /** MCP server name, or the flow file for a flow used as a tool. */
  source: string;
  tool: string;
  args: unknown;
  reason: string;
}

/** Asks the user; resolves true only on an explicit yes. The host shows a dialog, the CLI asks on the terminal. */
export interface ApprovalPrompt {
  approve(request: ToolApprovalRequest): Promise<boolean>;
}

export interface AiRunServices {
  modelProviders: readonly ModelProvider[];
  /** Absent: destructive tools are refused (the model is told so). */
  approval: ApprovalPrompt | undefined;
  /** Absent: input.ask and MCP elicitation requests fail, saying nobody can answer. */
  humanInput: HumanInput | undefined;
  /** Absent: MCP servers' sampling requests are refused. */
  mcpSampling?: McpSampling;
  /** Present when the run belongs to a chat session: input.chat reads history, output.chat records the turn. */
  chat: ChatTurn | undefined;
}

export const noAiServices: AiRunServices = { modelProviders: [], approval: undefined, humanInput: undefined, chat: undefined };
