// Lifetimes of the host's services. An object owns what it registers and disposes it with itself:
// once, last registered first, waiting for the parts whose dispose is asynchronous (an MCP pool
// closing its servers), and going on past a part that fails so one failure leaks nothing else.
// Free of `vscode` on purpose: VS Code's disposables fit (`dispose(): any`), and it tests in Node.

/** Anything with a dispose: VS Code's disposables, event subscriptions, pools that close asynchronously. */
export interface Releasable {
  dispose(): unknown;
}

/** The failures of one dispose, all of them (the first one's message leads). */
export class DisposeError extends AggregateError {
  override readonly name = 'DisposeError';

  constructor(errors: readonly unknown[]) {
    super(errors, `${errors.length} part${errors.length === 1 ? '' : 's'} failed to dispose: ${errors.map(messageOf).join('; ')}`);
  }
}

export class Disposable implements Releasable {
  private readonly owned: Releasable[] = [];
  private disposal: Promise<void> | undefined;

  get isDisposed(): boolean {
    return this.disposal !== undefined;
  }

  /**
   * Disposes this object and what it owns, last registered first, once only: a second call gets the
   * first call's promise. A part whose dispose is asynchronous is awaited before the next one (runs
   * end before the pool they use closes); the promise rejects with a DisposeError listing every failure.
   */
  dispose(): Promise<void> {
    this.disposal ??= disposeAll([{ dispose: () => this.disposeSelf() }, ...this.owned.splice(0).reverse()]);
    return this.disposal;
  }

  /** Makes `item` part of this object; registered after disposal, it is disposed at once. */
  protected register<T extends Releasable>(item: T): T {
    if (this.disposal) void disposeAll([item]).catch(() => undefined);
    else this.owned.push(item);
    return item;
  }

  /** The object's own cleanup, before its registered parts are disposed (cancel work that uses them, say). */
  protected disposeSelf(): void | Promise<void> {}
}

/** A Disposable that others fill: the extension's root of services, awaited when it deactivates. */
export class DisposableStore extends Disposable {
  add<T extends Releasable>(item: T): T {
    return this.register(item);
  }
}

/** Disposes each in order, awaiting the asynchronous ones, and throws every failure at the end. */
export async function disposeAll(items: readonly Releasable[]): Promise<void> {
  const errors: unknown[] = [];
  for (const item of items) {
    try {
      const done = item.dispose();
      if (isPromiseLike(done)) await done;
    } catch (error) {
      errors.push(error);
    }
  }
  if (errors.length > 0) throw new DisposeError(errors);
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
