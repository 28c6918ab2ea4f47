// A local HTTP server that answers like a model provider: it replays recorded streaming responses
// (SSE or NDJSON files under test/fixtures/llm) event by event, or scripted error responses, and
// records every request so tests can check what the engine sent. Binds 127.0.0.1 on a random port.
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';

export const FIXTURES = path.resolve(__dirname, '../../../fixtures/llm');

export interface RecordedRequest {
  method: string;
  /** Path with query string. */
  path: string;
  headers: IncomingMessage['headers'];
  body: unknown;
}

export type Reply =
  | {
      fixture: string;
      status?: number;
      headers?: Record<string, string>;
      /** Close the connection after this many events. */
      cutAfterEvents?: number;
      /** Stop after this many events and keep the connection open, as a model that is still thinking. */
      holdAfterEvents?: number;
    }
  | { json: unknown; status?: number; headers?: Record<string, string> }
  /** A stream built by the test (a scripted model), sent event by event like a fixture. */
  | { sse: string }
  | ((request: RecordedRequest) => Reply);

interface Route {
  matches: (method: string, path: string) => boolean;
  replies: Reply[];
}

export class WireServer {
  readonly requests: RecordedRequest[] = [];
  private readonly routes: Route[] = [];
  private readonly closeWaiters: (() => void)[] = [];

  /** Resolves when a client drops a response that was held open (see holdAfterEvents). */
  nextHeldStreamClosed(): Promise<void> {
    return new Promise((resolve) => this.closeWaiters.push(resolve));
  }

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<WireServer> {
    let instance: WireServer | undefined;
    const server = createServer((req, res) => void instance?.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    instance = new WireServer(server, `http://127.0.0.1:${port}`);
    return instance;
  }

  /** Each matching request takes the next reply; the last one keeps answering. */
  on(method: string, pathPattern: string | RegExp, ...replies: Reply[]): this {
    const test = typeof pathPattern === 'string' ? (p: string) => p.split('?')[0] === pathPattern : (p: string) => pathPattern.test(p);
    this.routes.unshift({ matches: (m, p) => m === method && test(p), replies });
    return this;
  }

  reset(): void {
    this.routes.length = 0;
    this.requests.length = 0;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    const request: RecordedRequest = { method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers, body };
    this.requests.push(request);
    const route = this.routes.find((r) => r.matches(request.method, request.path));
    if (!route || route.replies.length === 0) {
      res
        .writeHead(404, { 'content-type': 'application/json' })
        .end(JSON.stringify({ error: { message: `no route for ${request.method} ${request.path}` } }));
      return;
    }
    let reply = route.replies.length > 1 ? route.replies.shift()! : route.replies[0]!;
    while (typeof reply === 'function') reply = reply(request);
    if ('json' in reply) {
      res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers }).end(JSON.stringify(reply.json));
      return;
    }
    if ('sse' in reply) {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      for (const event of splitEvents(reply.sse, false)) res.write(event);
      res.end();
      return;
    }
    const file = readFileSync(path.join(FIXTURES, reply.fixture), 'utf8');
    const status = reply.status ?? 200;
    if (reply.fixture.endsWith('.json')) {
      res.writeHead(status, { 'content-type': 'application/json', ...reply.headers }).end(file);
      return;
    }
    const isNdjson = reply.fixture.endsWith('.ndjson');
    res.writeHead(status, {
      'content-type': isNdjson ? 'application/x-ndjson' : 'text/event-stream',
      'cache-control': 'no-cache',
      ...reply.headers,
    });
    const events = splitEvents(file, isNdjson);
    for (const [index, event] of events.entries()) {
      if (reply.holdAfterEvents !== undefined && index >= reply.holdAfterEvents) {
        res.once('close', () => this.closeWaiters.shift()?.());
        return;
      }
      if (reply.cutAfterEvents !== undefined && index >= reply.cutAfterEvents) {
        // Drop the connection mid-body (after what was written has gone out), as a proxy or provider crash would.
        res.socket?.destroy();
        return;
      }
      await new Promise<void>((resolve, reject) => res.write(event, (error) => (error ? reject(error) : resolve())));
    }
    res.end();
  }
}

/** SSE events end at a blank line, NDJSON records at a newline; each keeps its terminator. */
export function splitEvents(text: string, isNdjson: boolean): string[] {
  const separator = isNdjson ? '\n' : '\n\n';
  return text
    .split(separator)
    .filter((part) => part.length > 0)
    .map((part) => part + separator);
}
