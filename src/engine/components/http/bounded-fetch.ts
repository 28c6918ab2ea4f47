// One HTTP exchange with the limits a flow needs: a deadline for the whole exchange (body included), a
// cap on the response body, http(s) only, and redirects followed by hand so one to another origin is
// refused unless allowed, and never carries the caller's headers (they may hold secrets bound to the
// first origin).

import { describeSize } from '../../files/file-rules';

/** A failure this module describes itself (a refused redirect, a body too large), passed on as is. */
export class HttpRequestError extends Error {}

export type RedirectRule = 'same-origin' | 'any-origin' | 'none';

export interface HttpCall {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | undefined;
  timeoutMs: number;
  redirects: RedirectRule;
  maxBytes: number;
  signal: AbortSignal;
}

export interface HttpAnswer {
  status: number;
  /** The URL that answered, after redirects. */
  url: string;
  headers: Record<string, string>;
  text: string;
}

export const MAX_REDIRECTS = 5;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** The URL, or a readable error when it is not an http(s) URL. */
export function httpUrlOf(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new HttpRequestError(`'${shorten(text)}' is not a URL; give a full address such as https://api.example.com/items`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new HttpRequestError(`'${url.protocol}' URLs are not allowed; http.request only speaks http: and https:`);
  }
  return url;
}

export async function sendHttpRequest(call: HttpCall): Promise<HttpAnswer> {
  const deadline = AbortSignal.timeout(call.timeoutMs);
  const signal = AbortSignal.any([call.signal, deadline]);
  let url = httpUrlOf(call.url);
  let method = call.method;
  let headers = call.headers;
  let body = call.body;
  const where = () => `${method} ${url.origin}${url.pathname}`;
  try {
    for (let hops = 0; ; hops++) {
      const response = await fetch(url, { method, headers, body, redirect: 'manual', signal });
      const location = response.headers.get('location');
      if (call.redirects !== 'none' && REDIRECT_STATUSES.has(response.status) && location !== null) {
        await response.body?.cancel();
        if (hops >= MAX_REDIRECTS) throw new HttpRequestError(`${where()} redirected more than ${MAX_REDIRECTS} times`);
        const target = httpUrlOf(new URL(location, url).href);
        if (target.origin !== url.origin) {
          if (call.redirects !== 'any-origin') {
            throw new HttpRequestError(
              `${where()} redirected to another origin, ${target.origin}; set params.redirects to "any-origin" to follow it (headers are not sent on)`,
            );
          }
          headers = {};
        }
        // As browsers do: a 303, or a 301/302 answering a POST, continues as a GET without a body.
        if (response.status === 303 || ((response.status === 301 || response.status === 302) && method === 'POST')) {
          method = 'GET';
          body = undefined;
          headers = withoutContentHeaders(headers);
        }
        url = target;
        continue;
      }
      const text = await readCapped(response, call.maxBytes, where());
      const answerHeaders: Record<string, string> = {};
      response.headers.forEach((value, name) => (answerHeaders[name] = value));
      return { status: response.status, url: url.href, headers: answerHeaders, text };
    }
  } catch (error) {
    if (call.signal.aborted) throw call.signal.reason instanceof Error ? call.signal.reason : error;
    if (deadline.aborted) throw new Error(`${where()} did not answer completely within ${call.timeoutMs} ms (params.timeoutMs)`);
    throw describeNetworkError(error, where());
  }
}

async function readCapped(response: Response, maxBytes: number, where: string): Promise<string> {
  const tooLarge = () => new HttpRequestError(`the response of ${where} is larger than ${describeSize(maxBytes)}, the most a flow reads`);
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel();
    throw tooLarge();
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}

function withoutContentHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !/^content-/i.test(name)));
}

function describeNetworkError(error: unknown, where: string): Error {
  if (error instanceof HttpRequestError) return error;
  if (!(error instanceof Error)) return new Error(`${where} failed: ${String(error)}`);
  // fetch reports every network failure as "fetch failed"; the reason is in `cause`.
  const cause = error.cause instanceof Error ? error.cause.message : undefined;
  return new Error(`${where} failed: ${cause ?? error.message}`);
}

function shorten(text: string): string {
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}
