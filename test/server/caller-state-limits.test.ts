// The state kept for callers without sessions stays bounded: conversation handles expire and are
// capped per caller, runs waiting on a caller are capped and cancelled when abandoned.
import assert from 'node:assert/strict';
import { ConversationHandles } from '../../src/server/conversation-handles';
import { ParkedRuns } from '../../src/server/parked-runs';

describe('conversation handles', () => {
  it('forgets a conversation unused for the idle time', () => {
    let now = 0;
    const handles = new ConversationHandles({ maxConversations: 10, maxPerCaller: 10, idleMs: 1000 }, () => now);
    const { handle } = handles.open('a', undefined);
    now = 999;
    assert.ok(handles.open('a', handle));
    now = 2000;
    assert.throws(() => handles.open('a', handle), /names no conversation of this caller/);
  });

  it("drops a caller's least recently used conversation past its cap, and keeps other callers' conversations", () => {
    let now = 0;
    const handles = new ConversationHandles({ maxConversations: 100, maxPerCaller: 2, idleMs: 60_000 }, () => now++);
    const other = handles.open('b', undefined).handle;
    const first = handles.open('a', undefined).handle;
    const second = handles.open('a', undefined).handle;
    handles.open('a', first);
    handles.open('a', undefined);
    assert.throws(() => handles.open('a', second), /names no conversation/);
    assert.ok(handles.open('a', first));
    assert.ok(handles.open('b', other));
    assert.equal(handles.size, 3);
  });

  it('hands out distinct handles of 192 random bits', () => {
    const handles = new ConversationHandles();
    const seen = new Set(Array.from({ length: 200 }, () => handles.open('a', undefined).handle));
    assert.equal(seen.size, 200);
    for (const handle of seen) assert.match(handle, /^[A-Za-z0-9_-]{32}$/);
  });
});

describe('runs parked while waiting on their caller', () => {
  const quiet = { notify: async () => undefined };

  /** Starts a run that asks one question and returns the answer's action. */
  function askingRun(runs: ParkedRuns<string>, owner: string, ended: AbortSignal[] = []) {
    return runs.start(
      owner,
      { elicitation: { form: {} } },
      async (caller, signal) => {
        ended.push(signal);
        const answer = await caller.elicit({ mode: 'form', message: 'Name?', requestedSchema: { type: 'object', properties: {} } }, signal);
        return answer.action;
      },
      { signal: new AbortController().signal, ...quiet },
    );
  }

  it('refuses a run past the per-caller cap and cancels it', async () => {
    const runs = new ParkedRuns<string>({ maxRuns: 10, maxRunsPerCaller: 1, idleMs: 60_000 });
    try {
      assert.equal((await askingRun(runs, 'a')).kind, 'input');
      const signals: AbortSignal[] = [];
      await assert.rejects(askingRun(runs, 'a', signals), /too many flow runs are waiting for answers \(at most 1 per caller/);
      assert.equal(signals[0]?.aborted, true);
      assert.equal((await askingRun(runs, 'b')).kind, 'input', 'another caller is not held back');
    } finally {
      runs.close();
    }
  });

  it('cancels a run whose caller does not come back within the idle time', async () => {
    let now = 0;
    const runs = new ParkedRuns<string>({ maxRuns: 10, maxRunsPerCaller: 10, idleMs: 1000 }, () => now);
    try {
      const signals: AbortSignal[] = [];
      const step = await askingRun(runs, 'a', signals);
      assert.equal(step.kind, 'input');
      now = 999;
      assert.equal(runs.cancelIdle(), 0);
      now = 1000;
      assert.equal(runs.cancelIdle(), 1);
      assert.equal(signals[0]?.aborted, true);
      assert.equal(runs.size, 0);
      const state = step.kind === 'input' ? step.result.requestState! : '';
      await assert.rejects(runs.resume('a', state, {}, { signal: new AbortController().signal, ...quiet }), /names no run waiting/);
    } finally {
      runs.close();
    }
  });

  it('uses each requestState once: an answered round cannot be replayed', async () => {
    const runs = new ParkedRuns<string>();
    try {
      const step = await askingRun(runs, 'a');
      assert.equal(step.kind, 'input');
      if (step.kind !== 'input') return;
      const [key] = Object.keys(step.result.inputRequests ?? {});
      const call = { signal: new AbortController().signal, ...quiet };
      const done = await runs.resume('a', step.result.requestState!, { [key!]: { action: 'decline' } }, call);
      assert.deepEqual(done, { kind: 'done', value: 'decline' });
      await assert.rejects(runs.resume('a', step.result.requestState!, { [key!]: { action: 'accept' } }, call), /names no run waiting/);
    } finally {
      runs.close();
    }
  });
});
