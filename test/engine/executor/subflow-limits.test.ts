import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { FileFlowLoader, runFlow, serializeFlow, validateFlow } from '../../../src/engine';
import { MAX_SUBFLOW_DEPTH, MAX_SUBFLOW_RUNS } from '../../../src/engine/executor/run-flow';
import { buildFlow } from '../../helpers/flow-builder';

/** A flow with an input x, `calls` flow.run nodes of `child` fed by it, and an output r from the first. */
function caller(name: string, child: string, calls: number) {
  const nodes: Parameters<typeof buildFlow>[0] = { in: ['input.text', { name: 'x' }], out: ['output.text', { name: 'r' }] };
  const edges: string[] = [];
  for (let i = 0; i < calls; i++) {
    nodes[`sub${i}`] = ['flow.run', { file: child }];
    edges.push(`in.text -> sub${i}.x`);
  }
  edges.push('sub0.r -> out.text');
  return buildFlow(nodes, edges, name);
}

const leaf = buildFlow({ in: ['input.text', { name: 'x' }], out: ['output.text', { name: 'r' }] }, ['in.text -> out.text'], 'leaf');

describe('sub-flow limits', function () {
  this.timeout(30_000);
  let dir: string;
  const write = (name: string, flow: ReturnType<typeof buildFlow>) => writeFileSync(path.join(dir, name), serializeFlow(flow));
  const load = (name: string) => new FileFlowLoader().load(name, dir);

  before(() => {
    dir = realpathSync(mkdtempSync(path.join(tmpdir(), 'flowstudio-subflow-limits-')));
    // d -> . : every level of d/d/d/... is the same file, which string paths never noticed.
    symlinkSync('.', path.join(dir, 'd'), 'dir');
    write('self-link.flow.json', caller('self-link', 'd/self-link.flow.json', 2));
    // A chain deeper than the cap, each level a different file.
    for (let level = 0; level <= MAX_SUBFLOW_DEPTH + 2; level++)
      write(`deep${level}.flow.json`, caller(`deep${level}`, `deep${level + 1}.flow.json`, 1));
    write(`deep${MAX_SUBFLOW_DEPTH + 3}.flow.json`, leaf);
    // Two calls per level, 12 levels: 8190 runs without the total cap, no loop and within the depth cap.
    for (let level = 0; level < 12; level++) write(`wide${level}.flow.json`, caller(`wide${level}`, `wide${level + 1}.flow.json`, 2));
    write('wide12.flow.json', leaf);
    mkdirSync(path.join(dir, 'outside'));
    execFileSync('mkfifo', [path.join(dir, 'pipe.flow.json')]);
    write('zero.flow.json', caller('zero', '/dev/zero', 1));
    write('pipe-caller.flow.json', caller('pipe-caller', 'pipe.flow.json', 1));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('stops a loop through a folder link (d -> .) with a clear error, quickly', async () => {
    const started = Date.now();
    const { file, flow } = load('self-link.flow.json');
    const result = await runFlow(flow, { file, inputs: { x: 'x' } }).result;
    assert.equal(result.status, 'error');
    assert.match(result.error?.message ?? '', /sub-flows call each other in a loop: self-link\.flow\.json → self-link\.flow\.json/);
    assert.ok(Date.now() - started < 10_000, `took ${Date.now() - started} ms`);
  });

  it('validation reports the folder-link loop instead of walking d/d/d/...', () => {
    const started = Date.now();
    const { file, flow } = load('self-link.flow.json');
    const problems = validateFlow(flow, undefined, { file });
    assert.ok(
      problems.some((p) => p.code === 'subflow-cycle'),
      problems.map((p) => p.message).join('\n'),
    );
    assert.ok(Date.now() - started < 10_000, `took ${Date.now() - started} ms`);
  });

  it(`refuses to nest sub-flows deeper than ${MAX_SUBFLOW_DEPTH} levels`, async () => {
    const { file, flow } = load('deep0.flow.json');
    const result = await runFlow(flow, { file, inputs: { x: 'x' } }).result;
    assert.equal(result.status, 'error');
    assert.match(result.error?.message ?? '', new RegExp(`nest deeper than ${MAX_SUBFLOW_DEPTH} levels`));
  });

  it(`stops a run that starts more than ${MAX_SUBFLOW_RUNS} sub-flows in all`, async () => {
    const { file, flow } = load('wide0.flow.json');
    const result = await runFlow(flow, { file, inputs: { x: 'x' } }).result;
    assert.equal(result.status, 'error');
    assert.match(result.error?.message ?? '', new RegExp(`more than ${MAX_SUBFLOW_RUNS} sub-flows`));
  });

  it('lets a timer cancel a long chain of sub-flows: the chain yields between sub-flows', async () => {
    const { file, flow } = load('wide0.flow.json');
    const handle = runFlow(flow, { file, inputs: { x: 'x' } });
    let timerFired = false;
    // Without yields the whole tree runs as microtasks and this timer only fires after the end.
    setTimeout(() => {
      timerFired = true;
      handle.cancel('stopped by the test');
    }, 5);
    const result = await handle.result;
    assert.equal(timerFired, true);
    assert.equal(result.status, 'cancelled', result.error?.message);
    assert.match(result.error?.message ?? '', /stopped by the test/);
  });

  it('does not run a sub-flow outside the roots of the run', async () => {
    write('outside/hidden.flow.json', leaf);
    mkdirSync(path.join(dir, 'inner'));
    writeFileSync(path.join(dir, 'inner', 'up.flow.json'), serializeFlow(caller('up', '../outside/hidden.flow.json', 1)));
    const { file, flow } = load('inner/up.flow.json');
    const result = await runFlow(flow, { file, inputs: { x: 'x' } }).result;
    assert.equal(result.status, 'error');
    assert.match(result.error?.message ?? '', /outside the folders this flow may use/);
    const allowed = await runFlow(flow, { file, inputs: { x: 'x' }, files: { roots: [dir] } }).result;
    assert.equal(allowed.status, 'ok', allowed.error?.message);
    assert.equal(allowed.outputs.r, 'x');
  });

  it('refuses /dev/zero and a FIFO as sub-flow files at once, in validation and in a run', async () => {
    const started = Date.now();
    for (const [name, reason] of [
      ['zero.flow.json', /system file/],
      ['pipe-caller.flow.json', /not a regular file/],
    ] as const) {
      const { file, flow } = load(name);
      const problems = validateFlow(flow, undefined, { file });
      assert.ok(
        problems.some((p) => p.severity === 'error' && reason.test(p.message)),
        problems.map((p) => p.message).join('\n'),
      );
      const result = await runFlow(flow, { file, inputs: { x: 'x' }, files: { roots: ['/'] } }).result;
      assert.equal(result.status, 'error');
      assert.match(result.error?.message ?? '', reason);
    }
    assert.ok(Date.now() - started < 10_000, `took ${Date.now() - started} ms`);
  });
});
