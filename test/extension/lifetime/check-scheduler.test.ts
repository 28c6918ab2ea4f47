// The Problems panel's check scheduler: a burst of edits is one check, a closed or disposed document
// is never checked, and a check that throws is reported in place of its result.
import assert from 'node:assert/strict';
import { CheckScheduler } from '../../../src/extension/diagnostics/check-scheduler';

interface Doc {
  uri: { toString(): string };
  name: string;
}

const doc = (name: string): Doc => ({ name, uri: { toString: () => `file:///${name}` } });

/** A scheduler whose checks are recorded; `next()` resolves with the name of the next document checked. */
function recordingScheduler(options: { fails?: string } = {}) {
  const checked: string[] = [];
  const failures: string[] = [];
  let waiting: ((name: string) => void) | undefined;
  const scheduler = new CheckScheduler<Doc>({
    accepts: (document) => !document.name.endsWith('.txt'),
    check: async (document) => {
      checked.push(document.name);
      waiting?.(document.name);
      if (document.name === options.fails) throw new Error('parser exploded');
    },
    failed: (document, error) => {
      failures.push(`${document.name}: ${error.message}`);
      waiting?.(`failed ${document.name}`);
    },
  });
  const next = () => new Promise<string>((resolve) => (waiting = resolve));
  return { scheduler, checked, failures, next };
}

describe('CheckScheduler', () => {
  it('checks a document once after a burst of edits', async () => {
    const { scheduler, checked, next } = recordingScheduler();
    const flow = doc('a.flow.json');
    const checkedOnce = next();
    for (let edit = 0; edit < 5; edit++) scheduler.schedule(flow, 5);
    assert.equal(await checkedOnce, 'a.flow.json');
    // A later, separate check proves no second timer of the burst was still pending before it.
    const marker = next();
    scheduler.schedule(doc('b.flow.json'), 10);
    assert.equal(await marker, 'b.flow.json');
    assert.deepEqual(checked, ['a.flow.json', 'b.flow.json']);
    await scheduler.dispose();
  });

  it('never checks a document it does not accept, one cancelled, or any after dispose', async () => {
    const { scheduler, checked, next } = recordingScheduler();
    scheduler.schedule(doc('notes.txt'), 0);
    scheduler.schedule(doc('closed.flow.json'), 0);
    scheduler.cancel(doc('closed.flow.json'));
    const marker = next();
    scheduler.schedule(doc('open.flow.json'), 5);
    assert.equal(await marker, 'open.flow.json');
    assert.deepEqual(checked, ['open.flow.json']);

    scheduler.schedule(doc('late.flow.json'), 0);
    await scheduler.dispose();
    scheduler.schedule(doc('after.flow.json'), 0);
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setTimeout(resolve, 0));
    assert.deepEqual(checked, ['open.flow.json'], 'a check ran after dispose');
  });

  it('reports a check that throws instead of leaving the old result', async () => {
    const { scheduler, failures, next } = recordingScheduler({ fails: 'bad.flow.json' });
    const reported = (async () => {
      while ((await next()) !== 'failed bad.flow.json');
    })();
    scheduler.scheduleAll([doc('bad.flow.json')]);
    await reported;
    assert.deepEqual(failures, ['bad.flow.json: parser exploded']);
    await scheduler.dispose();
  });
});
