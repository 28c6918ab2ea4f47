// A buffered, multi-reader async stream of events: a reader that starts late still sees every event.

export class EventStream<T> implements AsyncIterable<T> {
  private readonly buffer: T[] = [];
  private readonly waiting = new Set<() => void>();
  private isClosed = false;
  private readers = 0;

  constructor(private readonly keepHistory: boolean) {}

  /** Whether a pushed event would reach anyone: history is kept, or a reader is iterating. */
  get isWanted(): boolean {
    return this.keepHistory || this.readers > 0;
  }

  push(event: T): void {
    if (this.keepHistory || this.readers > 0) this.buffer.push(event);
    this.wake();
  }

  close(): void {
    this.isClosed = true;
    this.wake();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    let cursor = this.keepHistory ? 0 : this.buffer.length;
    this.readers++;
    try {
      for (;;) {
        while (cursor < this.buffer.length) yield this.buffer[cursor++] as T;
        if (this.isClosed) return;
        await new Promise<void>((resolve) => this.waiting.add(resolve));
      }
    } finally {
      this.readers--;
    }
  }

  private wake(): void {
    if (this.waiting.size === 0) return;
    const resolvers = [...this.waiting];
    this.waiting.clear();
    for (const resolve of resolvers) resolve();
  }
}
