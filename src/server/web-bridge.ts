// Node's http request and response as the web Request and Response the MCP SDK's HTTP serving works
// with. The body has been read (and bounded) already; the Request carries it again so the SDK can
// check its headers, and a response stream (SSE) is piped back chunk by chunk until either side ends.
import type { IncomingMessage, ServerResponse } from 'node:http';

/** A web Request for `req`; `signal` aborts when the client goes away. */
export function toWebRequest(req: IncomingMessage, url: string, body: string | undefined, signal: AbortSignal): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one);
  }
  return new Request(url, { method: req.method, headers, signal, ...(body !== undefined ? { body } : {}) });
}

/** Writes a web Response to `res`, streaming its body; settles when the response has ended or the client left. */
export async function sendWebResponse(res: ServerResponse, response: Response): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    const previous = headers[name];
    headers[name] = previous === undefined ? value : [...(Array.isArray(previous) ? previous : [previous]), value];
  });
  res.writeHead(response.status, headers);
  if (!response.body) {
    res.end();
    return;
  }
  if (typeof res.flushHeaders === 'function') res.flushHeaders();
  const reader = response.body.getReader();
  const stop = () => void reader.cancel().catch(() => undefined);
  res.once('close', stop);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!res.write(value)) await new Promise<void>((resolve) => res.once('drain', resolve));
    }
  } catch {
    // The stream failed or was cancelled because the client left; there is nobody to tell.
  } finally {
    res.off('close', stop);
    res.end();
  }
}
