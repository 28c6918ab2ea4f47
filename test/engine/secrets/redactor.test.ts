// The run's redactor: values resolved from references are masked wherever the run reports them,
// including JSON-escaped and cut-off forms, and in sub-flows that share the caller's redactor.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Redactor, runFlow, serializeFlow } from '../../../src/engine';
import { buildFlow, collect } from '../../helpers/flow-builder';

describe('the run redactor', () => {
  it('masks each value, its JSON-escaped form and a start left by a shortened quote', () => {
    const redactor = new Redactor();
    assert.equal(redactor.isEmpty, true);
    redactor.add('p"ss\\word-123');
    assert.equal(redactor.redactText('a p"ss\\word-123 b'), 'a •••••• b');
    assert.equal(redactor.redactText(JSON.stringify('p"ss\\word-123')), '"••••••"');
    assert.equal(redactor.redactText('quoted "p\\"ss\\\\wo"... is not valid'), 'quoted "••••••"... is not valid');
    assert.deepEqual(redactor.redact({ list: ['p"ss\\word-123'], n: 1 }), { list: ['••••••'], n: 1 });
  });

  it('leaves short values alone: env flags such as "true" are not secrets', () => {
    const redactor = new Redactor();
    redactor.add('true', 'env');
    redactor.add('abc', 'secret');
    assert.equal(redactor.isEmpty, true);
    assert.equal(redactor.redactText('true abc'), 'true abc');
  });

  it('masks env values in events and the result, as it does secrets', async () => {
    const flow = buildFlow({ t: ['text.template', { template: 'env={{env:FS_REDACT_ENV}}' }], out: ['output.text', { name: 'r' }] }, [
      't.text -> out.text',
    ]);
    const { events, result } = await collect(runFlow(flow, { env: { FS_REDACT_ENV: 'cloud-token-0042' } }));
    assert.deepEqual(result.outputs, { r: 'env=••••••' });
    assert.ok(!JSON.stringify(events).includes('cloud-token-0042'));
  });

  it('masks a secret a sub-flow resolved in the caller’s error and events', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'flowstudio-redact-'));
    try {
      const child = buildFlow(
        { tpl: ['text.template', { template: '{{secret:SUB}} oops' }], parse: ['json.parse'], out: ['output.json', { name: 'v' }] },
        ['tpl.text -> parse.text', 'parse.value -> out.value'],
      );
      writeFileSync(path.join(dir, 'child.flow.json'), serializeFlow(child));
      const parent = buildFlow({ sub: ['flow.run', { file: 'child.flow.json' }], out: ['output.json', { name: 'v' }] }, [
        'sub.v -> out.value',
      ]);
      const redactor = new Redactor();
      const secrets = { get: async () => 'sub-flow-secret-77' };
      const { events, result } = await collect(runFlow(parent, { file: path.join(dir, 'parent.flow.json'), secrets, redactor }));
      assert.equal(result.status, 'error');
      assert.match(result.error?.message ?? '', /sub-flow child\.flow\.json failed at node 'parse': .*•••••• oops/);
      assert.ok(!JSON.stringify({ events, result }).includes('sub-flow-secr'));
      // The host's own messages can be masked the same way.
      assert.equal(redactor.redactText('log: sub-flow-secret-77'), 'log: ••••••');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
