// http.request against local HTTP servers on 127.0.0.1: answers, bodies, and the attacks it must stop
// (a redirect to another origin, a 50 MB body, a server that never answers, a secret sent to an origin
// it is not bound to, file: and data: URLs).
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { commandLinePolicy, runFlow, validateFlow, type Flow } from '../../../src/engine';
import { buildFlow, collect } from '../../helpers/flow-builder';

type Handler = (request: IncomingMessage, body: string, response: ServerResponse) => void;

interface LocalServer {
  origin: string;
  requests: { path: string; headers: IncomingHttpHeaders; body: string }[];
  route(path: string, handler: Handler): void;
  close(): Promise<void>;
}

async function startServer(): Promise<LocalServer> {
  const routes = new Map<string, Handler>();
  const requests: LocalServer['requests'] = [];
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const path = request.url ?? '/';
      requests.push({ path, headers: request.headers, body });
      const handler = routes.get(path);
      if (handler) handler(request, body, response);
      else {
        response.statusCode = 404;
        response.end('not here');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    route: (path, handler) => routes.set(path, handler),
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

function requestFlow(params: Record<string, unknown>, withBodyInput = false): Flow {
  return buildFlow(
    {
      ...(withBodyInput ? { payload: ['input.json', { name: 'payload' }] } : {}),
      call: ['http.request', params],
      status: ['output.json', { name: 'status' }],
      json: ['output.json', { name: 'json' }],
      text: ['output.text', { name: 'text' }],
    },
    [
      ...(withBodyInput ? ['payload.value -> call.body'] : []),
      'call.status -> status.value',
      'call.json -> json.value',
      'call.text -> text.text',
    ],
  );
}

const TOKEN = 'tok-3f9a1c77e2b84d0c';
const secrets = { get: async (name: string) => (name === 'API_TOKEN' ? TOKEN : undefined) };

describe('http.request', () => {
  let api: LocalServer;
  let other: LocalServer;
  before(async () => {
    api = await startServer();
    other = await startServer();
    api.route('/items', (_request, _body, response) => {
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ items: [1, 2, 3] }));
    });
    api.route('/hello', (_request, _body, response) => response.end('hello, not json'));
    api.route('/echo', (request, body, response) => {
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ method: request.method, contentType: request.headers['content-type'] ?? null, body }));
    });
    api.route('/missing', (_request, _body, response) => {
      response.statusCode = 404;
      response.end('{"error":"no such item"}');
    });
    api.route('/moved', (_request, _body, response) => {
      response.statusCode = 302;
      response.setHeader('location', '/items');
      response.end();
    });
    api.route('/away', (_request, _body, response) => {
      response.statusCode = 302;
      response.setHeader('location', `${other.origin}/landing`);
      response.end();
    });
    api.route('/loop', (_request, _body, response) => {
      response.statusCode = 302;
      response.setHeader('location', '/loop');
      response.end();
    });
    api.route('/to-file', (_request, _body, response) => {
      response.statusCode = 302;
      response.setHeader('location', 'file:///etc/passwd');
      response.end();
    });
    other.route('/landing', (_request, _body, response) => response.end('landed'));
    // 50 MB in 1 MB chunks, with no length announced, so only counting while reading can stop it.
    api.route('/huge', (_request, _body, response) => {
      const chunk = Buffer.alloc(1024 * 1024, 'x');
      let sent = 0;
      const pump = () => {
        while (sent < 50 && !response.destroyed) {
          sent++;
          if (!response.write(chunk)) return void response.once('drain', pump);
        }
        if (!response.destroyed) response.end();
      };
      response.on('error', () => undefined);
      pump();
    });
    api.route('/huge-declared', (_request, _body, response) => {
      response.setHeader('content-length', String(50 * 1024 * 1024));
      response.write('x');
      // Never sends the rest: the declared length alone must end the request.
    });
    api.route('/never', () => {
      // Holds the request open forever.
    });
  });
  after(async () => {
    await api.close();
    await other.close();
  });
  beforeEach(() => {
    api.requests.length = 0;
    other.requests.length = 0;
  });

  it('outputs the status, the text and the parsed JSON', async () => {
    const { result } = await collect(runFlow(requestFlow({ url: `${api.origin}/items` })));
    assert.equal(result.status, 'ok', result.error?.message);
    assert.equal(result.outputs.status, 200);
    assert.deepEqual(result.outputs.json, { items: [1, 2, 3] });
    assert.equal(result.outputs.text, '{"items":[1,2,3]}');
  });

  it('leaves json inactive when the body is not JSON', async () => {
    const { result } = await collect(runFlow(requestFlow({ url: `${api.origin}/hello` })));
    assert.equal(result.status, 'ok', result.error?.message);
    assert.equal(result.outputs.text, 'hello, not json');
    assert.equal('json' in result.outputs, false);
  });

  it('sends a connected object as a JSON body, and text params as they are', async () => {
    const { result } = await collect(
      runFlow(requestFlow({ method: 'POST', url: `${api.origin}/echo` }, true), { inputs: { payload: { q: 'flows' } } }),
    );
    assert.equal(result.status, 'ok', result.error?.message);
    assert.deepEqual(result.outputs.json, { method: 'POST', contentType: 'application/json', body: '{"q":"flows"}' });
    const plain = await collect(
      runFlow(requestFlow({ method: 'PUT', url: `${api.origin}/echo`, body: 'a=1', headers: { 'Content-Type': 'text/plain' } })),
    );
    assert.deepEqual(plain.result.outputs.json, { method: 'PUT', contentType: 'text/plain', body: 'a=1' });
  });

  it('passes an error status on, or fails the node with failOnErrorStatus', async () => {
    const passed = await collect(runFlow(requestFlow({ url: `${api.origin}/missing` })));
    assert.equal(passed.result.status, 'ok');
    assert.equal(passed.result.outputs.status, 404);
    const failed = await collect(runFlow(requestFlow({ url: `${api.origin}/missing`, failOnErrorStatus: true })));
    assert.equal(failed.result.status, 'error');
    assert.match(failed.result.error?.message ?? '', /answered 404: \{"error":"no such item"\}/);
  });

  it('follows a redirect on the same origin', async () => {
    const { result } = await collect(runFlow(requestFlow({ url: `${api.origin}/moved` })));
    assert.equal(result.status, 'ok', result.error?.message);
    assert.deepEqual(result.outputs.json, { items: [1, 2, 3] });
  });

  it('refuses a redirect to another origin, which receives nothing', async () => {
    const { result } = await collect(runFlow(requestFlow({ url: `${api.origin}/away` })));
    assert.equal(result.status, 'error');
    assert.match(
      result.error?.message ?? '',
      new RegExp(`redirected to another origin, ${other.origin}; set params.redirects to "any-origin"`),
    );
    assert.equal(other.requests.length, 0);
  });

  it('follows a redirect to another origin only when allowed, without the headers that may hold a secret', async () => {
    const flow = requestFlow({
      url: `${api.origin}/away`,
      redirects: 'any-origin',
      headers: { Authorization: 'Bearer {{secret:API_TOKEN}}' },
    });
    const { result } = await collect(
      runFlow(flow, { secrets, secretPolicy: commandLinePolicy([{ name: 'API_TOKEN', destination: api.origin }]) }),
    );
    assert.equal(result.status, 'ok', result.error?.message);
    assert.equal(result.outputs.text, 'landed');
    assert.equal(api.requests[0]?.headers.authorization, `Bearer ${TOKEN}`);
    assert.equal(other.requests.length, 1);
    assert.equal(other.requests[0]?.headers.authorization, undefined);
  });

  it('stops a redirect loop and a redirect to a file: URL', async () => {
    const loop = await collect(runFlow(requestFlow({ url: `${api.origin}/loop` })));
    assert.match(loop.result.error?.message ?? '', /redirected more than 5 times/);
    const toFile = await collect(runFlow(requestFlow({ url: `${api.origin}/to-file`, redirects: 'any-origin' })));
    assert.match(toFile.result.error?.message ?? '', /'file:' URLs are not allowed/);
  });

  it('stops reading a 50 MB body at the 10 MB cap', async () => {
    const started = performance.now();
    const { result } = await collect(runFlow(requestFlow({ url: `${api.origin}/huge` })));
    assert.equal(result.status, 'error');
    assert.match(result.error?.message ?? '', /GET http:\/\/127\.0\.0\.1:\d+\/huge is larger than 10 MB/);
    assert.ok(performance.now() - started < 10_000);
    const declared = await collect(runFlow(requestFlow({ url: `${api.origin}/huge-declared` })));
    assert.match(declared.result.error?.message ?? '', /larger than 10 MB/);
  });

  it('applies a smaller cap given to the run', async () => {
    const { result } = await collect(runFlow(requestFlow({ url: `${api.origin}/items` }), { files: { maxFileBytes: 10 } }));
    assert.equal(result.status, 'error');
    assert.match(result.error?.message ?? '', /larger than 10 bytes/);
  });

  it('gives up on a server that never answers after timeoutMs', async () => {
    const started = performance.now();
    const { result } = await collect(runFlow(requestFlow({ url: `${api.origin}/never`, timeoutMs: 300 })));
    const elapsed = performance.now() - started;
    assert.equal(result.status, 'error');
    assert.match(result.error?.message ?? '', /GET http:\/\/127\.0\.0\.1:\d+\/never did not answer completely within 300 ms/);
    assert.ok(elapsed >= 290 && elapsed < 5_000, `took ${elapsed} ms`);
  });

  it('refuses to send a secret to an origin it is not bound to, and the server receives nothing', async () => {
    const flow = requestFlow({ url: `${api.origin}/items`, headers: { Authorization: 'Bearer {{secret:API_TOKEN}}' } });
    const { result, events } = await collect(runFlow(flow, { secrets }));
    assert.equal(result.status, 'error');
    assert.match(result.error?.message ?? '', new RegExp(`secret 'API_TOKEN' may not be sent to ${api.origin}`));
    assert.equal(api.requests.length, 0);
    assert.ok(!JSON.stringify(events).includes(TOKEN));
  });

  it('sends a secret to its bound origin and keeps it out of events and outputs', async () => {
    const flow = requestFlow({ url: `${api.origin}/echo`, method: 'POST', headers: { 'X-Api-Key': '{{secret:API_TOKEN}}' }, body: TOKEN });
    const { result, events } = await collect(
      runFlow(flow, { secrets, secretPolicy: commandLinePolicy([{ name: 'API_TOKEN', destination: api.origin }]) }),
    );
    assert.equal(result.status, 'ok', result.error?.message);
    assert.equal(api.requests[0]?.headers['x-api-key'], TOKEN);
    // The server echoed the token back in the body; the run's outputs and events mask it.
    assert.ok(!JSON.stringify(result.outputs).includes(TOKEN));
    assert.ok(!JSON.stringify(events).includes(TOKEN));
  });

  it('refuses file: and data: URLs when validating and when running', async () => {
    for (const url of ['file:///etc/passwd', 'data:text/plain,hello']) {
      const flow = requestFlow({ url });
      const diagnostics = validateFlow(flow);
      assert.ok(
        diagnostics.some((d) => d.nodeId === 'call' && /URLs are not allowed/.test(d.message)),
        JSON.stringify(diagnostics),
      );
      const { result } = await collect(runFlow(flow));
      assert.equal(result.status, 'error');
      assert.match(result.error?.message ?? '', /URLs are not allowed/);
    }
  });

  it('reports a literal credential in a header when validating', () => {
    const diagnostics = validateFlow(requestFlow({ url: `${api.origin}/items`, headers: { Authorization: 'Bearer abc123' } }));
    const problem = diagnostics.find((d) => d.nodeId === 'call');
    assert.ok(problem, JSON.stringify(diagnostics));
    assert.match(problem.message, /header 'Authorization' holds a literal credential/);
    assert.deepEqual(problem.path?.slice(-2), ['headers', 'Authorization']);
  });

  it('says clearly when nothing listens at the URL', async () => {
    const closed = await startServer();
    const origin = closed.origin;
    await closed.close();
    const { result } = await collect(runFlow(requestFlow({ url: `${origin}/items` })));
    assert.equal(result.status, 'error');
    assert.match(result.error?.message ?? '', /GET http:\/\/127\.0\.0\.1:\d+\/items failed: .*ECONNREFUSED/);
  });
});
