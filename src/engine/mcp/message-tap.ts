// Watches the JSON-RPC messages crossing one MCP connection's transport and hands the ones that
// belong to a call (its request, the server's progress notifications, our cancellation, the answer)
// to whoever made that call, so a run can show each node's real MCP traffic.
import type { Transport, TransportSendOptions } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage, MessageExtraInfo } from '@modelcontextprotocol/sdk/types.js';
import { withoutMediaBytes } from '../ports/media';
import type { McpMessage } from './access';

/** Payloads whose JSON is longer are cut to this many characters (and marked truncated). */
export const MAX_TRACED_PAYLOAD_CHARS = 8 * 1024;

export type McpMessageObserver = (message: McpMessage) => void;

type RequestId = string | number;

export class McpMessageTap {
  /** The call whose request is being sent right now (see capture), and the ids it sent. */
  private capturing: { observer: McpMessageObserver; ids: RequestId[] } | undefined;
  private readonly observers = new Map<RequestId, McpMessageObserver>();

  constructor(private readonly server: string) {}

  /** The transport as the SDK client should see it: the same, with every message shown to this tap. */
  wrap(transport: Transport): Transport {
    return new TappedTransport(transport, this);
  }

  /**
   * Runs `send`, which must send exactly one request, and shows `observer` every message of that
   * request until it settles. The SDK's Client writes the request to the transport synchronously
   * inside the call that makes it, so the request sent while `capturing` is set is this call's: that
   * holds with concurrent calls on one connection, which an id guessed from outside would not.
   */
  capture<T>(observer: McpMessageObserver | undefined, send: () => Promise<T>): Promise<T> {
    if (!observer) return send();
    const call = { observer, ids: [] as RequestId[] };
    let pending: Promise<T>;
    this.capturing = call;
    try {
      pending = send();
    } finally {
      this.capturing = undefined;
    }
    return pending.finally(() => {
      for (const id of call.ids) this.observers.delete(id);
    });
  }

  /** @internal */
  sent(message: JSONRPCMessage): void {
    if ('method' in message && 'id' in message) {
      if (!this.capturing) return;
      this.capturing.ids.push(message.id);
      this.observers.set(message.id, this.capturing.observer);
      this.capturing.observer(traceOf(this.server, 'sent', message));
      return;
    }
    // Our side cancels a call (on abort or timeout) with a notification naming its request.
    if ('method' in message && message.method === 'notifications/cancelled') {
      const observer = this.observerOf((message.params as { requestId?: unknown } | undefined)?.requestId);
      observer?.(traceOf(this.server, 'sent', message));
    }
  }

  /** @internal */
  received(message: JSONRPCMessage): void {
    if (this.observers.size === 0) return;
    if (!('method' in message)) {
      // A result or error answers the request with its id.
      const observer = this.observerOf((message as { id?: unknown }).id);
      observer?.(traceOf(this.server, 'received', message));
      return;
    }
    if (!('id' in message) && message.method === 'notifications/progress') {
      // The SDK uses the request id as the progress token.
      const observer = this.observerOf((message.params as { progressToken?: unknown } | undefined)?.progressToken);
      observer?.(traceOf(this.server, 'received', message));
    }
  }

  private observerOf(id: unknown): McpMessageObserver | undefined {
    return typeof id === 'string' || typeof id === 'number' ? this.observers.get(id) : undefined;
  }
}

/** A transport that passes everything through and shows each message to the tap first. */
class TappedTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: <T extends JSONRPCMessage>(message: T, extra?: MessageExtraInfo) => void;

  constructor(
    private readonly inner: Transport,
    private readonly tap: McpMessageTap,
  ) {
    inner.onclose = () => this.onclose?.();
    inner.onerror = (error) => this.onerror?.(error);
    inner.onmessage = (message, extra) => {
      tap.received(message);
      this.onmessage?.(message, extra);
    };
  }

  get sessionId(): string | undefined {
    return this.inner.sessionId;
  }

  start(): Promise<void> {
    return this.inner.start();
  }

  send(message: JSONRPCMessage, options?: TransportSendOptions): Promise<void> {
    this.tap.sent(message);
    return this.inner.send(message, options);
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  setProtocolVersion(version: string): void {
    this.inner.setProtocolVersion?.(version);
  }
}

/**
 * The trace entry of one message: what it is, and its params, result or error, cut to a readable size,
 * images, audio and binary resources described by type and size instead of their bytes.
 */
export function traceOf(server: string, direction: McpMessage['direction'], message: JSONRPCMessage): McpMessage {
  const fields = message as { method?: unknown; id?: unknown; params?: unknown; result?: unknown; error?: unknown };
  const method = typeof fields.method === 'string' ? fields.method : 'error' in fields ? 'error' : 'response';
  const body = 'error' in fields ? fields.error : 'result' in fields ? fields.result : fields.params;
  const id = typeof fields.id === 'string' || typeof fields.id === 'number' ? fields.id : undefined;
  return { server, direction, method, ...(id !== undefined ? { id } : {}), ...truncatedPayload(withoutMediaBytes(body)) };
}

/**
 * A copy of the value when its JSON fits, otherwise the start of its JSON text. A copy, so the trace
 * shows what crossed the wire even if the caller changes its arguments object afterwards.
 */
export function truncatedPayload(value: unknown, limit = MAX_TRACED_PAYLOAD_CHARS): { payload: unknown; truncated: boolean } {
  const json = value === undefined ? undefined : JSON.stringify(value);
  if (json === undefined) return { payload: null, truncated: false };
  if (json.length <= limit) return { payload: JSON.parse(json) as unknown, truncated: false };
  return { payload: json.slice(0, limit), truncated: true };
}
