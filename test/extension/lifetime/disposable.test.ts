// The Disposable base of the host's services: parts disposed once, last registered first, async
// ones awaited in turn, and every failure collected without stopping the others.
import assert from 'node:assert/strict';
import { Disposable, DisposableStore, DisposeError } from '../../../src/extension/lifetime/disposable';

/** A part that records when it is disposed; async ones finish only when the test lets them. */
function part(log: string[], name: string, behaviour: 'sync' | 'async' | 'throws' | 'rejects' = 'sync') {
  let finish: () => void = () => {};
  const finished = new Promise<void>((resolve) => (finish = resolve));
  return {
    finish,
    dispose(): unknown {
      log.push(`${name} start`);
      if (behaviour === 'throws') throw new Error(`${name} broke`);
      if (behaviour === 'rejects') return Promise.reject(new Error(`${name} broke later`));
      if (behaviour === 'async') return finished.then(() => log.push(`${name} done`));
      return undefined;
    },
  };
}

class Service extends Disposable {
  readonly log: string[] = [];
  constructor(build: (service: Service) => void) {
    super();
    build(this);
  }
  own<T extends { dispose(): unknown }>(item: T): T {
    return this.register(item);
  }
  protected override disposeSelf(): void {
    this.log.push('self');
  }
}

describe('Disposable (host service lifetimes)', () => {
  it('disposes itself, then its parts last registered first, and only once', async () => {
    const service = new Service((s) => {
      s.own(part(s.log, 'first'));
      s.own(part(s.log, 'second'));
    });
    const disposal = service.dispose();
    assert.equal(service.dispose(), disposal, 'a second dispose gets the first one');
    await disposal;
    assert.deepEqual(service.log, ['self', 'second start', 'first start']);
    assert.equal(service.isDisposed, true);
  });

  it('waits for an async part before disposing the next, and resolves only when all are done', async () => {
    const log: string[] = [];
    const store = new DisposableStore();
    store.add(part(log, 'pool'));
    const runs = store.add(part(log, 'runs', 'async'));
    let isDone = false;
    const disposal = store.dispose().then(() => (isDone = true));
    await Promise.resolve();
    assert.deepEqual(log, ['runs start'], 'the pool waits until the runs have ended');
    assert.equal(isDone, false);
    runs.finish();
    await disposal;
    assert.deepEqual(log, ['runs start', 'runs done', 'pool start']);
  });

  it('goes on past failing parts and rejects with every failure', async () => {
    const log: string[] = [];
    const store = new DisposableStore();
    store.add(part(log, 'a'));
    store.add(part(log, 'b', 'rejects'));
    store.add(part(log, 'c', 'throws'));
    const error = await store.dispose().then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(error instanceof DisposeError);
    assert.deepEqual(
      error.errors.map((e: Error) => e.message),
      ['c broke', 'b broke later'],
    );
    assert.match(error.message, /2 parts failed to dispose: c broke; b broke later/);
    assert.deepEqual(log, ['c start', 'b start', 'a start'], 'a was disposed although b and c failed');
  });

  it('disposes a part registered after disposal at once', async () => {
    const log: string[] = [];
    const store = new DisposableStore();
    await store.dispose();
    store.add(part(log, 'late'));
    assert.deepEqual(log, ['late start']);
  });
});
