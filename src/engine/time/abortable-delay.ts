// The one wait of the engine (a node's retries, an MCP server's reconnect backoff, the util.delay
// component): a timer that a cancelled run or call ends at once instead of waiting it out.

/** What a wait rejects with once its signal aborts; each caller keeps the error its own callers expect. */
export type AbortReason = (signal: AbortSignal) => unknown;

/** The signal's own reason, as AbortSignal.timeout() and AbortController.abort(reason) set it. */
export const signalReason: AbortReason = (signal) => signal.reason;

/**
 * Resolves after `ms` milliseconds, or rejects with `reasonOf(signal)` as soon as `signal` aborts, at
 * once if it already has. The abort listener goes when the timer fires, so a long-lived signal (a
 * whole run's) does not collect one listener per wait.
 */
export function abortableDelay(ms: number, signal?: AbortSignal, reasonOf: AbortReason = signalReason): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(reasonOf(signal));
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(reasonOf(signal!));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
