// Validation of hostile graphs ends in bounded time with short, placed findings.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as z from 'zod';
import {
  McpConnectionPool,
  createCoreRegistry,
  defineComponent,
  parseFlow,
  serializeFlow,
  validateFlow,
  type Flow,
} from '../../../src/engine';
import { MAX_FLOW_NODES } from '../../../src/engine/flow/limits';
import { findCycles } from '../../../src/engine/validate/cycles';
import { buildFlow } from '../../helpers/flow-builder';

/** A chain of util.delay nodes n0 -> n1 -> ...; `extra` adds edges as [from, to] index pairs. */
function chain(length: number, extra: [number, number][] = []): Flow {
  const nodes = Array.from({ length }, (_, i) => ({ id: `n${i}`, type: 'util.delay', position: { x: i, y: 0 }, params: { ms: 0 } }));
  const pairs: [number, number][] = [...Array.from({ length: length - 1 }, (_, i): [number, number] => [i, i + 1]), ...extra];
  const edges = pairs.map(([from, to], i) => ({
    id: `e${i}`,
    source: `n${from}`,
    sourceHandle: 'value',
    target: `n${to}`,
    targetHandle: 'value',
  }));
  return parseFlow(serializeFlow({ version: 1, name: 'chain', nodes, edges }), 'chain.flow.json');
}

describe('bounded validation', function () {
  this.timeout(60_000);

  it('reports 20,000 back-edges over 10,000 nodes as one short cycle, quickly', () => {
    const backEdges = Array.from({ length: 20_000 }, (_, i): [number, number] => {
      const from = 1 + ((i * 7919) % (MAX_FLOW_NODES - 1));
      return [from, from - 1 - (i % Math.min(from, 50))];
    });
    const flow = chain(MAX_FLOW_NODES, backEdges);
    const deadline = Date.now() + 10_000;
    const cycles = validateFlow(flow).filter((d) => d.code === 'cycle');
    assert.ok(Date.now() < deadline, 'validation took more than 10 s');
    assert.equal(cycles.length, 1, 'the whole chain is one strongly connected component');
    assert.ok(cycles[0]!.message.length < 200, cycles[0]!.message);
    assert.match(cycles[0]!.message, /^cycle: 'n0' → 'n1' → 'n0'; flows must not loop back$/);
    assert.deepEqual([cycles[0]!.file, cycles[0]!.line !== undefined], ['chain.flow.json', true]);
  });

  it('names the shortest loop through each separate component, and a self-loop', () => {
    const flow = buildFlow(
      { a: ['util.delay'], b: ['util.delay'], c: ['util.delay'], d: ['util.delay'], x: ['util.delay'], y: ['util.delay'] },
      [
        'a.value -> b.value',
        'b.value -> c.value',
        'c.value -> d.value',
        'd.value -> a.value',
        'c.value -> a.value',
        'x.value -> x.value',
        'd.value -> y.value',
      ],
    );
    const cycles = validateFlow(flow).filter((d) => d.code === 'cycle');
    assert.deepEqual(
      cycles.map((d) => [d.nodeId, d.message]),
      [
        ['a', "cycle: 'a' → 'b' → 'c' → 'a'; flows must not loop back"],
        ['x', "cycle: 'x' → 'x'; flows must not loop back"],
      ],
    );
  });

  it('shortens a long loop to its ends and its length', () => {
    const flow = chain(40, [[39, 0]]);
    const [cycle] = validateFlow(flow).filter((d) => d.code === 'cycle');
    assert.equal(cycle?.message, "cycle (40 nodes): 'n0' → 'n1' → 'n2' → … → 'n38' → 'n39' → 'n0'; flows must not loop back");
  });

  it('finds cycles like a brute-force search on small random graphs', () => {
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    for (let round = 0; round < 200; round++) {
      const size = 1 + Math.floor(random() * 8);
      const next: number[][] = Array.from({ length: size }, () => []);
      for (let e = Math.floor(random() * size * 2); e > 0; e--) next[Math.floor(random() * size)]!.push(Math.floor(random() * size));
      const reaches = (from: number, to: number) => {
        const seen = new Set<number>();
        const stack = [...next[from]!];
        while (stack.length) {
          const v = stack.pop()!;
          if (v === to) return true;
          if (!seen.has(v)) {
            seen.add(v);
            stack.push(...next[v]!);
          }
        }
        return false;
      };
      const onSomeCycle = Array.from({ length: size }, (_, v) => reaches(v, v));
      const cycles = findCycles(next);
      for (const cycle of cycles) {
        cycle.forEach((v, i) =>
          assert.ok(next[v]!.includes(cycle[(i + 1) % cycle.length]!), `edge ${v} -> next in ${JSON.stringify(cycle)}`),
        );
      }
      const covered = new Set(cycles.flat());
      assert.equal(cycles.length > 0, onSomeCycle.some(Boolean), JSON.stringify(next));
      for (const v of covered) assert.ok(onSomeCycle[v]);
    }
  });

  it('lists 100 unknown types of 10,000 and sums up the rest, quickly', () => {
    const nodes = Array.from({ length: MAX_FLOW_NODES }, (_, i) => ({
      id: `n${i}`,
      type: `no.such.type.${'x'.repeat(i % 90)}`,
      position: { x: 0, y: 0 },
    }));
    const flow = parseFlow(serializeFlow({ version: 1, name: 'unknown', nodes, edges: [] }), 'unknown.flow.json');
    const deadline = Date.now() + 10_000;
    const found = validateFlow(flow).filter((d) => d.code === 'unknown-type');
    assert.ok(Date.now() < deadline, 'validation took more than 10 s');
    assert.equal(found.length, 101);
    assert.match(found[0]!.message, /^node 'n0': unknown component type 'no\.such\.type\.'/);
    assert.match(found[100]!.message, /^…and 9,900 more problems of this kind \(unknown-type\)/);
    assert.equal(typeof found[100]!.line, 'number');
  });

  it('lists 100 duplicate ids of 10,000 and clips a very long id', () => {
    const id = 'd'.repeat(100_000);
    const nodes = Array.from({ length: MAX_FLOW_NODES }, () => ({ id, type: 'util.delay', position: { x: 0, y: 0 } }));
    const found = validateFlow({ version: 1, name: 'dup', nodes, edges: [] }).filter((d) => d.code === 'duplicate-id');
    assert.equal(found.length, 101);
    assert.ok(found[0]!.message.length < 120, found[0]!.message.slice(0, 200));
    assert.match(found[100]!.message, /^…and 9,899 more/);
  });

  it('turns an mcp.tools node naming an unconfigured server into a finding on that node', async () => {
    const pool = new McpConnectionPool({ servers: new Map(), inputs: new Map(), problems: [] });
    try {
      const flow = buildFlow({ tools: ['mcp.tools', { server: 'nowhere' }] });
      const found = validateFlow(flow, undefined, { mcp: pool });
      assert.deepEqual(
        found.map((d) => [d.severity, d.nodeId, d.path]),
        [['error', 'tools', ['nodes', 0, 'params', 'server']]],
      );
      assert.match(found[0]!.message, /^node 'tools' \(mcp\.tools\): MCP server 'nowhere' is not configured/);
    } finally {
      await pool.close();
    }
  });

  it('turns a component check or params refinement that throws into a finding', () => {
    const registry = createCoreRegistry()
      .register(
        defineComponent({
          id: 'test.throws',
          category: 'data',
          title: 'T',
          description: 'T',
          params: z.object({}),
          inputs: [],
          outputs: [],
          check: () => {
            throw new Error('the check broke');
          },
          run: () => ({}),
        }),
      )
      .register(
        defineComponent({
          id: 'test.refine',
          category: 'data',
          title: 'R',
          description: 'R',
          params: z.object({}).refine(() => {
            throw new RangeError('refinement broke');
          }),
          inputs: [],
          outputs: [],
          run: () => ({}),
        }),
      );
    const found = validateFlow(buildFlow({ a: ['test.throws'], b: ['test.refine'] }), registry);
    assert.deepEqual(
      found.map((d) => [d.nodeId, d.code, d.message]),
      [
        ['b', 'invalid-params', "node 'b' (test.refine): params: could not be checked: refinement broke"],
        ['a', 'invalid-params', "node 'a' (test.throws): the check broke"],
      ],
    );
  });

  describe('sub-flow loops', () => {
    let dir: string;
    before(() => (dir = mkdtempSync(path.join(tmpdir(), 'flowstudio-subflows-'))));
    after(() => rmSync(dir, { recursive: true, force: true }));

    it('reads each sub-flow once in a diamond of 30 levels, and names a loop at its bottom', () => {
      const levels = 30;
      const write = (name: string, flow: Flow) => writeFileSync(path.join(dir, name), serializeFlow(flow));
      write(`level${levels}.flow.json`, buildFlow({ back: ['flow.run', { file: 'level15.flow.json' }] }, [], `level${levels}`));
      for (let level = levels - 1; level >= 0; level--) {
        const child = `level${level + 1}.flow.json`;
        write(
          `level${level}.flow.json`,
          buildFlow({ left: ['flow.run', { file: child }], right: ['flow.run', { file: child }] }, [], `level${level}`),
        );
      }
      const deadline = Date.now() + 10_000;
      const loops = validateFlow(buildFlow({ top: ['flow.run', { file: 'level0.flow.json' }] }), undefined, {
        file: path.join(dir, 'top.flow.json'),
      }).filter((d) => d.code === 'subflow-cycle');
      assert.ok(Date.now() < deadline, 'validation took more than 10 s');
      assert.equal(loops.length, 1);
      assert.match(
        loops[0]!.message,
        new RegExp(
          /^node 'top': sub-flows call each other in a loop: /.source +
            /top\.flow\.json → level0\.flow\.json → level1\.flow\.json → … → level30\.flow\.json → level15\.flow\.json$/.source,
        ),
      );
    });
  });
});
