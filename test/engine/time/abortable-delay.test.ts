import assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import { abortableDelay } from '../../../src/engine/time/abortable-delay';

// Long enough that a wait which is not ended by its signal fails the test by mocha's timeout.
const forever = 60_000;

describe('abortableDelay', () => {
  it('resolves after its time and leaves no abort listener on the signal', async () => {
    const controller = new AbortController();
    const started = performance.now();
    await abortableDelay(20, controller.signal);
    assert.ok(performance.now() - started >= 19, 'resolved before its time');
    assert.equal(getEventListeners(controller.signal, 'abort').length, 0);
  });

  it('rejects at once with the reason of a signal that has already aborted', async () => {
    const reason = new Error('run cancelled');
    await assert.rejects(abortableDelay(forever, AbortSignal.abort(reason)), (error) => error === reason);
  });

  it('rejects with the reason when the signal aborts during the wait', async () => {
    const controller = new AbortController();
    const waiting = abortableDelay(forever, controller.signal);
    controller.abort('stop');
    await assert.rejects(waiting, (error) => error === 'stop');
  });

  it("rejects with the caller's own error for the abort, before and during the wait", async () => {
    const asError = (signal: AbortSignal) => (signal.reason instanceof Error ? signal.reason : new Error('cancelled'));
    await assert.rejects(abortableDelay(forever, AbortSignal.abort('not an error'), asError), /^Error: cancelled$/);
    const controller = new AbortController();
    const waiting = abortableDelay(forever, controller.signal, asError);
    controller.abort();
    await assert.rejects(waiting, (error) => error instanceof Error && error.name === 'AbortError');
  });

  it('waits without a signal', async () => {
    assert.equal(await abortableDelay(1), undefined);
  });
});
