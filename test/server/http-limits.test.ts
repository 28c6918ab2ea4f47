// The HTTP flow server's limits against the attacks they exist for: blank or short tokens, bearer
// values padded with no-break spaces, session floods, wrong-token floods and chatty callers.
import assert from 'node:assert/strict';
import { request } from 'node:http';
import * as path from 'node:path';
import { createCoreRegistry } from '../../src/engine';
import { FlowToolCatalog, RunLimiter, serveFlowsOverHttp, type HttpServeOptions, type RunningHttpServer } from '../../src/server';
import { repoRoot } from '../helpers/build-cli';

const TOKEN = 'limits-test-token-0123456789';

interface RawReply {
  status: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

/** A raw POST to the server, with exactly these headers (Node sends latin1 bytes as given). */
function post(url: string, headers: Record<string, string>, body: string): Promise<RawReply> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream', ...headers } },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text, headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const initialize = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
});

async function until(condition: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('limits of the HTTP flow server', function () {
  const registry = createCoreRegistry();
  let catalog: FlowToolCatalog;
  const servers: RunningHttpServer[] = [];

  const start = async (options: Partial<HttpServeOptions> = {}) => {
    const server = await serveFlowsOverHttp({
      catalog,
      registry,
      limiter: new RunLimiter(4),
      version: 'test',
      host: '127.0.0.1',
      port: 0,
      token: TOKEN,
      ...options,
    });
    servers.push(server);
    return server;
  };

  before(async () => {
    catalog = new FlowToolCatalog(path.join(repoRoot, 'examples'), registry);
    await catalog.load();
  });
  after(async () => {
    await Promise.all(servers.map((s) => s.close()));
  });

  it('refuses to start with an empty, blank or short token, saying what a token needs', async () => {
    for (const token of ['', '   ', '\u00a0', 'short-token']) {
      await assert.rejects(start({ token }), /bearer token (is empty|has \d+ characters; it needs at least 16)/, JSON.stringify(token));
    }
    await assert.rejects(start({ token: 'sixteen chars or more, with spaces' }), /may hold only letters, digits/);
  });

  it('does not trim the bearer: no-break spaces around or instead of the token get 401', async () => {
    const server = await start();
    assert.equal((await post(server.url, { Authorization: `Bearer ${TOKEN}` }, initialize)).status, 200);
    for (const header of ['Bearer \u00a0', `Bearer ${TOKEN}\u00a0`, `Bearer \u00a0${TOKEN}`, `Bearer\u00a0${TOKEN}`]) {
      const reply = await post(server.url, { Authorization: header }, initialize);
      assert.equal(reply.status, 401, JSON.stringify(header));
      assert.match(reply.headers['www-authenticate'] as string, /^Bearer realm="flowstudio"/);
    }
  });

  it('caps open sessions: a flood of initialize requests gets 503 past the cap and no more sessions', async () => {
    const server = await start({ sessions: { maxSessions: 5 }, rate: { perMinute: 100_000 } });
    const statuses = new Map<number, number>();
    // 300 initializations, 20 at a time.
    for (let batch = 0; batch < 15; batch++) {
      const replies = await Promise.all(
        Array.from({ length: 20 }, () => post(server.url, { Authorization: `Bearer ${TOKEN}` }, initialize)),
      );
      for (const reply of replies) statuses.set(reply.status, (statuses.get(reply.status) ?? 0) + 1);
    }
    assert.equal(statuses.get(200), 5);
    assert.equal(statuses.get(503), 295);
    assert.equal(server.sessionCount(), 5);
    const refused = await post(server.url, { Authorization: `Bearer ${TOKEN}` }, initialize);
    assert.equal(refused.headers['retry-after'], '60');
    assert.match(refused.body, /too many open sessions \(the limit is 5\)/);
  });

  it('closes a session nobody used for the idle time, which frees its place', async () => {
    const server = await start({ sessions: { maxSessions: 1, idleMs: 300 } });
    assert.equal((await post(server.url, { Authorization: `Bearer ${TOKEN}` }, initialize)).status, 200);
    assert.equal(server.sessionCount(), 1);
    assert.equal((await post(server.url, { Authorization: `Bearer ${TOKEN}` }, initialize)).status, 503);
    await until(() => server.sessionCount() === 0, 'the idle session is closed');
    assert.equal((await post(server.url, { Authorization: `Bearer ${TOKEN}` }, initialize)).status, 200);
  });

  it('answers a flood of wrong tokens with 429 and Retry-After, and then refuses even the right one', async () => {
    const server = await start({ rate: { failedAuthPerMinute: 10 } });
    const statuses: number[] = [];
    let retryAfter: string | undefined;
    for (let i = 0; i < 40; i++) {
      const reply = await post(server.url, { Authorization: `Bearer wrong-token-guess-${String(i).padStart(6, '0')}` }, initialize);
      statuses.push(reply.status);
      if (reply.status === 429) retryAfter = reply.headers['retry-after'] as string;
    }
    assert.deepEqual(statuses.slice(0, 10), Array(10).fill(401));
    assert.deepEqual(statuses.slice(10), Array(30).fill(429));
    assert.ok(Number(retryAfter) >= 1 && Number(retryAfter) <= 60, `Retry-After ${retryAfter}`);
    // A right guess must look the same as a wrong one while the address is refused.
    const right = await post(server.url, { Authorization: `Bearer ${TOKEN}` }, initialize);
    assert.equal(right.status, 429);
  });

  it('limits requests per token with 429 and Retry-After', async () => {
    const server = await start({ rate: { perMinute: 5 } });
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await post(server.url, { Authorization: `Bearer ${TOKEN}` }, initialize)).status);
    assert.deepEqual(statuses, [200, 200, 200, 200, 200, 429, 429, 429]);
    const reply = await post(server.url, { Authorization: `Bearer ${TOKEN}` }, initialize);
    assert.equal(reply.headers['retry-after'], '12');
    assert.match(reply.body, /more than 5 requests a minute with this token/);
  });

  it('answers a body that is not JSON with a JSON-RPC parse error, and a stray message with invalid request', async () => {
    const server = await start();
    const notJson = await post(server.url, { Authorization: `Bearer ${TOKEN}` }, '{"jsonrpc":');
    assert.equal(notJson.status, 400);
    assert.equal(JSON.parse(notJson.body).error.code, -32700);
    const stray = await post(
      server.url,
      { Authorization: `Bearer ${TOKEN}` },
      JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }),
    );
    assert.equal(stray.status, 400);
    assert.equal(JSON.parse(stray.body).error.code, -32600);
  });
});
