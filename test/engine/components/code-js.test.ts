// code.js in its QuickJS sandbox: results, the line of a wrong program, and what the sandbox must stop
// (an endless loop, a memory bomb, a runaway recursion, attempts to reach the host).
import assert from 'node:assert/strict';
import { runFlow, validateFlow, type Flow } from '../../../src/engine';
import { buildFlow, collect, eventsOf } from '../../helpers/flow-builder';

function codeFlow(code: string, extra: Record<string, unknown> = {}, inputs: number = 1): Flow {
  const names = Array.from({ length: inputs }, (_, i) => `in${i}`);
  return buildFlow(
    {
      ...Object.fromEntries(names.map((name) => [name, ['input.json', { name }]])),
      code: ['code.js', { code, ...extra }],
      out: ['output.json', { name: 'value' }],
    },
    [...names.map((name) => `${name}.value -> code.input`), 'code.value -> out.value'],
  );
}

async function runCode(code: string, inputs: Record<string, unknown> = { in0: null }, extra: Record<string, unknown> = {}) {
  return collect(runFlow(codeFlow(code, extra, Object.keys(inputs).length), { inputs }));
}

describe('code.js', () => {
  it('gives the connected values as `input`, in edge order, and outputs what the code returns', async () => {
    const { result } = await runCode('return { sum: input[0] + input[1], names: input[2].map((n) => n.toUpperCase()) }', {
      in0: 40,
      in1: 2,
      in2: ['ada', 'alan'],
    });
    assert.equal(result.status, 'ok', result.error?.message);
    assert.deepEqual(result.outputs.value, { sum: 42, names: ['ADA', 'ALAN'] });
  });

  it('settles a returned promise', async () => {
    const { result } = await runCode('return Promise.resolve(input[0]).then((x) => x * 2)', { in0: 21 });
    assert.equal(result.status, 'ok', result.error?.message);
    assert.equal(result.outputs.value, 42);
  });

  it('streams console.log lines as tokens of the node', async () => {
    const { result, events } = await runCode('console.log("seen", input[0]);\nreturn 1', { in0: { a: 1 } });
    assert.equal(result.status, 'ok', result.error?.message);
    assert.deepEqual(
      eventsOf(events, 'node.token').map((e) => e.token),
      ['seen {"a":1}\n'],
    );
  });

  it('names the line of a runtime error', async () => {
    const { result } = await runCode('const a = input[0];\nconst b = a.missing.deeper;\nreturn b', { in0: {} });
    assert.equal(result.status, 'error');
    assert.equal(result.error?.nodeId, 'code');
    assert.match(result.error?.message ?? '', /^line 2 of the code: TypeError: cannot read property 'deeper' of undefined/);
  });

  it('names the line of an error the code throws itself', async () => {
    const { result } = await runCode('if (true) {\n  throw new Error("no thanks");\n}');
    assert.match(result.error?.message ?? '', /^line 2 of the code: Error: no thanks/);
  });

  it('names the line of a syntax error, when validating and when running', async () => {
    const flow = codeFlow('const a = 1;\nconst b = ;\nreturn a');
    const diagnostics = validateFlow(flow);
    const problem = diagnostics.find((d) => d.nodeId === 'code');
    assert.ok(problem, JSON.stringify(diagnostics));
    assert.match(problem.message, /code has a syntax error, line 2: Unexpected token ';'/);
    assert.deepEqual(problem.path?.slice(-2), ['params', 'code']);
    const { result } = await collect(runFlow(flow, { inputs: { in0: 1 } }));
    assert.match(result.error?.message ?? '', /^line 2 of the code: SyntaxError/);
  });

  it('says an unclosed block ends the code, not a line past it', async () => {
    const { result } = await runCode('if (input[0]) {\n  return 1;');
    assert.match(result.error?.message ?? '', /^at the end of the code: SyntaxError/);
  });

  it('stops an endless loop after timeoutMs', async () => {
    const started = performance.now();
    const { result } = await runCode('let n = 0;\nwhile (true) n++;', { in0: null }, { timeoutMs: 200 });
    const elapsed = performance.now() - started;
    assert.equal(result.status, 'error');
    assert.match(result.error?.message ?? '', /the code did not finish within 200 ms \(params\.timeoutMs\)/);
    assert.ok(elapsed < 5_000, `took ${elapsed} ms`);
  });

  it('refuses allocations past the memory cap, and the next run works', async () => {
    for (const code of [
      'return "x".repeat(100 * 1024 * 1024).length',
      'return new ArrayBuffer(100 * 1024 * 1024).byteLength',
      'const n = 1;\nreturn new Array(20 * 1024 * 1024).fill(n).length',
    ]) {
      const { result } = await runCode(code, { in0: null }, { timeoutMs: 30_000 });
      assert.equal(result.status, 'error', code);
      assert.match(result.error?.message ?? '', /the code ran out of memory: it may use at most 32 MB/, code);
    }
    const next = await runCode('return input[0] + 1', { in0: 1 });
    assert.equal(next.result.outputs.value, 2);
  });

  it('ends a memory bomb that grows step by step, by memory or by time', async () => {
    const started = performance.now();
    const { result } = await runCode(
      'const all = [];\nwhile (true) all.push({ n: all.length, s: "item " + all.length });',
      { in0: null },
      { timeoutMs: 2_000 },
    );
    assert.equal(result.status, 'error');
    assert.match(result.error?.message ?? '', /ran out of memory|did not finish within 2000 ms/);
    assert.ok(performance.now() - started < 20_000);
  });

  it('ends a native call that runs past the deadline (QuickJS checks its deadline only between instructions)', async () => {
    const started = performance.now();
    const { result } = await runCode(
      'const all = [];\nwhile (true) all.push(new Array(100000).fill(all.length));',
      { in0: null },
      { timeoutMs: 500 },
    );
    const elapsed = performance.now() - started;
    assert.equal(result.status, 'error');
    assert.match(result.error?.message ?? '', /the code did not finish within 500 ms|ran out of memory/);
    assert.ok(elapsed < 5_000, `took ${elapsed} ms`);
  });

  it('stops a string that doubles without end', async () => {
    const { result } = await runCode('let s = "x";\nwhile (true) s += s;', { in0: null }, { timeoutMs: 2_000 });
    assert.equal(result.status, 'error');
    assert.match(result.error?.message ?? '', /out of memory|string too long|did not finish within 2000 ms/);
  });

  it('stops a runaway recursion without harming the host, and the next run works', async () => {
    const { result } = await runCode('function down(n) { return down(n + 1) + 1; }\nreturn down(0);');
    assert.equal(result.status, 'error');
    assert.match(result.error?.message ?? '', /stack overflow/);
    const next = await runCode('return "still here"');
    assert.equal(next.result.outputs.value, 'still here');
  });

  it('has no require, process, file system, network or timers to reach the host', async () => {
    const { result } = await runCode(
      'return [typeof require, typeof process, typeof fetch, typeof XMLHttpRequest, ' +
        'typeof setTimeout, typeof module, typeof std, typeof os, typeof Deno, typeof Bun]',
    );
    assert.equal(result.status, 'ok', result.error?.message);
    assert.deepEqual(result.outputs.value, Array(10).fill('undefined'));
  });

  it('cannot climb out through constructors or import()', async () => {
    const viaConstructor = await runCode(
      'return [Function("return typeof process")(), (() => {}).constructor("return typeof require")(), typeof this.process]',
    );
    assert.deepEqual(viaConstructor.result.outputs.value, ['undefined', 'undefined', 'undefined']);
    const viaImport = await runCode('return import("fs").then(() => "loaded", (e) => "refused: " + e.message)');
    assert.equal(viaImport.result.status, 'ok', viaImport.result.error?.message);
    assert.match(String(viaImport.result.outputs.value), /^refused: /);
    const viaGlobal = await runCode('return Object.getOwnPropertyNames(globalThis).filter((n) => /process|require|fs|os|std/.test(n))');
    assert.deepEqual(viaGlobal.result.outputs.value, []);
  });

  it('keeps nothing from one run to the next', async () => {
    await runCode('globalThis.leak = "from the first run"; return 1');
    const { result } = await runCode('return typeof globalThis.leak');
    assert.equal(result.outputs.value, 'undefined');
  });

  it('routes a failure to the error port when it is connected', async () => {
    const flow = buildFlow(
      {
        code: ['code.js', { code: 'throw new Error("planned")' }],
        out: ['output.json', { name: 'value' }],
        why: ['output.text', { name: 'why' }],
      },
      ['code.value -> out.value', 'code.error -> why.text'],
    );
    const { result } = await collect(runFlow(flow));
    assert.equal(result.status, 'ok', result.error?.message);
    assert.match(String(result.outputs.why), /line 1 of the code: Error: planned/);
  });

  it('stops when the run is cancelled', async () => {
    const controller = new AbortController();
    const handle = runFlow(codeFlow('while (true) {}', { timeoutMs: 30_000 }), { inputs: { in0: 1 }, signal: controller.signal });
    // Cancel once the node has started: the loop is running or about to.
    for await (const event of handle) if (event.type === 'node.start' && event.nodeId === 'code') break;
    const started = performance.now();
    controller.abort();
    const result = await handle.result;
    assert.equal(result.status, 'cancelled');
    assert.ok(performance.now() - started < 5_000);
  });
});
