// Caps how many flow runs a server executes at once; further calls wait their turn in order.

export class RunLimiter {
  private running = 0;
  private readonly queue: (() => void)[] = [];

  constructor(readonly limit: number) {}

  /**
   * Takes a slot: undefined when one was free (taken at once, no promise made, the usual case), else
   * a promise that settles when the call's turn comes or rejects if `signal` aborts while it waits.
   * Every acquire that did not reject must be followed by one release().
   */
  acquire(signal?: AbortSignal): Promise<void> | undefined {
    if (this.running < this.limit) {
      this.running++;
      return undefined;
    }
    return new Promise<void>((resolve, reject) => {
      const start = () => {
        signal?.removeEventListener('abort', onAbort);
        this.running++;
        resolve();
      };
      const onAbort = () => {
        const index = this.queue.indexOf(start);
        if (index >= 0) this.queue.splice(index, 1);
        reject(signal?.reason instanceof Error ? signal.reason : new Error('cancelled while waiting to run'));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.queue.push(start);
    });
  }

  release(): void {
    this.running--;
    this.queue.shift()?.();
  }

  async run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const waiting = this.acquire(signal);
    if (waiting) await waiting;
    try {
      return await task();
    } finally {
      this.release();
    }
  }
}
