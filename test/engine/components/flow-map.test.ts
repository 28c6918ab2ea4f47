// flow.map against real sub-flow files: order, concurrency, failures by index, the error port, and the
// run's file-root and sub-flow limits holding for every item.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { FileFlowLoader, runFlow, serializeFlow, validateFlow, type Flow } from '../../../src/engine';
import { buildFlow, collect, eventsOf } from '../../helpers/flow-builder';

describe('flow.map', () => {
  let dir: string;
  const write = (name: string, flow: Flow) => writeFileSync(path.join(dir, name), serializeFlow(flow));
  const load = (name: string) => new FileFlowLoader().load(name, dir);

  function mapper(name: string, params: Record<string, unknown>, withErrorPort = false): Flow {
    return buildFlow(
      {
        items: ['input.json', { name: 'items' }],
        map: ['flow.map', params],
        out: ['output.json', { name: 'results' }],
        ...(withErrorPort ? { why: ['output.text', { name: 'why' }] } : {}),
      },
      ['items.value -> map.items', 'map.results -> out.value', ...(withErrorPort ? ['map.error -> why.text'] : [])],
      name,
    );
  }

  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'flowstudio-map-'));
    write(
      'shout.flow.json',
      buildFlow(
        {
          in: ['input.text', { name: 'words', required: true }],
          t: ['text.template', { template: '{{v}}!' }],
          out: ['output.text', { name: 'loud' }],
        },
        ['in.text -> t.v', 't.text -> out.text'],
        'shout',
      ),
    );
    write(
      'pair.flow.json',
      buildFlow(
        {
          a: ['input.text', { name: 'first', required: true }],
          b: ['input.text', { name: 'last', required: true }],
          t: ['text.template', { template: '{{a}} {{b}}' }],
          out: ['output.text', { name: 'full' }],
          n: ['output.json', { name: 'parts' }],
          c: ['code.js', { code: 'return input.length' }],
        },
        ['a.text -> t.a', 'b.text -> t.b', 't.text -> out.text', 'a.text -> c.input', 'b.text -> c.input', 'c.value -> n.value'],
        'pair',
      ),
    );
    write(
      'fails-on-b.flow.json',
      buildFlow(
        {
          in: ['input.text', { name: 'x', required: true }],
          check: ['code.js', { code: 'if (input[0] === "b") throw new Error("b is not welcome");\nreturn input[0]' }],
          out: ['output.json', { name: 'y' }],
        },
        ['in.text -> check.input', 'check.value -> out.value'],
        'fails-on-b',
      ),
    );
    write('mapper.flow.json', mapper('mapper', { file: 'shout.flow.json' }));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('runs the sub-flow once per item and returns the results in input order', async () => {
    const { file, flow } = load('mapper.flow.json');
    const { result } = await collect(runFlow(flow, { file, inputs: { items: ['a', 'b', 'c'] } }));
    assert.equal(result.status, 'ok', result.error?.message);
    assert.deepEqual(result.outputs.results, ['a!', 'b!', 'c!']);
  });

  it('keeps input order when later items finish first', async () => {
    // The server answers item n after (10 - n) × 5 ms, so the first items come back last.
    const finished: number[] = [];
    const server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        const n = (JSON.parse(body) as { n: number }).n;
        setTimeout(
          () => {
            finished.push(n);
            response.setHeader('content-type', 'application/json');
            response.end(JSON.stringify({ echoed: n }));
          },
          (10 - n) * 5,
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      write(
        'echo.flow.json',
        buildFlow(
          {
            in: ['input.json', { name: 'item' }],
            call: ['http.request', { method: 'POST', url: `http://127.0.0.1:${port}/echo` }],
            out: ['output.json', { name: 'v' }],
          },
          ['in.value -> call.body', 'call.json -> out.value'],
          'echo',
        ),
      );
      write('order.flow.json', mapper('order', { file: 'echo.flow.json', concurrency: 10 }));
      const { file, flow } = load('order.flow.json');
      const items = Array.from({ length: 10 }, (_, n) => ({ n }));
      const { result } = await collect(runFlow(flow, { file, inputs: { items } }));
      assert.equal(result.status, 'ok', result.error?.message);
      assert.deepEqual(
        result.outputs.results,
        items.map(({ n }) => ({ echoed: n })),
      );
      assert.notDeepEqual(finished, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 'the items finished in input order, so the test proves nothing');
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('passes object items as the inputs of a sub-flow with several, and gives every output of such a flow', async () => {
    write('pairs.flow.json', mapper('pairs', { file: 'pair.flow.json' }));
    const { file, flow } = load('pairs.flow.json');
    const { result } = await collect(
      runFlow(flow, {
        file,
        inputs: {
          items: [
            { first: 'Ada', last: 'Lovelace' },
            { first: 'Alan', last: 'Turing' },
          ],
        },
      }),
    );
    assert.equal(result.status, 'ok', result.error?.message);
    assert.deepEqual(result.outputs.results, [
      { full: 'Ada Lovelace', parts: 2 },
      { full: 'Alan Turing', parts: 2 },
    ]);
  });

  it('says which item cannot fill a sub-flow with several inputs', async () => {
    write('pairs-bad.flow.json', mapper('pairs-bad', { file: 'pair.flow.json' }));
    const { file, flow } = load('pairs-bad.flow.json');
    const { result } = await collect(runFlow(flow, { file, inputs: { items: [{ first: 'a', last: 'b' }, 'oops'] } }));
    assert.equal(result.status, 'error');
    assert.equal(result.error?.nodeId, 'map');
    assert.match(result.error?.message ?? '', /item 1 is a string/);
    assert.match(result.error?.message ?? '', /'first', 'last'/);
  });

  it('fills the input named by params.input', async () => {
    write('named.flow.json', mapper('named', { file: 'pair.flow.json', input: 'first' }));
    const { file, flow } = load('named.flow.json');
    // `last` is required, so the item alone is not enough: the run names what is missing.
    const { result } = await collect(runFlow(flow, { file, inputs: { items: ['x'] } }));
    assert.equal(result.status, 'error');
    assert.match(result.error?.message ?? '', /item 0 failed: .*missing required input 'last'/);
  });

  it('fails the node naming the index of the item that failed', async () => {
    write('fails.flow.json', mapper('fails', { file: 'fails-on-b.flow.json', concurrency: 1 }));
    const { file, flow } = load('fails.flow.json');
    const { result } = await collect(runFlow(flow, { file, inputs: { items: ['a', 'b', 'c'] } }));
    assert.equal(result.status, 'error');
    assert.equal(result.error?.nodeId, 'map');
    assert.match(result.error?.message ?? '', /^item 1 failed: sub-flow fails-on-b\.flow\.json failed at node 'check': .*b is not welcome/);
  });

  it('routes the failure to the error port when it is connected, and the run goes on', async () => {
    write('routed.flow.json', mapper('routed', { file: 'fails-on-b.flow.json' }, true));
    const { file, flow } = load('routed.flow.json');
    const { result, events } = await collect(runFlow(flow, { file, inputs: { items: ['a', 'b'] } }));
    assert.equal(result.status, 'ok', result.error?.message);
    assert.match(String(result.outputs.why), /item 1 failed: .*b is not welcome/);
    assert.equal(result.outputs.results, undefined);
    assert.equal(eventsOf(events, 'node.error')[0]?.handled, true);
  });

  it('runs at most `concurrency` items at once', async () => {
    // Each item calls a local server that counts the requests in flight at once.
    let inFlight = 0;
    let most = 0;
    const server = createServer((request, response) => {
      most = Math.max(most, ++inFlight);
      setTimeout(() => {
        inFlight--;
        response.end('{}');
      }, 20);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      write(
        'call.flow.json',
        buildFlow(
          {
            in: ['input.json', { name: 'item' }],
            call: ['http.request', { method: 'POST', url: `http://127.0.0.1:${port}/` }],
            out: ['output.json', { name: 'v' }],
          },
          ['in.value -> call.body', 'call.status -> out.value'],
          'call',
        ),
      );
      write('bounded.flow.json', mapper('bounded', { file: 'call.flow.json', concurrency: 2 }));
      const { file, flow } = load('bounded.flow.json');
      const { result, events } = await collect(runFlow(flow, { file, inputs: { items: [1, 2, 3, 4, 5, 6] } }));
      assert.equal(result.status, 'ok', result.error?.message);
      assert.deepEqual(result.outputs.results, [200, 200, 200, 200, 200, 200]);
      assert.equal(most, 2);
      assert.deepEqual(
        eventsOf(events, 'node.progress').map((e) => e.progress),
        [1, 2, 3, 4, 5, 6],
      );
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('gives an empty list for no items', async () => {
    const { file, flow } = load('mapper.flow.json');
    const { result } = await collect(runFlow(flow, { file, inputs: { items: [] } }));
    assert.equal(result.status, 'ok', result.error?.message);
    assert.deepEqual(result.outputs.results, []);
  });

  it('refuses items that are not a list', async () => {
    const { file, flow } = load('mapper.flow.json');
    const { result } = await collect(runFlow(flow, { file, inputs: { items: { a: 1 } } }));
    assert.equal(result.status, 'error');
    assert.match(result.error?.message ?? '', /items must be a list, got a object/);
  });

  it('keeps the sub-flow inside the run’s allowed roots', async () => {
    const outside = mkdtempSync(path.join(tmpdir(), 'flowstudio-map-outside-'));
    try {
      writeFileSync(path.join(outside, 'secret.flow.json'), serializeFlow(load('shout.flow.json').flow));
      write('escape.flow.json', mapper('escape', { file: path.join(outside, 'secret.flow.json') }));
      const { file, flow } = load('escape.flow.json');
      const { result } = await collect(runFlow(flow, { file, inputs: { items: ['a'] } }));
      assert.equal(result.status, 'error');
      assert.match(result.error?.message ?? '', /outside/i);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('counts every item against the run’s sub-flow limit', async () => {
    const { file, flow } = load('mapper.flow.json');
    const items = Array.from({ length: 1001 }, (_, i) => `w${i}`);
    const { result } = await collect(runFlow(flow, { file, inputs: { items } }));
    assert.equal(result.status, 'error');
    assert.match(result.error?.message ?? '', /item \d+ failed: this run started more than 1000 sub-flows/);
  });

  it('reports a missing sub-flow file and an unknown params.input when validating', () => {
    const missing = validateFlow(mapper('m', { file: 'nowhere.flow.json' }));
    assert.ok(
      missing.some((d) => d.nodeId === 'map' && /nowhere\.flow\.json/.test(d.message)),
      JSON.stringify(missing),
    );
    write('unknown-input.flow.json', mapper('u', { file: 'shout.flow.json', input: 'nope' }));
    const { file, flow } = load('unknown-input.flow.json');
    const diagnostics = validateFlow(flow, undefined, { file });
    assert.ok(
      diagnostics.some((d) => d.nodeId === 'map' && /has no input 'nope'; its inputs are 'words'/.test(d.message)),
      JSON.stringify(diagnostics),
    );
  });
});
