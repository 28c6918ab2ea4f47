// A raw MCP initialize request over HTTP, for looking at a server's refusal itself (status, body,
// WWW-Authenticate), which an SDK client would turn into a generic error.
import { request } from 'node:http';

const initialize = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
});

/** An initialize request with this bearer token, as raw HTTP, to see the refusal itself. */
export function initializeWith(url: string, token: string | undefined): Promise<{ status: number; body: string; challenge?: string }> {
  return new Promise((resolve, reject) => {
    const headers = {
      'Content-Type': 'application/json',
      Accept: 'application/json, text/event-stream',
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
    };
    const req = request(url, { method: 'POST', headers }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, challenge: res.headers['www-authenticate'] }));
    });
    req.on('error', reject);
    req.end(initialize);
  });
}
