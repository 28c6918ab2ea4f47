// When the Problems panel rechecks a document: shortly after the last of a burst of edits, at once when
// it opens, never after it closed. Shared by the flow and the flow-test diagnostics. Free of `vscode`
// beyond the document's URI and version, so it tests in Node.
import { Disposable } from '../lifetime/disposable';

/** What the scheduler needs of a document: a key and nothing else (VS Code's TextDocument fits). */
export interface CheckedDocument {
  readonly uri: { toString(): string };
}

export interface CheckSchedulerOptions<D extends CheckedDocument> {
  /** Only these documents are checked. */
  accepts(document: D): boolean;
  check(document: D): Promise<unknown>;
  /** A check that threw: shown in place of its result, so a failure never leaves stale problems. */
  failed(document: D, error: Error): void;
}

export class CheckScheduler<D extends CheckedDocument> extends Disposable {
  private readonly pending = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(private readonly options: CheckSchedulerOptions<D>) {
    super();
  }

  /** Checks `document` after `delayMs`, replacing a check of it still waiting. */
  schedule(document: D, delayMs: number): void {
    if (this.isDisposed || !this.options.accepts(document)) return;
    const key = document.uri.toString();
    clearTimeout(this.pending.get(key));
    this.pending.set(
      key,
      setTimeout(() => {
        this.pending.delete(key);
        void this.options.check(document).catch((error: unknown) => this.options.failed(document, asError(error)));
      }, delayMs),
    );
  }

  scheduleAll(documents: readonly D[]): void {
    for (const document of documents) this.schedule(document, 0);
  }

  /** Drops a waiting check of `document` (it closed). */
  cancel(document: D): void {
    const key = document.uri.toString();
    clearTimeout(this.pending.get(key));
    this.pending.delete(key);
  }

  protected override disposeSelf(): void {
    for (const timer of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
  }
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
