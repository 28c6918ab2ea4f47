// A buffered, multi-reader async stream of events: a reader that starts late still sees every event.

export class EventStream<T> implements AsyncIterable<T> {
  private readonly buffer: T[] = [];
  private readonly waiting = new Set<() => void>();
  private isClosed = false;

  constructor(private readonly keepHistory: boolean) {}

  push(event: T): void {
    if (this.keepHistory || this.waiting.size > 0) this.buffer.push(event);
    this.wake();
  }

  close(): void {
    this.isClosed = true;
    this.wake();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    let cursor = this.keepHistory ? 0 : this.buffer.length;
    for (;;) {
      while (cursor < this.buffer.length) yield this.buffer[cursor++] as T;
      if (this.isClosed) return;
      await new Promise<void>((resolve) => this.waiting.add(resolve));
    }
  }

  private wake(): void {
    if (this.waiting.size === 0) return;
    const resolvers = [...this.waiting];
    this.waiting.clear();
    for (const resolve of resolvers) resolve();
  }
}
