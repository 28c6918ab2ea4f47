// Conversations of chat flows when there are no sessions (the 2026-07-28 protocol): the first call
// returns a `conversation` handle and the next call passes it back. Handles are unguessable, belong
// to the caller that got them (another caller's handle reads as unknown), expire when unused, and the
// store is bounded so callers cannot grow it without limit.
import { randomBytes } from 'node:crypto';
import type { Flow } from '../engine/flow/schema';

export interface ConversationLimits {
  /** Conversations kept at once, across callers; the least recently used goes first. */
  maxConversations: number;
  /** Conversations one caller may keep at once. */
  maxPerCaller: number;
  /** A conversation unused for this long is forgotten. */
  idleMs: number;
}

export const DEFAULT_CONVERSATION_LIMITS: ConversationLimits = { maxConversations: 1000, maxPerCaller: 100, idleMs: 30 * 60_000 };

/** The input (and output) property that carries the handle. */
export const CONVERSATION_ARGUMENT = 'conversation';

export class UnknownConversationError extends Error {
  constructor() {
    super(
      `the '${CONVERSATION_ARGUMENT}' handle names no conversation of this caller (it expired or was never issued); leave it out to start a new one`,
    );
  }
}

interface Entry {
  owner: string;
  /** The id the engine keeps the history under; never shown to callers. */
  chatSessionId: string;
  lastUsedAt: number;
}

export class ConversationHandles {
  private readonly entries = new Map<string, Entry>();

  constructor(
    readonly limits: ConversationLimits = DEFAULT_CONVERSATION_LIMITS,
    private readonly now: () => number = () => performance.now(),
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /** The conversation for a call: the one `handle` names (the caller's own only), or a new one. */
  open(owner: string, handle: string | undefined): { handle: string; chatSessionId: string } {
    this.forgetIdle();
    if (handle !== undefined) {
      const entry = this.entries.get(handle);
      if (!entry || entry.owner !== owner) throw new UnknownConversationError();
      entry.lastUsedAt = this.now();
      // Re-inserted so the map's order stays least recently used first.
      this.entries.delete(handle);
      this.entries.set(handle, entry);
      return { handle, chatSessionId: entry.chatSessionId };
    }
    const owned = [...this.entries].filter(([, e]) => e.owner === owner);
    if (owned.length >= this.limits.maxPerCaller) this.entries.delete(owned[0]![0]);
    if (this.entries.size >= this.limits.maxConversations) this.entries.delete(this.entries.keys().next().value!);
    const created = randomBytes(24).toString('base64url');
    const chatSessionId = `conversation:${randomBytes(16).toString('hex')}`;
    this.entries.set(created, { owner, chatSessionId, lastUsedAt: this.now() });
    return { handle: created, chatSessionId };
  }

  private forgetIdle(): void {
    const cutoff = this.now() - this.limits.idleMs;
    for (const [handle, entry] of this.entries) if (entry.lastUsedAt <= cutoff) this.entries.delete(handle);
  }
}

const chatFlows = new WeakMap<Flow, boolean>();

/** Whether a flow holds a conversation (it has an input.chat). */
export function isChatFlow(flow: Flow): boolean {
  let isChat = chatFlows.get(flow);
  if (isChat === undefined) {
    isChat = flow.nodes.some((node) => node.type === 'input.chat');
    chatFlows.set(flow, isChat);
  }
  return isChat;
}

/** A tool schema with the optional `conversation` property a chat flow takes and returns without sessions. */
export function withConversation(schema: Record<string, unknown>, side: 'input' | 'output'): Record<string, unknown> {
  const properties = (schema.properties ?? {}) as Record<string, unknown>;
  const description =
    side === 'input'
      ? 'The conversation to continue: the value a previous call returned. Leave it out to start a new conversation.'
      : 'Pass this back as the conversation argument to continue the conversation.';
  const required = Array.isArray(schema.required) ? (schema.required as string[]) : [];
  return {
    ...schema,
    properties: { ...properties, [CONVERSATION_ARGUMENT]: { type: 'string', description } },
    ...(side === 'output' ? { required: [...required, CONVERSATION_ARGUMENT] } : {}),
  };
}
