// When a server closes a call's SSE stream before answering, the client reconnects (GET with
// Last-Event-ID) after the wait the server asked for in the stream's `retry:` field, not after a
// backoff of its own. Against a real SDK server on 127.0.0.1 with an event store and a retry interval.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { InMemoryEventStore } from '@modelcontextprotocol/sdk/examples/shared/inMemoryEventStore.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { addConfigText, McpConnectionPool, type McpConfig } from '../../../src/engine';

/** Longer than the SDK's own first reconnection delay (1 s), so a client ignoring `retry:` comes back too early. */
const RETRY_MS = 2000;

interface ClosingServer {
  url: string;
  /** When the tool closed its stream, and when the client came back for the rest. */
  closedAt: number | undefined;
  resumedAt: number | undefined;
  close(): Promise<void>;
}

async function startClosingServer(): Promise<ClosingServer> {
  const state: Omit<ClosingServer, 'url' | 'close'> = { closedAt: undefined, resumedAt: undefined };
  const transport = new StreamableHTTPServerTransport({
    sessionIdGenerator: () => randomUUID(),
    eventStore: new InMemoryEventStore(),
    retryInterval: RETRY_MS,
  });
  const server = new McpServer({ name: 'closing', version: '1.0.0' });
  server.registerTool('long', { description: 'Closes its stream, then answers' }, async (extra) => {
    extra.closeSSEStream?.();
    state.closedAt = performance.now();
    return { content: [{ type: 'text', text: 'done after reconnecting' }] };
  });
  await server.connect(transport);
  const http: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (req.method === 'GET' && req.headers['last-event-id'] && state.resumedAt === undefined) state.resumedAt = performance.now();
    void transport.handleRequest(req, res);
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', () => resolve()));
  return Object.assign(state, {
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}/mcp`,
    close: async () => {
      await server.close();
      await new Promise<void>((resolve) => {
        http.close(() => resolve());
        http.closeAllConnections();
      });
    },
  });
}

describe("reconnecting a closed SSE stream after the server's retry interval", function () {
  this.timeout(30_000);
  let server: ClosingServer;
  let pool: McpConnectionPool;

  before(async () => {
    server = await startClosingServer();
    const config: McpConfig = { servers: new Map(), inputs: new Map(), problems: [] };
    addConfigText(config, JSON.stringify({ servers: { closing: { type: 'http', url: server.url } } }), '/workspace/.vscode/mcp.json');
    pool = new McpConnectionPool(config);
  });
  after(async () => {
    await pool.close();
    await server.close();
  });

  it('waits the retry the server gave before resuming with Last-Event-ID, and gets the answer', async () => {
    const result = await pool.callTool('closing', 'long', {});
    assert.equal(result.text, 'done after reconnecting');
    assert.ok(server.closedAt !== undefined && server.resumedAt !== undefined, 'the stream was closed and resumed');
    // Only a lower bound: a loaded machine may come back later, never earlier than the server asked.
    const waited = server.resumedAt - server.closedAt;
    assert.ok(waited >= RETRY_MS - 50, `the client came back after ${Math.round(waited)} ms; the server asked for ${RETRY_MS} ms`);
  });
});
