// Mutated JSON-RPC bodies and headers against the real HTTP flow server on 127.0.0.1: whatever
// arrives, the answer is never a 500 or a stack trace, no request hangs, and the server still
// serves a proper client afterwards. FLOWSTUDIO_FUZZ_RUNS sets the cases, FLOWSTUDIO_FUZZ_SEED the seed,
// FLOWSTUDIO_FUZZ_REPORT=1 prints the statuses seen and the RSS (the numbers SECURITY.md records).
import assert from 'node:assert/strict';
import { request } from 'node:http';
import * as path from 'node:path';
import fc from 'fast-check';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { createCoreRegistry } from '../../src/engine';
import { FlowToolCatalog, RunLimiter, serveFlowsOverHttp, type RunningHttpServer } from '../../src/server';
import { repoRoot } from '../helpers/build-cli';

const RUNS = Number(process.env.FLOWSTUDIO_FUZZ_RUNS ?? 150);
const SEED = Number(process.env.FLOWSTUDIO_FUZZ_SEED ?? 20261205);
const TOKEN = 'fuzz-token-0123456789abcdef';
const MAX_BODY = 64 * 1024;
const REQUEST_TIMEOUT_MS = 10_000;

interface Sent {
  method: string;
  headers: Record<string, string>;
  body: string;
}

interface Answer {
  status: number;
  contentType: string;
  body: string;
}

/** Sends one request; an event stream is cut once its headers arrive (a GET stream stays open by design). */
function send(url: string, sent: Sent): Promise<Answer> {
  return new Promise((resolve, reject) => {
    // A connection per request: one case must not inherit a connection an earlier case left half-used.
    const req = request(
      url,
      { method: sent.method, headers: sent.headers, agent: false, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) },
      (res) => {
        const contentType = String(res.headers['content-type'] ?? '');
        if (contentType.startsWith('text/event-stream')) {
          resolve({ status: res.statusCode ?? 0, contentType, body: '' });
          req.destroy();
          return;
        }
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType, body }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(sent.body);
  });
}

// ---- what gets sent ----

const printable = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 60 });
const ids = fc.oneof(
  fc.integer(),
  fc.string({ maxLength: 10 }),
  fc.constant(null),
  fc.double(),
  fc.boolean(),
  fc.jsonValue({ maxDepth: 2 }),
);
const methods = fc.oneof(
  fc.constantFrom(
    'initialize',
    'tools/list',
    'tools/call',
    'resources/list',
    'resources/read',
    'prompts/list',
    'ping',
    'notifications/initialized',
    'notifications/cancelled',
    'logging/setLevel',
    'completion/complete',
  ),
  fc.string({ maxLength: 20 }),
);
const params = fc.oneof(
  fc.constant({ protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'fuzz', version: '1' } }),
  fc.record({
    name: fc.constantFrom('greet', 'nope', ''),
    arguments: fc.oneof(fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 3 })), fc.jsonValue({ maxDepth: 2 })),
  }),
  fc.record({ uri: fc.oneof(fc.constant('file:///etc/passwd'), fc.webUrl(), fc.string({ maxLength: 30 })) }),
  fc.jsonValue({ maxDepth: 4 }),
);
const message = fc.record(
  {
    jsonrpc: fc.oneof(fc.constant('2.0'), fc.jsonValue({ maxDepth: 1 })),
    id: ids,
    method: methods,
    params,
    result: fc.jsonValue({ maxDepth: 2 }),
    error: fc.jsonValue({ maxDepth: 2 }),
  },
  { requiredKeys: [] },
);
/** Deep nesting, as a parser or schema walker meets it. */
const deep = fc
  .integer({ min: 100, max: 5_000 })
  .map((depth) => `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":${'['.repeat(depth)}${']'.repeat(depth)}}`);
const bodies = fc.oneof(
  { weight: 5, arbitrary: message.map((m) => JSON.stringify(m)) },
  { weight: 2, arbitrary: fc.array(message, { maxLength: 5 }).map((m) => JSON.stringify(m)) },
  { weight: 2, arbitrary: message.chain((m) => fc.nat().map((cut) => JSON.stringify(m).slice(0, cut % (JSON.stringify(m).length + 1)))) },
  { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 5 }).map((v) => JSON.stringify(v)) },
  { weight: 1, arbitrary: deep },
  { weight: 1, arbitrary: fc.integer({ min: MAX_BODY - 10, max: MAX_BODY * 2 }).map((n) => `"${'x'.repeat(n)}"`) },
);

function requests(liveSession: () => string): fc.Arbitrary<Sent> {
  return fc
    .record({
      method: fc.oneof(
        { weight: 8, arbitrary: fc.constant('POST') },
        { weight: 2, arbitrary: fc.constantFrom('GET', 'DELETE', 'PUT', 'OPTIONS', 'PATCH') },
      ),
      authorization: fc.oneof(
        { weight: 8, arbitrary: fc.constant(`Bearer ${TOKEN}`) },
        { weight: 1, arbitrary: printable },
        { weight: 1, arbitrary: printable.map((t) => `Bearer ${t}`) },
      ),
      contentType: fc.oneof({ weight: 6, arbitrary: fc.constant('application/json') }, { weight: 1, arbitrary: printable }),
      accept: fc.oneof(
        { weight: 6, arbitrary: fc.constant('application/json, text/event-stream') },
        { weight: 1, arbitrary: fc.constantFrom('application/json', 'text/event-stream', '*/*') },
        { weight: 1, arbitrary: printable },
      ),
      session: fc.oneof(
        { weight: 4, arbitrary: fc.constant(undefined) },
        { weight: 3, arbitrary: fc.constant('live') },
        { weight: 1, arbitrary: printable },
      ),
      protocolVersion: fc.option(fc.oneof(fc.constantFrom('2025-06-18', '2025-03-26', '1999-01-01'), printable), { nil: undefined }),
      body: bodies,
    })
    .map((r) => ({
      method: r.method,
      headers: {
        Authorization: r.authorization,
        'Content-Type': r.contentType,
        Accept: r.accept,
        ...(r.session === undefined ? {} : { 'Mcp-Session-Id': r.session === 'live' ? liveSession() : r.session }),
        ...(r.protocolVersion === undefined ? {} : { 'Mcp-Protocol-Version': r.protocolVersion }),
      },
      body: r.method === 'GET' ? '' : r.body,
    }));
}

/** Fails with the case shortened: a counterexample may hold a 128 KB body. */
async function shortReport(details: fc.RunDetails<[Sent]>): Promise<void> {
  if (!details.failed) return;
  const example = details.counterexample?.[0];
  const shown = example
    ? JSON.stringify({
        ...example,
        body: example.body.length > 300 ? `${example.body.slice(0, 300)}… (${example.body.length} characters)` : example.body,
      })
    : 'none';
  throw new Error(
    `fuzz case failed (seed ${details.seed}, path ${details.counterexamplePath}): ${shown}\n${String(details.errorInstance)}`,
  );
}

describe('fuzz: mutated JSON-RPC against the HTTP flow server', function () {
  this.timeout(Math.max(60_000, RUNS * 1_000));
  let catalog: FlowToolCatalog;
  let server: RunningHttpServer;
  let client: Client;

  before(async () => {
    const registry = createCoreRegistry();
    catalog = new FlowToolCatalog(path.join(repoRoot, 'examples'), registry);
    await catalog.load();
    // Limits high enough that they are not what answers: the fuzz is about what the server makes of the input.
    server = await serveFlowsOverHttp({
      catalog,
      registry,
      limiter: new RunLimiter(4),
      version: 'fuzz',
      host: '127.0.0.1',
      port: 0,
      token: TOKEN,
      maxBodyBytes: MAX_BODY,
      sessions: { maxSessions: 100_000 },
      rate: { perMinute: 1_000_000, failedAuthPerMinute: 1_000_000 },
    });
    client = new Client({ name: 'fuzz-observer', version: '1' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(server.url), { requestInit: { headers: { Authorization: `Bearer ${TOKEN}` } } }),
    );
  });
  after(async () => {
    await client?.close().catch(() => undefined);
    await server?.close();
    catalog?.close();
  });

  /** A session for the cases to aim at (the observer's own stays out of reach, a case may DELETE it). */
  const startTarget = async (): Promise<string> => {
    const answer = await fetch(server.url, {
      method: 'POST',
      headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 0,
        method: 'initialize',
        params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'target', version: '1' } },
      }),
    });
    await answer.body?.cancel();
    return answer.headers.get('mcp-session-id')!;
  };

  it('answers every mutated request without a 500, a stack trace or a hang, and keeps serving', async () => {
    const statuses = new Map<number, number>();
    let target = await startTarget();
    await fc.assert(
      fc.asyncProperty(
        requests(() => target),
        async (sent) => {
          const answer = await send(server.url, sent);
          if (sent.method === 'DELETE' && sent.headers['Mcp-Session-Id'] === target) target = await startTarget();
          statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
          assert.ok(answer.status >= 200 && answer.status < 600, `status ${answer.status}`);
          assert.notEqual(answer.status, 500, answer.body);
          assert.doesNotMatch(answer.body, /\n\s+at .+:\d+:\d+/, 'a stack trace in the answer');
          if (answer.status >= 400 && answer.contentType.startsWith('application/json')) {
            const error = (JSON.parse(answer.body) as { error?: { code?: unknown; message?: unknown } }).error;
            assert.equal(typeof error?.code, 'number', answer.body);
            assert.equal(typeof error?.message, 'string', answer.body);
          }
        },
      ),
      { numRuns: RUNS, seed: SEED, endOnFailure: true, asyncReporter: shortReport },
    );
    if (process.env.FLOWSTUDIO_FUZZ_REPORT) console.log(JSON.stringify([...statuses].sort()), process.memoryUsage().rss);
    // A proper client, connected before the fuzz, still gets its answers.
    const result = await client.callTool({ name: 'greet', arguments: { person: 'Fuzz' } });
    assert.deepEqual(result.structuredContent, { greeting: 'Hello, Fuzz!' });
    assert.ok((statuses.get(200) ?? 0) + (statuses.get(202) ?? 0) > 0, `no request was accepted: ${JSON.stringify([...statuses])}`);
  });
});
