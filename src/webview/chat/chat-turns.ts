// The chat playground's conversation: turns of a chat session the host's runs take part in
// (runFlow's chatSessionId), and how a turn's reply is read from the run as it streams and ends.
import type { RunView } from '../run/run-state';

export interface ChatTurn {
  user: string;
  /** The reply so far (streamed tokens), then the flow's chat output. */
  assistant: string;
  status: 'waiting' | 'streaming' | 'done' | 'error' | 'stopped';
  error?: string;
  /** The run that answers this turn, once it started. */
  runId?: string;
}

export interface ChatState {
  sessionId: string;
  turns: ChatTurn[];
  /** The run id that was current when the last message was sent: a different one answers it. */
  previousRunId: string | undefined;
}

/** A random session id. getRandomValues, not randomUUID: the latter exists only in secure contexts, and a webview need not be one. */
function newSessionId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `chat-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

export function newChat(): ChatState {
  return { sessionId: newSessionId(), turns: [], previousRunId: undefined };
}

export function sendMessage(chat: ChatState, text: string, currentRunId: string | undefined): ChatState {
  return { ...chat, previousRunId: currentRunId, turns: [...chat.turns, { user: text, assistant: '', status: 'waiting' }] };
}

function replyText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null && typeof (value as { content?: unknown }).content === 'string')
    return (value as { content: string }).content;
  return value === undefined ? '' : JSON.stringify(value);
}

/** Streams: the tokens of the node that streamed last; the most recent token-producing node is the reply. */
function streamedText(run: RunView): string {
  let best = '';
  let bestStart = -1;
  for (const node of Object.values(run.nodes)) {
    if (node.tokens && (node.startedAt ?? 0) >= bestStart) {
      best = node.tokens;
      bestStart = node.startedAt ?? 0;
    }
  }
  return best;
}

/** Updates the last turn from the run answering it; other runs leave the chat as it is. */
export function followRun(chat: ChatState, run: RunView, outputName: string): ChatState {
  const last = chat.turns[chat.turns.length - 1];
  if (!last || (last.status !== 'waiting' && last.status !== 'streaming')) return chat;
  if (run.runId === undefined || run.runId === chat.previousRunId) return chat;
  let next: ChatTurn;
  if (run.status === 'running' || run.status === 'paused')
    next = { ...last, runId: run.runId, status: 'streaming', assistant: streamedText(run) };
  else if (run.status === 'ok')
    next = { ...last, runId: run.runId, status: 'done', assistant: replyText(run.outputs[outputName]) || streamedText(run) };
  else if (run.status === 'cancelled') next = { ...last, runId: run.runId, status: 'stopped', assistant: streamedText(run) };
  else next = { ...last, runId: run.runId, status: 'error', assistant: streamedText(run), error: run.error?.message ?? 'the run failed' };
  return { ...chat, turns: [...chat.turns.slice(0, -1), next] };
}

/** A send the host refused (untrusted workspace, invalid flow): the turn ends with the reason. */
export function failLastTurn(chat: ChatState, error: string): ChatState {
  const last = chat.turns[chat.turns.length - 1];
  if (!last) return chat;
  return { ...chat, turns: [...chat.turns.slice(0, -1), { ...last, status: 'error', error }] };
}
