// The first open of a canvas in a fresh workbench, and a second one after it, the way a person opens a
// flow (Quick Open, Enter): each canvas shows its flow, and the steps of the opening happen in order.
// Where the time went is written to FLOWSTUDIO_FIRST_OPEN_TIMES when set (bench/e2e/first-open.mjs
// prints it); this test asserts behaviour only. Times come from three clocks on one machine, all epoch
// milliseconds: this process (the key press), the extension host's log and each webview frame's
// performance.timeOrigin.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Frame } from 'playwright-core';
import { root, Workbench } from './helpers/workbench';

const artifacts = path.join(root, 'test-results', 'e2e');
const steps = ['script', 'ready', 'document', 'catalog', 'editor', 'fitted'] as const;

/** Every FlowStudio log file under the workbench's logs folder (one per extension host start). */
function flowStudioLogs(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir)) {
    const file = path.join(dir, entry);
    if (statSync(file).isDirectory()) found.push(...flowStudioLogs(file));
    else if (/FlowStudio\.log$/.test(entry)) found.push(file);
  }
  return found;
}

/** The epoch time of the first log line containing `text` (the log writes local time with milliseconds). */
function loggedAt(logsDir: string, text: string): number | undefined {
  for (const file of flowStudioLogs(logsDir)) {
    const line = readFileSync(file, 'utf8')
      .split('\n')
      .find((l) => l.includes(text));
    const stamp = line?.match(/^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)\.(\d{3})/);
    if (stamp) {
      const [, y, mo, d, h, mi, s, ms] = stamp.map(Number) as [number, number, number, number, number, number, number, number];
      return new Date(y, mo - 1, d, h, mi, s, ms).getTime();
    }
  }
  return undefined;
}

interface FrameTiming {
  origin: number;
  marks: Record<string, number>;
  script?: { start: number; end: number; size: number };
  firstPaint?: number;
}

async function frameTiming(frame: Frame): Promise<FrameTiming> {
  return frame.evaluate(() => {
    const script = performance.getEntriesByType('resource').find((e) => /webview\.js/.test(e.name)) as
      PerformanceResourceTiming | undefined;
    const paint = performance.getEntriesByName('first-contentful-paint')[0];
    return {
      origin: performance.timeOrigin,
      marks: Object.fromEntries(
        performance
          .getEntriesByType('mark')
          .filter((m) => m.name.startsWith('flowstudio:'))
          .map((m) => [m.name.slice('flowstudio:'.length), m.startTime]),
      ),
      ...(script ? { script: { start: script.startTime, end: script.responseEnd, size: script.encodedBodySize } } : {}),
      ...(paint ? { firstPaint: paint.startTime } : {}),
    };
  });
}

describe('opening a canvas for the first time', function () {
  this.timeout(240_000);
  let workbench: Workbench;
  const times: Record<string, number> = {};

  before(async () => {
    workbench = await Workbench.open('first-open');
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed')
      await workbench.screenshot(path.join(artifacts, `first-open-failed-${this.currentTest.title.slice(0, 40).replace(/\W+/g, '-')}.png`));
  });
  after(async () => {
    await workbench?.close();
    const out = process.env.FLOWSTUDIO_FIRST_OPEN_TIMES;
    if (out) writeFileSync(out, JSON.stringify(times, null, 2));
  });

  /** Opens `file` with Quick Open and returns where its opening went, in ms from the Enter. */
  async function open(file: string, flowName: string, label: string): Promise<void> {
    const { page } = workbench;
    await page.locator('.monaco-workbench').click({ position: { x: 700, y: 5 } });
    await page.keyboard.press('Control+P');
    const quickInput = page.locator('.quick-input-widget input');
    await quickInput.waitFor({ state: 'visible' });
    await quickInput.fill(file);
    await page.locator('.quick-input-list .monaco-list-row').first().waitFor();
    const pressed = Date.now();
    await quickInput.press('Enter');
    const canvas = await workbench.canvasFrame(flowName, 120_000);
    await canvas.locator('.react-flow__node').first().waitFor();
    await canvas.waitForFunction(() => performance.getEntriesByName('flowstudio:fitted').length > 0, undefined, { timeout: 30_000 });
    const shownAt = Date.now();

    const inner = await frameTiming(canvas);
    const outerFrame = canvas.parentFrame();
    const outer = outerFrame ? await frameTiming(outerFrame) : undefined;
    const logs = path.join(path.dirname(workbench.workspace), 'code', 'user-data', 'logs');
    const resolvedAt = loggedAt(logs, `opening ${file} in the canvas`);
    const readyAt = loggedAt(logs, `the canvas of ${file} said ready`);

    // The opening's steps happen in order, each once: the page's script runs, says ready, then gets
    // the document and its catalog, renders the editor and fits the view.
    for (const step of steps) assert.equal(typeof inner.marks[step], 'number', `no ${step} mark in the canvas of ${file}`);
    for (let i = 1; i < steps.length; i++)
      assert.ok(inner.marks[steps[i]!]! >= inner.marks[steps[i - 1]!]!, `${steps[i]} came before ${steps[i - 1]} in ${file}`);
    assert.ok(resolvedAt !== undefined, `the extension did not log the opening of ${file}`);
    assert.ok(readyAt !== undefined && readyAt >= resolvedAt, `the extension did not log the canvas of ${file} saying ready`);

    const from = (epoch: number) => Math.round(epoch - pressed);
    const at = (ms: number) => from(inner.origin + ms);
    Object.assign(times, {
      [`${label}: editor resolved by VS Code (extension host log)`]: from(resolvedAt),
      ...(outer ? { [`${label}: webview host page start (outer iframe)`]: from(outer.origin) } : {}),
      [`${label}: canvas page start (inner iframe)`]: at(0),
      ...(inner.script
        ? {
            [`${label}: webview.js requested`]: at(inner.script.start),
            [`${label}: webview.js received`]: at(inner.script.end),
          }
        : {}),
      [`${label}: webview.js evaluated (script mark)`]: at(inner.marks.script!),
      [`${label}: ready posted`]: at(inner.marks.ready!),
      [`${label}: ready received by the host (log)`]: from(readyAt),
      [`${label}: document received`]: at(inner.marks.document!),
      [`${label}: catalog received`]: at(inner.marks.catalog!),
      ...(inner.firstPaint !== undefined ? { [`${label}: first paint`]: at(inner.firstPaint) } : {}),
      [`${label}: editor rendered`]: at(inner.marks.editor!),
      [`${label}: view fitted (flow on screen)`]: at(inner.marks.fitted!),
      [`${label}: seen by the test`]: from(shownAt),
    });
    await workbench.screenshot(path.join(artifacts, `first-open-${label}.png`));
  }

  it('shows the first flow opened, then a second one, each after the steps of an opening in order', async () => {
    await open('greet.flow.json', 'greet', 'first open');
    await open('branching.flow.json', 'triage', 'second open');
    assert.ok(times['first open: view fitted (flow on screen)']! > 0);
  });
});
