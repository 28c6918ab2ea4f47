// A scripted model for agent tests: builds OpenAI chat-completions streams (the same chunk format as
// test/fixtures/llm/openai-chat.*.sse) decided from the request, so a real MCP server's answers can
// flow through a conversation.
import type { RecordedRequest, Reply } from './wire-server';

interface ChatRequestMessage {
  role: string;
  content?: unknown;
  tool_call_id?: string;
}

const chunk = (delta: Record<string, unknown> | null, finish: string | null, usage: Record<string, number> | null = null) =>
  `data: ${JSON.stringify({
    id: 'chatcmpl-scripted',
    object: 'chat.completion.chunk',
    created: 1764028800,
    model: 'gpt-4o-mini-2024-07-18',
    choices: delta === null ? [] : [{ index: 0, delta, logprobs: null, finish_reason: finish }],
    usage,
  })}\n\n`;

export function toolCallStream(tool: string, args: Record<string, unknown>, callId = 'call_scripted_1'): string {
  return (
    chunk(
      {
        role: 'assistant',
        content: null,
        tool_calls: [{ index: 0, id: callId, type: 'function', function: { name: tool, arguments: '' } }],
      },
      null,
    ) +
    chunk({ tool_calls: [{ index: 0, function: { arguments: JSON.stringify(args) } }] }, null) +
    chunk({}, 'tool_calls') +
    chunk(null, null, { prompt_tokens: 30, completion_tokens: 10, total_tokens: 40 }) +
    'data: [DONE]\n\n'
  );
}

export function textStream(tokens: string[]): string {
  return (
    chunk({ role: 'assistant', content: '' }, null) +
    tokens.map((t) => chunk({ content: t }, null)).join('') +
    chunk({}, 'stop') +
    chunk(null, null, { prompt_tokens: 50, completion_tokens: tokens.length, total_tokens: 50 + tokens.length }) +
    'data: [DONE]\n\n'
  );
}

export function messagesOf(request: RecordedRequest): ChatRequestMessage[] {
  return (request.body as { messages?: ChatRequestMessage[] }).messages ?? [];
}

/** The text of the last tool message, if the conversation just returned from a tool. */
export function lastToolResult(request: RecordedRequest): string | undefined {
  const last = messagesOf(request).at(-1);
  if (last?.role !== 'tool') return undefined;
  return typeof last.content === 'string' ? last.content : JSON.stringify(last.content);
}

/** Replies with a tool call first and, once the tool answered, with `answer(toolResult)`. */
export function callToolThenAnswer(tool: string, args: Record<string, unknown>, answer: (toolResult: string) => string[]): Reply {
  return (request) => {
    const result = lastToolResult(request);
    return { sse: result === undefined ? toolCallStream(tool, args) : textStream(answer(result)) };
  };
}
