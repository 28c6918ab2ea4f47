// Serving a folder of flows as MCP tools, prompts and resources over stdio or Streamable HTTP.
// 2025-era callers (initialize, sessions) and 2026-07-28 callers (stateless, one request at a time)
// share one endpoint: the SDK's classification of each message picks the era.
import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createMcpHandler,
  isInitializeRequest,
  isLegacyRequest,
  WebStandardStreamableHTTPServerTransport,
  type AuthInfo,
  type Server,
} from '@modelcontextprotocol/server';
import { serveStdio, StdioServerTransport } from '@modelcontextprotocol/server/stdio';
import { announceListChanged, announceResourcesUpdated, createFlowServer, ServedState, type FlowServerOptions } from './flow-server';
import { AnyBearerVerifier, OidcJwtVerifier, StaticTokenVerifier, type BearerVerifier, type OidcOptions } from './bearer-verifier';
import { allowedHostsFor, allowedOriginsFor, BodyTooLargeError, checkRequest, readBody } from './http-guard';
import { RateLimiter } from './rate-limit';
import { DEFAULT_SESSION_LIMITS, SessionTable, type SessionLimits } from './session-table';
import { sendWebResponse, toWebRequest } from './web-bridge';

export interface RunningStdioServer {
  /** Settles when the client disconnects or close() is called. */
  closed: Promise<void>;
  close(): Promise<void>;
}

/** Serves over stdin/stdout until the client disconnects; the first message decides the protocol era. */
export async function serveFlowsOverStdio(options: FlowServerOptions): Promise<RunningStdioServer> {
  const shared = new ServedState();
  // serveStdio builds one instance for the connection (and may build and drop one for a discovery probe).
  const servers = new Set<Server>();
  const stopListChanges = options.catalog.onChange(() => announceListChanged(servers));
  const stopFileChanges = options.catalog.onFilesChange((files) => announceResourcesUpdated(servers, files, options.catalog));
  const transport = new StdioServerTransport();
  let resolveClosed: () => void = () => undefined;
  const closed = new Promise<void>((resolve) => (resolveClosed = resolve));
  let isClosed = false;
  const handle = serveStdio(
    (ctx) => {
      const server = createFlowServer(options, { era: ctx.era, caller: 'stdio', shared });
      servers.add(server);
      return server;
    },
    { transport },
  );
  const close = async () => {
    if (isClosed) return;
    isClosed = true;
    process.stdin.off('end', onClientGone);
    stopListChanges();
    stopFileChanges();
    shared.close();
    await handle.close().catch(() => undefined);
    resolveClosed();
  };
  // The client going away (stdin ending) ends the server; without this the catalog's file watcher
  // kept `mcp serve` alive until the client gave up waiting and killed it.
  const onClientGone = () => void close();
  process.stdin.once('end', onClientGone);
  return { closed, close };
}

export interface HttpServeOptions extends FlowServerOptions {
  host: string;
  port: number;
  /** A static bearer token (16 characters or more); with `oidc` as well, either is accepted. */
  token?: string;
  /** Accept JWT access tokens from this OpenID Connect issuer, checked against its JWKS. */
  oidc?: OidcOptions;
  /** Largest request body accepted, in bytes. */
  maxBodyBytes?: number;
  /** How many sessions may be open at once, and how long an unused one is kept. */
  sessions?: Partial<SessionLimits>;
  /** Requests per minute per caller (bearer token), and refused sign-ins per minute per address. */
  rate?: Partial<RateLimits>;
}

export interface RateLimits {
  perMinute: number;
  failedAuthPerMinute: number;
}

export const DEFAULT_RATE_LIMITS: RateLimits = { perMinute: 600, failedAuthPerMinute: 20 };

export interface RunningHttpServer {
  url: string;
  port: number;
  sessionCount(): number;
  close(): Promise<void>;
}

const MCP_PATH = '/mcp';
// RFC 9728: tells OAuth-capable MCP clients which authorization server issues tokens for this endpoint.
const RESOURCE_METADATA_PATH = `/.well-known/oauth-protected-resource${MCP_PATH}`;

// JSON-RPC error codes for refusals made before the MCP layer sees a message.
const PARSE_ERROR = -32700;
const INVALID_REQUEST = -32600;
const SERVER_ERROR = -32000;

/** The verifiers the options ask for; an OIDC issuer is contacted now, so a wrong URL fails at startup. */
async function bearerVerifiersFor(options: HttpServeOptions): Promise<{ verifier: BearerVerifier; oidc?: OidcJwtVerifier }> {
  const verifiers: BearerVerifier[] = [];
  if (options.token !== undefined) verifiers.push(new StaticTokenVerifier(options.token));
  let oidc: OidcJwtVerifier | undefined;
  if (options.oidc) {
    oidc = new OidcJwtVerifier(options.oidc);
    await oidc.discover();
    verifiers.push(oidc);
  }
  if (verifiers.length === 0) throw new Error('the HTTP flow server needs a bearer token or an OIDC issuer to check callers against');
  return { verifier: verifiers.length === 1 ? verifiers[0]! : new AnyBearerVerifier(verifiers), oidc };
}

export async function serveFlowsOverHttp(options: HttpServeOptions): Promise<RunningHttpServer> {
  const maxBodyBytes = options.maxBodyBytes ?? 4 * 1024 * 1024;
  const { verifier, oidc } = await bearerVerifiersFor(options);
  const sessions = new SessionTable({ ...DEFAULT_SESSION_LIMITS, ...options.sessions });
  const rates = { ...DEFAULT_RATE_LIMITS, ...options.rate };
  const callerRate = new RateLimiter(rates.perMinute);
  const failedAuthRate = new RateLimiter(rates.failedAuthPerMinute);
  let guard = { allowedHosts: new Set<string>(), allowedOrigins: new Set<string>() };
  let publicUrl = '';

  const shared = new ServedState();
  const callerOf = (authInfo: AuthInfo | undefined) => authInfo?.clientId ?? 'unknown';
  // 2026-07-28 requests: a fresh instance per request, stateless; 2025-era traffic never reaches it.
  const modern = createMcpHandler((ctx) => createFlowServer(options, { era: ctx.era, caller: callerOf(ctx.authInfo), shared }), {
    legacy: 'reject',
    maxRequestBodySize: maxBodyBytes,
  });
  const announceLists = () => {
    announceListChanged(sessions.servers());
    modern.notify.toolsChanged();
    modern.notify.promptsChanged();
    modern.notify.resourcesChanged();
  };
  const announceFiles = (files: readonly string[]) => {
    const uris = announceResourcesUpdated(sessions.servers(), files, options.catalog);
    for (const uri of uris) modern.notify.resourceUpdated(uri);
  };
  const stopListChanges = options.catalog.onChange(announceLists);
  const stopFileChanges = options.catalog.onFilesChange(announceFiles);

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
    if (!verdict.ok && verdict.status === 403) return reply(res, 403, verdict.message);
    // An address that keeps failing to sign in is refused whatever it sends next, right token
    // included: answering a right guess differently would keep guessing worthwhile.
    const address = `address:${req.socket.remoteAddress ?? 'unknown'}`;
    const blocked = failedAuthRate.peek(address);
    if (!blocked.ok) return tooMany(res, blocked.retryAfterSeconds, 'too many refused sign-ins from this address');
    if (!verdict.ok) {
      failedAuthRate.take(address);
      res.setHeader('WWW-Authenticate', challenge());
      return reply(res, 401, verdict.message);
    }
    const accepted = await verifier.verify(verdict.bearer);
    if (!accepted.ok) {
      failedAuthRate.take(address);
      res.setHeader('WWW-Authenticate', challenge('invalid_token'));
      return reply(res, 401, `bearer token refused: ${accepted.reason}`);
    }
    // The caller is known by a digest of its token: runs, conversations and tasks are kept per caller,
    // and the token itself is held nowhere.
    const caller = createHash('sha256').update(verdict.bearer).digest('base64url');
    const budget = callerRate.take(`caller:${caller}`);
    if (!budget.ok) return tooMany(res, budget.retryAfterSeconds, `more than ${rates.perMinute} requests a minute with this token`);
    let body: unknown;
    let text: string | undefined;
    if (req.method === 'POST') {
      try {
        text = await readBody(req, maxBodyBytes);
      } catch (error) {
        if (error instanceof BodyTooLargeError) {
          // The rest of the body is read and dropped (bounded by the server's request timeout): closing
          // with unread data would reset the connection and lose the 413 before the client reads it.
          res.setHeader('Connection', 'close');
          reply(res, 413, error.message);
          req.resume();
          return;
        }
        throw error;
      }
      try {
        body = JSON.parse(text);
      } catch {
        return reply(res, 400, 'the body is not JSON', PARSE_ERROR);
      }
    }
    const gone = new AbortController();
    res.once('close', () => gone.abort());
    const request = toWebRequest(req, publicUrl, text, gone.signal);
    const authInfo: AuthInfo = { token: caller, clientId: caller, scopes: [] };
    if (!(await isLegacyRequest(request, body, { maxRequestBodySize: maxBodyBytes }))) {
      return sendWebResponse(res, await modern.fetch(request, { parsedBody: body, authInfo }));
    }
    const sessionId = req.headers['mcp-session-id'];
    const existing = typeof sessionId === 'string' ? sessions.use(sessionId) : undefined;
    if (existing) {
      res.once('close', existing.done);
      return sendWebResponse(res, await existing.session.transport.handleRequest(request, { parsedBody: body, authInfo }));
    }
    if (sessionId !== undefined) return reply(res, 404, 'unknown or expired session; initialize again');
    if (req.method !== 'POST' || !isInitializeRequest(body))
      return reply(res, 400, 'start a session with an initialize request, or send 2026-07-28 requests without one', INVALID_REQUEST);
    if (!sessions.reserve()) {
      res.setHeader('Retry-After', '60');
      return reply(res, 503, `too many open sessions (the limit is ${sessions.limits.maxSessions}); close one or try again later`);
    }
    let response: Response;
    try {
      const server = createFlowServer(options, { era: 'legacy', caller, shared });
      const transport: WebStandardStreamableHTTPServerTransport = new WebStandardStreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        onsessioninitialized: (id) => {
          sessions.add(id, { transport, server });
        },
        onsessionclosed: (id) => {
          sessions.delete(id);
        },
      });
      transport.onclose = () => {
        if (transport.sessionId) sessions.delete(transport.sessionId);
      };
      await server.connect(transport);
      response = await transport.handleRequest(request, { parsedBody: body, authInfo });
    } finally {
      sessions.unreserve();
    }
    return sendWebResponse(res, response);
  };

  const http = createServer((req, res) => {
    handle(req, res).catch(() => {
      // What went wrong stays here: a caller learns nothing of the server's insides from it.
      if (!res.headersSent) reply(res, 500, 'internal error while handling the request');
      else res.end();
    });
  });
  // A client that sends its headers or body a byte at a time must not hold a connection for long.
  http.headersTimeout = 15_000;
  http.requestTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port, options.host, () => resolve());
  });
  const port = (http.address() as AddressInfo).port;
  const allowedHosts = allowedHostsFor(options.host, port);
  guard = { allowedHosts, allowedOrigins: allowedOriginsFor(allowedHosts) };
  const hostForUrl = options.host.includes(':') ? `[${options.host}]` : options.host;
  publicUrl = `http://${hostForUrl}:${port}${MCP_PATH}`;
  oidc?.useDefaultAudience(publicUrl);
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
      stopListChanges();
      stopFileChanges();
      shared.close();
      await modern.close();
      await sessions.closeAll();
      await new Promise<void>((resolve) => {
        http.close(() => resolve());
        http.closeAllConnections();
      });
    },
  };
}

function tooMany(res: ServerResponse, retryAfterSeconds: number, message: string): void {
  res.setHeader('Retry-After', String(retryAfterSeconds));
  reply(res, 429, `${message}; try again in ${retryAfterSeconds} s`);
}

function reply(res: ServerResponse, status: number, message: string, code = SERVER_ERROR): void {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id: null }));
}
