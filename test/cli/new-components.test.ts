// The new components through the built CLI: code.js's sandbox worker and its .wasm load from beside the
// bundle, flow.map runs a sub-flow file per item, and http.request refuses a secret for an unbound origin.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { serializeFlow } from '../../src/engine';
import { buildFlow } from '../helpers/flow-builder';
import { buildCli } from '../helpers/build-cli';

describe('new components through the CLI', function () {
  this.timeout(60_000);
  let dir: string;
  let cli: string;
  let server: Server;
  let origin: string;
  const received: (string | undefined)[] = [];

  // Asynchronous, so the local server in this process can answer the CLI while it runs.
  const run = (args: string[], env: Record<string, string> = {}) =>
    new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [cli, ...args], { cwd: dir, env: { ...process.env, ...env } });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const timer = setTimeout(() => child.kill(), 30_000);
      child.on('close', (status) => {
        clearTimeout(timer);
        resolve({ status, stdout, stderr });
      });
    });

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'flowstudio-cli-components-'));
    cli = await buildCli(dir);
    server = createServer((request, response) => {
      received.push(request.headers.authorization);
      response.setHeader('content-type', 'application/json');
      response.end('{"ok":true}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const write = (name: string, flow: ReturnType<typeof buildFlow>) => writeFileSync(path.join(dir, name), serializeFlow(flow));
    write(
      'double.flow.json',
      buildFlow(
        {
          n: ['input.number', { name: 'n' }],
          code: ['code.js', { code: 'return input[0] * 2' }],
          out: ['output.json', { name: 'doubled' }],
        },
        ['n.value -> code.input', 'code.value -> out.value'],
        'double',
      ),
    );
    write(
      'map.flow.json',
      buildFlow(
        {
          items: ['input.json', { name: 'items' }],
          map: ['flow.map', { file: 'double.flow.json', concurrency: 2 }],
          out: ['output.json', { name: 'results' }],
        },
        ['items.value -> map.items', 'map.results -> out.value'],
        'map',
      ),
    );
    write(
      'call.flow.json',
      buildFlow(
        {
          call: ['http.request', { url: `${origin}/`, headers: { Authorization: 'Bearer {{secret:SERVICE_TOKEN}}' } }],
          out: ['output.json', { name: 'status' }],
        },
        ['call.status -> out.value'],
        'call',
      ),
    );
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  it('maps a code.js sub-flow over a list', async () => {
    const r = await run(['run', 'map.flow.json', '--inputs-json', '{"items":[1,2,3]}', '--json']);
    assert.equal(r.status, 0, r.stderr + r.stdout);
    const out = JSON.parse(r.stdout) as { outputs: { results: unknown } };
    assert.deepEqual(out.outputs.results, [2, 4, 6]);
  });

  it('refuses to send a secret in a header to an origin it is not bound to, and sends it with --allow-secret', async () => {
    received.length = 0;
    const refused = await run(['run', 'call.flow.json', '--json'], { SERVICE_TOKEN: 'svc-0123456789abcdef' });
    assert.equal(refused.status, 1, refused.stderr + refused.stdout);
    assert.match(refused.stdout, /secret 'SERVICE_TOKEN' may not be sent to http:\/\/127\.0\.0\.1:\d+/);
    assert.ok(!refused.stdout.includes('svc-0123456789abcdef'));
    assert.equal(received.length, 0);
    const allowed = await run(['run', 'call.flow.json', '--json', '--allow-secret', `SERVICE_TOKEN=${origin}`], {
      SERVICE_TOKEN: 'svc-0123456789abcdef',
    });
    assert.equal(allowed.status, 0, allowed.stderr + allowed.stdout);
    assert.deepEqual(received, ['Bearer svc-0123456789abcdef']);
  });
});
