// A first flow built the way a newcomer builds it, in the real workbench: New Flow… with a name that is
// taken and then a free one, "Empty", three nodes found with the palette's search and dragged onto the
// canvas, connected by dragging handles, the template typed in, Run, the output read. Each step's time
// is written to FLOWSTUDIO_FIRST_FLOW_TIMES when set (bench/e2e/first-flow.mjs prints them); this test
// asserts behaviour only. It also reads where the first open of the canvas spent its time.
import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Frame, Locator } from 'playwright-core';
import { root, waitForFile, Workbench } from './helpers/workbench';

const artifacts = path.join(root, 'test-results', 'e2e');

interface FlowFile {
  nodes: { id: string; type: string; params?: Record<string, unknown> }[];
  edges: { source: string; sourceHandle: string; target: string; targetHandle: string }[];
}

/** The webview frame whose toolbar names `flowName`, once its script has loaded; an empty flow has no nodes to wait for. */
async function canvasOf(workbench: Workbench, flowName: string, timeoutMs = 60_000): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const frame of workbench.page.frames()) {
      const title = await frame
        .locator('#root[data-flowstudio="loaded"] .toolbar .title')
        .textContent({ timeout: 50 })
        .catch(() => null);
      if (title === flowName) return frame;
    }
    await workbench.page.waitForTimeout(50); // polling frames: playwright has no event for "a frame's content appeared"
  }
  throw new Error(`no canvas showing flow "${flowName}" within ${timeoutMs / 1000} s`);
}

/** Waits (bounded) until `locator` stops moving: two reads of its box 100 ms apart agree. */
async function settled(locator: Locator): Promise<void> {
  let last = JSON.stringify(await locator.boundingBox());
  for (let i = 0; i < 50; i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const now = JSON.stringify(await locator.boundingBox());
    if (now === last) return;
    last = now;
  }
}

async function center(locator: Locator): Promise<{ x: number; y: number }> {
  const box = await locator.boundingBox();
  if (!box) throw new Error(`${String(locator)} is not on screen`);
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

describe('a first flow, from nothing to a run', function () {
  this.timeout(240_000);
  let workbench: Workbench;
  const times: Record<string, number> = {};

  before(async () => {
    workbench = await Workbench.open('first-flow');
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed')
      await workbench.screenshot(path.join(artifacts, `first-flow-failed-${this.currentTest.title.slice(0, 40).replace(/\W+/g, '-')}.png`));
  });
  after(async () => {
    await workbench?.close();
    const out = process.env.FLOWSTUDIO_FIRST_FLOW_TIMES;
    if (out) writeFileSync(out, JSON.stringify(times, null, 2));
  });

  it('builds input → template → output on an empty canvas and runs it', async () => {
    const { page } = workbench;
    const started = Date.now();
    const mark = (step: string) => (times[step] = Date.now() - started);

    // New Flow…: the name comes first, and a taken one is refused in the box, which stays open.
    await workbench.runCommand('FlowStudio: New Flow…');
    const quickInput = page.locator('.quick-input-widget input');
    await quickInput.fill('greet');
    await page.locator('.quick-input-widget .quick-input-message', { hasText: 'greet.flow.json already exists' }).waitFor();
    await quickInput.fill('first');
    await page.locator('.quick-input-widget .quick-input-message', { hasText: 'already exists' }).waitFor({ state: 'hidden' });
    await quickInput.press('Enter');
    const empty = page.locator('.quick-input-list .monaco-list-row').first();
    await empty.waitFor();
    assert.match((await empty.textContent()) ?? '', /^Empty/, 'Empty is not the first choice');
    await quickInput.press('Enter');
    const opened = Date.now();
    const canvas = await canvasOf(workbench, 'first');
    mark('new flow open');
    const openedAt = Date.now();
    times['first open: command to canvas loaded'] = openedAt - opened;
    Object.assign(times, await firstOpenBreakdown(canvas, opened));
    await workbench.screenshot(path.join(artifacts, 'first-flow-1-empty.png'));
    assert.equal(await canvas.locator('.react-flow__node').count(), 0);

    // Three nodes, each found with the palette's search and dragged onto the canvas.
    const pane = canvas.locator('.react-flow__pane');
    const search = canvas.locator('.palette-search input');
    // Dropped where a person would, inside the visible canvas: clear of the inspector on the right and the minimap.
    const placed: [query: string, type: string, title: string, at: { x: number; y: number }][] = [
      ['text input', 'input.text', 'Text Input', { x: 40, y: 40 }],
      ['template', 'text.template', 'Template', { x: 260, y: 40 }],
      ['text output', 'output.text', 'Text Output', { x: 40, y: 250 }],
    ];
    for (const [query, type, title, at] of placed) {
      await search.fill(query);
      const entry = canvas.locator(`.palette-item[data-component="${type}"]`).first();
      await entry.dragTo(pane, { targetPosition: at });
      await canvas.locator('.react-flow__node .flow-node-title', { hasText: title }).first().waitFor();
    }
    mark('three nodes placed');
    const file = path.join(workbench.workspace, 'first.flow.json');
    const nodeOf = async (type: string) => {
      const flow = JSON.parse(await waitForFile(file, (t) => t.includes(`"${type}"`))) as FlowFile;
      const node = flow.nodes.find((n) => n.type === type);
      assert.ok(node, `no ${type} node in the file`);
      return canvas.locator(`.react-flow__node[data-id="${node.id}"]`);
    };
    await canvas.locator('.canvas').press('Control+s');
    const [input, template, output] = [await nodeOf('input.text'), await nodeOf('text.template'), await nodeOf('output.text')];

    // The template's text, typed in the inspector: its placeholder becomes the node's input port.
    await template.locator('.flow-node-header').click();
    const field = canvas.locator('.param[data-param="template"] textarea');
    await field.fill('Hello, {{name}}!');
    await template.locator('.react-flow__handle.target[data-handleid="name"]').waitFor();
    mark('template typed');

    // Connected by dragging from an output handle to an input handle.
    const drag = async (from: Locator, to: Locator) => {
      const a = await center(from);
      const b = await center(to);
      await page.mouse.move(a.x, a.y);
      await page.mouse.down();
      await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 5 });
      await page.mouse.move(b.x, b.y, { steps: 5 });
      await page.mouse.up();
    };
    await drag(input.locator('.react-flow__handle.source').first(), template.locator('.react-flow__handle.target[data-handleid="name"]'));
    // The next drag reads handle positions afresh once the first edge is in: the canvas redraws with it.
    await canvas.locator('.react-flow__edge').first().waitFor();
    // New nodes can land with their output handle at the inspector's edge, out of reach: zoom out once
    // with the canvas's own control, as a person would, so every handle is inside the canvas.
    await canvas.locator('.react-flow__controls-zoomout').click();
    await settled(template.locator('.react-flow__handle.source[data-handleid="text"]')); // the zoom is animated
    await drag(template.locator('.react-flow__handle.source[data-handleid="text"]'), output.locator('.react-flow__handle.target').first());
    await canvas.locator('.react-flow__edge').nth(1).waitFor();
    mark('connected');
    await workbench.screenshot(path.join(artifacts, 'first-flow-2-built.png'));

    // Run, with the flow's input typed in the run panel, and the output read there.
    const built = JSON.parse(await waitForFile(file, (t) => t.includes('"input.text"'))) as FlowFile;
    const inputName = built.nodes.find((n) => n.type === 'input.text')?.params?.name;
    assert.equal(typeof inputName, 'string', 'a placed Text Input has no input name');
    await canvas.locator(`vscode-textfield[data-input="${String(inputName)}"] input`).fill('Ada');
    await canvas.locator('#run').click();
    const result = canvas.locator('.run-output pre');
    await result.first().waitFor({ timeout: 30_000 });
    mark('run output shown');
    assert.equal(await result.first().textContent(), 'Hello, Ada!');
    await workbench.screenshot(path.join(artifacts, 'first-flow-3-run.png'));

    await canvas.locator('.canvas').press('Control+s');
    const saved = JSON.parse(await waitForFile(file, (t) => t.includes('"edges": [\n    {'))) as FlowFile;
    assert.equal(saved.nodes.length, 3);
    assert.deepEqual(saved.edges.map((e) => `${e.sourceHandle}->${e.targetHandle}`).sort(), ['text->name', 'text->text']);
  });
});

/**
 * Where the first open of a canvas went, from the webview's own clock (epoch-aligned by timeOrigin):
 * from the command to the webview page starting, its script arriving, the first paint and the document.
 */
async function firstOpenBreakdown(canvas: Frame, commandAt: number): Promise<Record<string, number>> {
  const timing = await canvas.evaluate(() => {
    const script = performance.getEntriesByType('resource').find((e) => /webview\.js/.test(e.name)) as
      PerformanceResourceTiming | undefined;
    const paint = performance.getEntriesByName('first-contentful-paint')[0];
    return {
      origin: performance.timeOrigin,
      scriptStart: script?.startTime ?? -1,
      scriptEnd: script?.responseEnd ?? -1,
      firstPaint: paint?.startTime ?? -1,
      now: performance.now(),
    };
  });
  const at = (ms: number) => Math.round(timing.origin + ms - commandAt);
  return {
    'first open: command to webview page start': at(0),
    'first open: webview.js requested': at(timing.scriptStart),
    'first open: webview.js received': at(timing.scriptEnd),
    'first open: first paint': at(timing.firstPaint),
    'first open: document shown (measured after)': at(timing.now),
  };
}
