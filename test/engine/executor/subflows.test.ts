import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { FileFlowLoader, runFlow, serializeFlow } from '../../../src/engine';
import { buildFlow, collect } from '../../helpers/flow-builder';

describe('executor sub-flows', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'flowstudio-subflow-'));
    const write = (name: string, flow: ReturnType<typeof buildFlow>) => writeFileSync(path.join(dir, name), serializeFlow(flow));
    write(
      'shout.flow.json',
      buildFlow(
        {
          in: ['input.text', { name: 'words', required: true }],
          t: ['text.template', { template: '{{v}}!!' }],
          out: ['output.text', { name: 'loud' }],
        },
        ['in.text -> t.v', 't.text -> out.text'],
        'shout',
      ),
    );
    write(
      'parent.flow.json',
      buildFlow(
        { in: ['input.text', { name: 'x' }], sub: ['flow.run', { file: 'shout.flow.json' }], out: ['output.text', { name: 'r' }] },
        ['in.text -> sub.words', 'sub.loud -> out.text'],
        'parent',
      ),
    );
    write(
      'loop-a.flow.json',
      buildFlow(
        { in: ['input.text', { name: 'x' }], sub: ['flow.run', { file: 'loop-b.flow.json' }], out: ['output.text', { name: 'r' }] },
        ['in.text -> sub.x', 'sub.r -> out.text'],
        'loop-a',
      ),
    );
    write(
      'loop-b.flow.json',
      buildFlow(
        { in: ['input.text', { name: 'x' }], sub: ['flow.run', { file: 'loop-a.flow.json' }], out: ['output.text', { name: 'r' }] },
        ['in.text -> sub.x', 'sub.r -> out.text'],
        'loop-b',
      ),
    );
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const load = (name: string) => new FileFlowLoader().load(name, dir);

  it('runs another flow file as a node, with its inputs and outputs as ports', async () => {
    const { file, flow } = load('parent.flow.json');
    const { result } = await collect(runFlow(flow, { file, inputs: { x: 'hey' } }));
    assert.equal(result.status, 'ok');
    assert.equal(result.outputs.r, 'hey!!');
  });

  it('stops sub-flows that call each other, naming the loop', async () => {
    const { file, flow } = load('loop-a.flow.json');
    const result = await runFlow(flow, { file, inputs: { x: 'x' } }).result;
    assert.equal(result.status, 'error');
    assert.equal(result.error?.nodeId, 'sub');
    assert.match(result.error?.message ?? '', /loop-a\.flow\.json → loop-b\.flow\.json → loop-a\.flow\.json/);
  });
});
