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

export class HostConnection {
  private requestCount = 0;
  private readonly pending = new Map<string, (response: Response) => void>();

  constructor(private readonly api: VsCodeApi) {}

  post(message: WebviewToHost): void {
    this.api.postMessage(message);
  }

  nextRequestId(): string {
    this.requestCount += 1;
    return `w${this.requestCount}`;
  }

  /** Posts a request and resolves with the host's answer to it. */
  request(build: (requestId: string) => WebviewToHost): Promise<Response> {
    const requestId = this.nextRequestId();
    return new Promise((resolve) => {
      this.pending.set(requestId, resolve);
      this.api.postMessage(build(requestId));
    });
  }

  /** Settles the request a response answers; returns false for responses nobody waits for. */
  settle(response: Response): boolean {
    const resolve = this.pending.get(response.requestId);
    if (!resolve) return false;
    this.pending.delete(response.requestId);
    resolve(response);
    return true;
  }

  getState(): unknown {
    return this.api.getState();
  }

  setState(state: unknown): void {
    this.api.setState(state);
  }
}
