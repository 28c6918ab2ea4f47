// Serving a folder of flows as MCP tools over stdio or Streamable HTTP.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { announceListChanged, createFlowServer, type FlowServerOptions } from './flow-server';
import { AnyBearerVerifier, OidcJwtVerifier, StaticTokenVerifier, type BearerVerifier, type OidcOptions } from './bearer-verifier';
import { allowedHostsFor, allowedOriginsFor, BodyTooLargeError, checkRequest, readBody } from './http-guard';

/** Serves over stdin/stdout until the client disconnects. */
export async function serveFlowsOverStdio(options: FlowServerOptions): Promise<{ closed: Promise<void> }> {
  const server = createFlowServer(options);
  const unsubscribe = options.catalog.onChange(() => announceListChanged([server]));
  const transport = new StdioServerTransport();
  // The SDK's stdio transport does not notice its client going away (stdin ending); without this the
  // catalog's file watcher kept `mcp serve` alive until the client gave up waiting and killed it.
  const onClientGone = () => void server.close();
  process.stdin.once('end', onClientGone);
  const closed = new Promise<void>((resolve) => {
    server.onclose = () => {
      process.stdin.off('end', onClientGone);
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
  /** A static bearer token; with `oidc` as well, either is accepted. */
  token?: string;
  /** Accept JWT access tokens from this OpenID Connect issuer, checked against its JWKS. */
  oidc?: OidcOptions;
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
// RFC 9728: tells OAuth-capable MCP clients which authorization server issues tokens for this endpoint.
const RESOURCE_METADATA_PATH = `/.well-known/oauth-protected-resource${MCP_PATH}`;

/** The verifiers the options ask for; an OIDC issuer is contacted now, so a wrong URL fails at startup. */
async function bearerVerifierFor(options: HttpServeOptions): Promise<BearerVerifier> {
  const verifiers: BearerVerifier[] = [];
  if (options.token !== undefined) verifiers.push(new StaticTokenVerifier(options.token));
  if (options.oidc) {
    const oidc = new OidcJwtVerifier(options.oidc);
    await oidc.discover();
    verifiers.push(oidc);
  }
  if (verifiers.length === 0) throw new Error('the HTTP flow server needs a bearer token or an OIDC issuer to check callers against');
  return verifiers.length === 1 ? verifiers[0]! : new AnyBearerVerifier(verifiers);
}

export async function serveFlowsOverHttp(options: HttpServeOptions): Promise<RunningHttpServer> {
  const sessions = new Map<string, { transport: StreamableHTTPServerTransport; server: Server }>();
  const maxBodyBytes = options.maxBodyBytes ?? 4 * 1024 * 1024;
  const verifier = await bearerVerifierFor(options);
  let guard = { allowedHosts: new Set<string>(), allowedOrigins: new Set<string>() };
  let publicUrl = '';

  const unsubscribe = options.catalog.onChange(() => announceListChanged([...sessions.values()].map((s) => s.server)));

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    // Every MCP call is a POST to exactly /mcp; parsing a URL for it showed in profiles of short calls.
    const pathname = req.url === MCP_PATH ? MCP_PATH : new URL(req.url ?? '/', 'http://localhost').pathname;
    if (pathname === RESOURCE_METADATA_PATH && options.oidc && req.method === 'GET') {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ resource: publicUrl, authorization_servers: [options.oidc.issuer], bearer_methods_supported: ['header'] }));
      return;
    }
    if (pathname !== MCP_PATH) return reply(res, 404, `not found; the MCP endpoint is ${MCP_PATH}`);
    const verdict = checkRequest(req, guard);
    if (!verdict.ok) {
      if (verdict.status === 401) res.setHeader('WWW-Authenticate', challenge());
      return reply(res, verdict.status, verdict.message);
    }
    const accepted = await verifier.verify(verdict.bearer);
    if (!accepted.ok) {
      res.setHeader('WWW-Authenticate', challenge('invalid_token'));
      return reply(res, 401, `bearer token refused: ${accepted.reason}`);
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
  guard = { allowedHosts, allowedOrigins: allowedOriginsFor(allowedHosts) };
  const hostForUrl = options.host.includes(':') ? `[${options.host}]` : options.host;
  publicUrl = `http://${hostForUrl}:${port}${MCP_PATH}`;
  const challenge = (error?: string) =>
    [
      'Bearer realm="flowstudio"',
      ...(error ? [`error="${error}"`] : []),
      ...(options.oidc ? [`resource_metadata="http://${hostForUrl}:${port}${RESOURCE_METADATA_PATH}"`] : []),
    ].join(', ');

  return {
    url: publicUrl,
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
