// The open Streamable HTTP sessions of the flow server: at most `maxSessions` at once (counting
// those still initializing), and a session nobody used for `idleMs` is closed, so abandoned or
// flooded sessions cannot pile up.
import type { Server, WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/server';

export interface Session {
  transport: WebStandardStreamableHTTPServerTransport;
  server: Server;
}

interface Entry extends Session {
  lastUsedAt: number;
  /** Requests of this session still being answered (an open SSE stream counts as one). */
  active: number;
}

export interface SessionLimits {
  maxSessions: number;
  idleMs: number;
}

export const DEFAULT_SESSION_LIMITS: SessionLimits = { maxSessions: 100, idleMs: 10 * 60_000 };

export class SessionTable {
  private readonly entries = new Map<string, Entry>();
  private initializing = 0;
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    readonly limits: SessionLimits,
    private readonly now: () => number = () => performance.now(),
  ) {
    // Checked a few times per idle period; unref'd so it never keeps the process alive.
    this.sweeper = setInterval(() => this.closeIdle(), Math.max(250, Math.min(30_000, limits.idleMs / 4)));
    this.sweeper.unref();
  }

  get size(): number {
    return this.entries.size;
  }

  servers(): Server[] {
    return [...this.entries.values()].map((e) => e.server);
  }

  /** Reserves room for a session about to initialize; false when the table is full. */
  reserve(): boolean {
    if (this.entries.size + this.initializing >= this.limits.maxSessions) return false;
    this.initializing++;
    return true;
  }

  /** Gives back a reservation, whether or not the session was added meanwhile. */
  unreserve(): void {
    this.initializing--;
  }

  add(id: string, session: Session): void {
    this.entries.set(id, { ...session, lastUsedAt: this.now(), active: 0 });
  }

  delete(id: string): void {
    this.entries.delete(id);
  }

  /** The session for a request, marked in use until `done` is called (when the response ends). */
  use(id: string): { session: Session; done: () => void } | undefined {
    const entry = this.entries.get(id);
    if (!entry) return undefined;
    entry.active++;
    entry.lastUsedAt = this.now();
    let isDone = false;
    return {
      session: entry,
      done: () => {
        if (isDone) return;
        isDone = true;
        entry.active--;
        entry.lastUsedAt = this.now();
      },
    };
  }

  /** Closes sessions idle for longer than the limit; returns how many. */
  closeIdle(): number {
    const cutoff = this.now() - this.limits.idleMs;
    let closed = 0;
    for (const [id, entry] of this.entries) {
      if (entry.active > 0 || entry.lastUsedAt > cutoff) continue;
      this.entries.delete(id);
      void entry.transport.close().catch(() => undefined);
      closed++;
    }
    return closed;
  }

  async closeAll(): Promise<void> {
    clearInterval(this.sweeper);
    const all = [...this.entries.values()];
    this.entries.clear();
    await Promise.all(all.map((e) => e.transport.close().catch(() => undefined)));
  }
}
