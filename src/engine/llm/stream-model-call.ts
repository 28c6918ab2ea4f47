// One streaming model conversation (one or more model calls when tools are involved): tokens go out
// as node tokens as they arrive, each model call reports its usage and latency, each tool call and
// result becomes a run event. Shared by llm.chat and agent.
import type { LanguageModel, ModelMessage, ToolSet, UserContent } from 'ai';
import type { MediaValue } from '../ports/media';
import { loadAiSdk } from './ai-sdk';
import type { ModelUsage, NodeDetail } from '../executor/events';
import type { ChatMessage } from '../ports/port-types';
import { describeModelError, type ModelCallSite } from './model-errors';

export interface ModelConversation {
  site: ModelCallSite;
  model: LanguageModel;
  system?: string;
  messages: ModelMessage[];
  tools?: ToolSet;
  /** Model calls allowed in total (each tool round trip is one more). */
  maxSteps?: number;
  temperature?: number;
  maxTokens?: number;
  signal: AbortSignal;
  emitToken(token: string): void;
  emitDetail(detail: NodeDetail): void;
  /** Where a tool comes from (server or flow), for tool events. */
  toolSource?(toolName: string): string;
  /** Whether a call that needed approval got it, for tool events. */
  toolApproval?(toolCallId: string): boolean | undefined;
}

export interface StepRecord {
  step: number;
  text: string;
  toolCalls: { toolCallId: string; tool: string; args: unknown }[];
  toolResults: { toolCallId: string; tool: string; result: unknown; isError: boolean }[];
  usage: ModelUsage;
  latencyMs: number;
  finishReason: string;
}

export interface ConversationResult {
  /** Text of the last model call: the answer. */
  text: string;
  steps: StepRecord[];
  usage: ModelUsage;
  latencyMs: number;
}

/** How the SDK retries 429/5xx before giving up; it honours retry-after headers. */
const SDK_RETRIES = 2;

export async function runModelConversation(c: ModelConversation): Promise<ConversationResult> {
  const { stepCountIs, streamText } = await loadAiSdk();
  const startedAt = performance.now();
  const result = streamText({
    model: c.model,
    system: c.system,
    messages: c.messages,
    tools: c.tools,
    stopWhen: stepCountIs(c.maxSteps ?? 1),
    temperature: c.temperature,
    maxOutputTokens: c.maxTokens,
    maxRetries: SDK_RETRIES,
    abortSignal: c.signal,
    // Errors arrive as 'error' parts below and fail the node; the SDK's default would also print them.
    onError: () => undefined,
  });
  const steps: StepRecord[] = [];
  let current = newStep(1);
  let stepStartedAt = startedAt;
  let firstTokenAt: number | undefined;
  const total: ModelUsage = {};
  const sourceOf = (tool: string) => c.toolSource?.(tool) ?? 'tool';
  try {
    for await (const part of result.fullStream) {
      switch (part.type) {
        case 'start-step':
          current = newStep(steps.length + 1);
          stepStartedAt = performance.now();
          firstTokenAt = undefined;
          break;
        case 'text-delta':
          if (part.text === '') break;
          firstTokenAt ??= performance.now();
          current.text += part.text;
          c.emitToken(part.text);
          break;
        case 'tool-call':
          current.toolCalls.push({ toolCallId: part.toolCallId, tool: part.toolName, args: part.input });
          c.emitDetail({
            type: 'node.tool-call',
            toolCallId: part.toolCallId,
            tool: part.toolName,
            source: sourceOf(part.toolName),
            args: part.input,
          });
          break;
        case 'tool-result': {
          current.toolResults.push({ toolCallId: part.toolCallId, tool: part.toolName, result: part.output, isError: false });
          const detail: NodeDetail = {
            type: 'node.tool-result',
            toolCallId: part.toolCallId,
            tool: part.toolName,
            source: sourceOf(part.toolName),
            result: part.output,
            isError: false,
          };
          const approved = c.toolApproval?.(part.toolCallId);
          if (approved !== undefined) detail.approved = approved;
          c.emitDetail(detail);
          break;
        }
        case 'tool-error': {
          const message = part.error instanceof Error ? part.error.message : String(part.error);
          current.toolResults.push({ toolCallId: part.toolCallId, tool: part.toolName, result: message, isError: true });
          c.emitDetail({
            type: 'node.tool-result',
            toolCallId: part.toolCallId,
            tool: part.toolName,
            source: sourceOf(part.toolName),
            result: message,
            isError: true,
          });
          break;
        }
        case 'finish-step': {
          const now = performance.now();
          current.usage = { inputTokens: part.usage.inputTokens, outputTokens: part.usage.outputTokens };
          current.latencyMs = now - stepStartedAt;
          current.finishReason = part.finishReason;
          addUsage(total, current.usage);
          steps.push(current);
          const detail: NodeDetail = {
            type: 'node.model-call',
            provider: c.site.provider,
            model: c.site.model,
            usage: current.usage,
            latencyMs: current.latencyMs,
            step: current.step,
          };
          if (firstTokenAt !== undefined) detail.timeToFirstTokenMs = firstTokenAt - stepStartedAt;
          c.emitDetail(detail);
          break;
        }
        case 'error':
          throw part.error;
        case 'abort':
          throw c.signal.reason instanceof Error ? c.signal.reason : new Error(part.reason ?? 'the model call was cancelled');
        default:
          break;
      }
    }
  } catch (error) {
    if (c.signal.aborted) throw c.signal.reason instanceof Error ? c.signal.reason : error;
    throw await describeModelError(error, c.site);
  }
  const last = steps[steps.length - 1];
  return { text: last?.text ?? '', steps, usage: total, latencyMs: performance.now() - startedAt };
}

function newStep(step: number): StepRecord {
  return { step, text: '', toolCalls: [], toolResults: [], usage: {}, latencyMs: 0, finishReason: 'unknown' };
}

function addUsage(total: ModelUsage, usage: ModelUsage): void {
  if (usage.inputTokens !== undefined) total.inputTokens = (total.inputTokens ?? 0) + usage.inputTokens;
  if (usage.outputTokens !== undefined) total.outputTokens = (total.outputTokens ?? 0) + usage.outputTokens;
}

/**
 * The conversation so far plus the new prompt (with any images, as image parts of the same user
 * message), in the SDK's message shape. System messages go to `system`.
 */
export function toModelMessages(
  history: readonly ChatMessage[],
  prompt: string | undefined,
  images: readonly MediaValue[] = [],
): ModelMessage[] {
  const messages: ModelMessage[] = [];
  for (const message of history) {
    if (message.role === 'user') messages.push({ role: 'user', content: message.content });
    else if (message.role === 'assistant') messages.push({ role: 'assistant', content: message.content });
  }
  if (images.length > 0) {
    const parts: UserContent = prompt !== undefined ? [{ type: 'text', text: prompt }] : [];
    for (const image of images) parts.push({ type: 'image', image: image.data ?? '', mediaType: image.mimeType });
    messages.push({ role: 'user', content: parts });
  } else if (prompt !== undefined) messages.push({ role: 'user', content: prompt });
  return messages;
}
