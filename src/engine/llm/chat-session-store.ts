// Conversation history per chat session, so a playground or an MCP caller can hold a conversation
// across runs of a chat flow. In memory and bounded: old sessions and old turns fall off.
import type { ChatMessage } from '../ports/port-types';

export interface ChatSessionStoreOptions {
  /** Sessions kept; the least recently used goes first. */
  maxSessions?: number;
  /** Messages kept per session (user and assistant both count); the oldest go first. */
  maxMessages?: number;
}

export class ChatSessionStore {
  private readonly sessions = new Map<string, ChatMessage[]>();
  private readonly maxSessions: number;
  private readonly maxMessages: number;

  constructor(options: ChatSessionStoreOptions = {}) {
    this.maxSessions = options.maxSessions ?? 1000;
    this.maxMessages = options.maxMessages ?? 100;
  }

  history(sessionId: string): ChatMessage[] {
    return [...(this.sessions.get(sessionId) ?? [])];
  }

  append(sessionId: string, messages: readonly ChatMessage[]): void {
    const list = this.sessions.get(sessionId) ?? [];
    // Re-insert so Map order is least-recently-used first.
    this.sessions.delete(sessionId);
    list.push(...messages);
    if (list.length > this.maxMessages) list.splice(0, list.length - this.maxMessages);
    this.sessions.set(sessionId, list);
    while (this.sessions.size > this.maxSessions) {
      const oldest = this.sessions.keys().next().value;
      if (oldest === undefined) break;
      this.sessions.delete(oldest);
    }
  }

  clear(sessionId: string): void {
    this.sessions.delete(sessionId);
  }
}

/** The engine's default store, shared by runs that name a session but bring no store of their own. */
export const defaultChatSessions = new ChatSessionStore();

/**
 * One run's turn in a session. The turn is written only when output.chat produces the reply, so a
 * failed run leaves the conversation as it was.
 */
export class ChatTurn {
  private userMessage: ChatMessage | undefined;
  private readonly earlier: ChatMessage[];

  constructor(
    private readonly store: ChatSessionStore,
    readonly sessionId: string,
  ) {
    this.earlier = store.history(sessionId);
  }

  /** The messages of earlier turns, oldest first. */
  history(): ChatMessage[] {
    return [...this.earlier];
  }

  setUserMessage(message: ChatMessage): void {
    this.userMessage = message;
  }

  recordReply(reply: string): void {
    const messages: ChatMessage[] = this.userMessage ? [this.userMessage] : [];
    messages.push({ role: 'assistant', content: reply });
    this.store.append(this.sessionId, messages);
    this.userMessage = undefined;
  }
}
