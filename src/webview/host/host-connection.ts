// The webview's line to the extension host: typed posts, request ids for messages that get an
// answer, and the webview state VS Code keeps while the editor is hidden (viewport, selection).
import type { HostToWebview, WebviewToHost } from '../../protocol/messages';

/** What `acquireVsCodeApi()` returns, narrowed to the calls the canvas makes. */
export interface VsCodeApi {
  postMessage(message: WebviewToHost): void;
  getState(): unknown;
  setState(state: unknown): void;
}

type Response = Extract<HostToWebview, { type: 'response' }>;

/** Why a request was not answered: the connection was disposed (the page is going away) first. */
export class HostConnectionClosedError extends Error {
  override readonly name = 'HostConnectionClosedError';
}

interface PendingRequest {
  resolve(response: Response): void;
  reject(error: Error): void;
}

export class HostConnection {
  private requestCount = 0;
  private readonly pending = new Map<string, PendingRequest>();
  private closedReason: string | undefined;

  constructor(private readonly api: VsCodeApi) {}

  post(message: WebviewToHost): void {
    this.api.postMessage(message);
  }

  nextRequestId(): string {
    this.requestCount += 1;
    return `w${this.requestCount}`;
  }

  /** Posts a request and resolves with the host's answer to it; rejects if the connection is disposed first. */
  request(build: (requestId: string) => WebviewToHost): Promise<Response> {
    if (this.closedReason !== undefined) return Promise.reject(new HostConnectionClosedError(this.closedReason));
    const requestId = this.nextRequestId();
    return new Promise((resolve, reject) => {
      this.pending.set(requestId, { resolve, reject });
      this.api.postMessage(build(requestId));
    });
  }

  /** Settles the request a response answers; returns false for responses nobody waits for. */
  settle(response: Response): boolean {
    const request = this.pending.get(response.requestId);
    if (!request) return false;
    this.pending.delete(response.requestId);
    request.resolve(response);
    return true;
  }

  /** Rejects every request still waiting for its answer, and any made later; once only. */
  dispose(reason = 'the flow editor closed before the host answered'): void {
    if (this.closedReason !== undefined) return;
    this.closedReason = reason;
    const waiting = [...this.pending.values()];
    this.pending.clear();
    for (const request of waiting) request.reject(new HostConnectionClosedError(reason));
  }

  getState(): unknown {
    return this.api.getState();
  }

  setState(state: unknown): void {
    this.api.setState(state);
  }
}
