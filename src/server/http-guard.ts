// Checks every HTTP request to the flow server before the MCP layer sees it: a Host header naming
// this server (against DNS rebinding), an Origin, if any, from this server, the presence of a bearer
// token (verified afterwards by a BearerVerifier), and a body size limit.
import type { IncomingMessage } from 'node:http';

export interface GuardOptions {
  /** Host:port values the server answers to. */
  allowedHosts: ReadonlySet<string>;
  /** Origins allowed to call from a browser. */
  allowedOrigins: ReadonlySet<string>;
}

export type GuardVerdict = { ok: true; bearer: string } | { ok: false; status: 401 | 403; message: string };

export function allowedHostsFor(host: string, port: number): Set<string> {
  const names = new Set([host, '127.0.0.1', 'localhost', '[::1]']);
  return new Set([...names].map((name) => `${name.includes(':') && !name.startsWith('[') ? `[${name}]` : name}:${port}`));
}

export function allowedOriginsFor(hosts: ReadonlySet<string>): Set<string> {
  return new Set([...hosts].flatMap((h) => [`http://${h}`, `https://${h}`]));
}

export function checkRequest(req: IncomingMessage, options: GuardOptions): GuardVerdict {
  const host = (req.headers.host ?? '').toLowerCase();
  if (!options.allowedHosts.has(host)) return { ok: false, status: 403, message: `Host '${host}' is not allowed` };
  const origin = req.headers.origin;
  if (origin !== undefined && !options.allowedOrigins.has(origin.toLowerCase())) {
    return { ok: false, status: 403, message: `Origin '${origin}' is not allowed` };
  }
  const header = req.headers.authorization ?? '';
  // RFC 6750 form (1*SP, then token characters only), nothing trimmed: a token of spaces or no-break spaces is no token.
  const match = /^Bearer +([A-Za-z0-9\-._~+/]+=*)$/i.exec(header);
  if (!match)
    return { ok: false, status: 401, message: header === '' ? 'missing bearer token' : 'the Authorization header is not `Bearer <token>`' };
  return { ok: true, bearer: match[1]! };
}

export class BodyTooLargeError extends Error {}

/**
 * Reads a request body up to `limit` bytes. Past the limit it stops collecting and pauses the
 * request (not destroyed, so a 413 can still be sent on the connection); the caller decides the rest.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.off('data', onData);
        req.off('end', onEnd);
        req.pause();
        reject(new BodyTooLargeError(`request body is larger than ${limit} bytes`));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => resolve(Buffer.concat(chunks).toString('utf8'));
    req.on('data', onData);
    req.once('end', onEnd);
    req.once('error', reject);
  });
}
