// Serving a folder of flows as MCP tools over stdio or Streamable HTTP.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { announceListChanged, createFlowServer, type FlowServerOptions } from './flow-server';
import { allowedHostsFor, allowedOriginsFor, BodyTooLargeError, checkRequest, readBody } from './http-guard';

/** Serves over stdin/stdout until the client disconnects. */
export async function serveFlowsOverStdio(options: FlowServerOptions): Promise<{ closed: Promise<void> }> {
  const server = createFlowServer(options);
  const unsubscribe = options.catalog.onChange(() => announceListChanged([server]));
  const transport = new StdioServerTransport();
  const closed = new Promise<void>((resolve) => {
    server.onclose = () => {
      unsubscribe();
      resolve();
    };
  });
  await server.connect(transport);
  return { closed };
}

export interface HttpServeOptions extends FlowServerOptions {
  host: string;
  port: number;
  token: string;
  /** Largest request body accepted, in bytes. */
  maxBodyBytes?: number;
}

export interface RunningHttpServer {
  url: string;
  port: number;
  sessionCount(): number;
  close(): Promise<void>;
}

const MCP_PATH = '/mcp';

export async function serveFlowsOverHttp(options: HttpServeOptions): Promise<RunningHttpServer> {
  const sessions = new Map<string, { transport: StreamableHTTPServerTransport; server: Server }>();
  const maxBodyBytes = options.maxBodyBytes ?? 4 * 1024 * 1024;
  let guard = { token: options.token, allowedHosts: new Set<string>(), allowedOrigins: new Set<string>() };

  const unsubscribe = options.catalog.onChange(() => announceListChanged([...sessions.values()].map((s) => s.server)));

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== MCP_PATH) return reply(res, 404, `not found; the MCP endpoint is ${MCP_PATH}`);
    const verdict = checkRequest(req, guard);
    if (!verdict.ok) {
      if (verdict.status === 401) res.setHeader('WWW-Authenticate', 'Bearer realm="flowstudio"');
      return reply(res, verdict.status, verdict.message);
    }
    let body: unknown;
    if (req.method === 'POST') {
      try {
        body = JSON.parse(await readBody(req, maxBodyBytes));
      } catch (error) {
        return reply(res, error instanceof BodyTooLargeError ? 413 : 400, error instanceof BodyTooLargeError ? error.message : 'the body is not JSON');
      }
    }
    const sessionId = req.headers['mcp-session-id'];
    const existing = typeof sessionId === 'string' ? sessions.get(sessionId) : undefined;
    if (existing) return existing.transport.handleRequest(req, res, body);
    if (typeof sessionId === 'string') return reply(res, 404, 'unknown or expired session; initialize again');
    if (req.method !== 'POST' || !isInitializeRequest(body)) return reply(res, 400, 'start a session with an initialize request');

    const server = createFlowServer(options);
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => {
        sessions.set(id, { transport, server });
      },
      onsessionclosed: (id) => {
        sessions.delete(id);
      },
    });
    transport.onclose = () => {
      if (transport.sessionId) sessions.delete(transport.sessionId);
    };
    await server.connect(transport);
    await transport.handleRequest(req, res, body);
  };

  const http = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) reply(res, 500, `internal error: ${(error as Error).message}`);
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port, options.host, () => resolve());
  });
  const port = (http.address() as AddressInfo).port;
  const allowedHosts = allowedHostsFor(options.host, port);
  guard = { token: options.token, allowedHosts, allowedOrigins: allowedOriginsFor(allowedHosts) };
  const hostForUrl = options.host.includes(':') ? `[${options.host}]` : options.host;

  return {
    url: `http://${hostForUrl}:${port}${MCP_PATH}`,
    port,
    sessionCount: () => sessions.size,
    close: async () => {
      unsubscribe();
      await Promise.all([...sessions.values()].map((s) => s.transport.close().catch(() => undefined)));
      sessions.clear();
      await new Promise<void>((resolve) => {
        http.close(() => resolve());
        http.closeAllConnections();
      });
    },
  };
}

function reply(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32000, message }, id: null }));
}
