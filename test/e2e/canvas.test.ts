// End to end in the real workbench: the canvas in a FlowStudio custom editor, driven with mouse and
// keyboard in chromium; the document on disk is checked after saves. Screenshots go to test-results/e2e.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { Frame } from 'playwright-core';
import { root, waitForFile, Workbench, type ThemeKind } from './helpers/workbench';

const artifacts = path.join(root, 'test-results', 'e2e');

async function center(frame: Frame, selector: string): Promise<{ x: number; y: number }> {
  const box = await frame.locator(selector).boundingBox();
  if (!box) throw new Error(`${selector} is not on screen`);
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

describe('the flow canvas in VS Code', function () {
  this.timeout(240_000);
  let workbench: Workbench;
  let canvas: Frame;
  const greetFile = () => path.join(workbench.workspace, 'greet.flow.json');

  before(async () => {
    workbench = await Workbench.open('canvas');
    canvas = await workbench.openFlow('greet.flow.json', 'greet');
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed')
      await workbench.screenshot(path.join(artifacts, `failed-${this.currentTest.title.slice(0, 40).replace(/\W+/g, '-')}.png`));
  });
  after(async () => {
    await workbench?.close();
  });

  it('fetches the codicon font once, from its preload, and draws icons with it', async () => {
    await canvas.locator('.toolbar .codicon').first().waitFor();
    const fonts = await canvas.evaluate(async () => {
      await document.fonts.ready;
      return {
        fetched: performance
          .getEntriesByType('resource')
          .filter((e) => /codicon[^/]*\.ttf/.test(e.name))
          .map((e) => (e as PerformanceResourceTiming).initiatorType),
        loaded: document.fonts.check('16px codicon'),
      };
    });
    // A preload under another URL than the stylesheet's would show as a second fetch, by the stylesheet.
    assert.deepEqual(fonts.fetched, ['link']);
    assert.equal(fonts.loaded, true);
  });

  it("shows the flow's nodes with titles and typed handles", async () => {
    assert.equal(await canvas.locator('.react-flow__node').count(), 3);
    assert.match((await canvas.locator('.react-flow__node[data-id="tpl"] .flow-node-title').textContent()) ?? '', /Template/i);
    await canvas.locator('.react-flow__node[data-id="tpl"] .react-flow__handle.target.port-type-text[data-handleid="name"]').waitFor();
    await canvas.locator('.react-flow__node[data-id="tpl"] .react-flow__handle.source.port-type-text[data-handleid="text"]').waitFor();
    assert.equal(await canvas.locator('.react-flow__edge').count(), 2);
  });

  it('runs the flow with an input typed in the run panel and shows its output', async () => {
    await canvas.locator('vscode-textfield[data-input="person"] input').fill('Ada');
    await canvas.locator('#run').click();
    const output = canvas.locator('.run-output[data-output="greeting"] pre');
    await output.waitFor({ timeout: 30_000 });
    assert.equal(await output.textContent(), 'Hello, Ada!');
    assert.equal(await canvas.locator('.react-flow__node[data-id="out"] .flow-node').getAttribute('data-run-state'), 'done');
    await canvas.locator('.panel-tab[data-tab="timeline"]').click();
    assert.equal(await canvas.locator('.timeline-row').count(), 3);
  });

  it('shows the last value that crossed an edge when it is clicked', async () => {
    const edge = await center(canvas, '.react-flow__edge[data-id="e2"] .react-flow__edge-interaction');
    await workbench.page.mouse.click(edge.x, edge.y);
    const value = canvas.locator('.edge-value .edge-value-text');
    await value.waitFor();
    assert.equal(await value.textContent(), 'Hello, Ada!');
    await canvas.locator('.edge-value button[aria-label="Close"]').click();
  });

  it('refuses a connection while it is dragged, saying why, and adds no edge', async () => {
    const from = await center(canvas, '.react-flow__node[data-id="who"] .react-flow__handle.source[data-handleid="text"]');
    const to = await center(canvas, '.react-flow__node[data-id="tpl"] .react-flow__handle.target[data-handleid="name"]');
    const mouse = workbench.page.mouse;
    await mouse.move(from.x, from.y);
    await mouse.down();
    await mouse.move(to.x + 30, to.y + 30, { steps: 4 });
    await mouse.move(to.x, to.y, { steps: 4 });
    const refusal = canvas.locator('.connection-refusal');
    await refusal.waitFor();
    assert.equal((await refusal.textContent())?.trim(), 'These ports are already connected.');
    await mouse.up();
    await refusal.waitFor({ state: 'detached' });
    assert.equal(await canvas.locator('.react-flow__edge').count(), 2);
  });

  it("pauses at a breakpoint, lets the paused node's inputs be edited, and resumes with them", async () => {
    await canvas.locator('.react-flow__node[data-id="tpl"] .flow-node-header').click();
    await canvas.locator('.canvas').press('F9');
    await canvas.locator('.react-flow__node[data-id="tpl"] .breakpoint').waitFor();
    await canvas.locator('#debug').click();
    await canvas.locator('.panel-status[data-run-status="paused"]').waitFor({ timeout: 30_000 });
    await canvas.locator('#resume').click();
    await canvas.locator('.react-flow__node[data-id="tpl"] .flow-node[data-run-state="paused"]').waitFor({ timeout: 30_000 });
    const inputs = canvas.locator('.paused-inputs textarea');
    assert.deepEqual(JSON.parse(await inputs.inputValue()), { name: 'Ada' });
    await inputs.fill('{"name": "Bob"}');
    await canvas.locator('.paused-inputs vscode-button', { hasText: 'Apply inputs' }).click();
    await canvas.locator('.paused-inputs .param-help', { hasText: 'Inputs changed' }).waitFor();
    await canvas.locator('#resume').click();
    await canvas.locator('.run-output[data-output="greeting"] pre', { hasText: 'Hello, Bob!' }).waitFor({ timeout: 30_000 });
    await canvas.locator('.canvas').press('F9');
    await canvas.locator('.react-flow__node[data-id="tpl"] .breakpoint').waitFor({ state: 'detached' });
  });

  it('adds a node from the palette with the keyboard and saves it to the file', async () => {
    await canvas.locator('.react-flow__pane').click({ position: { x: 30, y: 30 } });
    await canvas.locator('.canvas').press('/');
    await canvas.locator('.palette-search input').fill('parse json');
    await canvas.locator('.palette-search input').press('Enter');
    await canvas.locator('.react-flow__node[data-id="parse1"]').waitFor();
    await canvas.locator('.canvas').press('Control+s');
    const text = await waitForFile(greetFile(), (t) => t.includes('"parse1"'));
    assert.match(text, /"id": "parse1",\s*"type": "json.parse"/);
  });

  it('connects two nodes by dragging between handles and saves the edge', async () => {
    const from = await center(canvas, '.react-flow__node[data-id="tpl"] .react-flow__handle.source[data-handleid="text"]');
    const to = await center(canvas, '.react-flow__node[data-id="parse1"] .react-flow__handle.target[data-handleid="text"]');
    const mouse = workbench.page.mouse;
    await mouse.move(from.x, from.y);
    await mouse.down();
    await mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2, { steps: 5 });
    await mouse.move(to.x, to.y, { steps: 5 });
    await mouse.up();
    await canvas.locator('.react-flow__edge').nth(2).waitFor();
    await canvas.locator('.canvas').press('Control+s');
    const text = await waitForFile(greetFile(), (t) => t.includes('"target": "parse1"'));
    const flow = JSON.parse(text) as { edges: { source: string; sourceHandle: string; target: string; targetHandle: string }[] };
    assert.deepEqual(
      flow.edges
        .filter((e) => e.target === 'parse1')
        .map(({ source, sourceHandle, targetHandle }) => ({ source, sourceHandle, targetHandle })),
      [{ source: 'tpl', sourceHandle: 'text', targetHandle: 'text' }],
    );
  });

  it('undoes exactly the last document edit with Ctrl+Z in the canvas, and redoes it', async () => {
    await canvas.locator('.react-flow__pane').click({ position: { x: 30, y: 30 } });
    await canvas.locator('.canvas').press('Control+z');
    await canvas.waitForFunction(() => document.querySelectorAll('.react-flow__edge').length === 2);
    assert.equal(await canvas.locator('.react-flow__node').count(), 4, 'the node added before the edge stays');
    await canvas.locator('.canvas').press('Control+Shift+z');
    await canvas.waitForFunction(() => document.querySelectorAll('.react-flow__edge').length === 3);
  });

  it('duplicates the selection with new ids and deletes it with the Delete key', async () => {
    await canvas.locator('.react-flow__node[data-id="parse1"] .flow-node-header').click();
    await canvas.locator('.canvas').press('Control+d');
    await canvas.locator('.react-flow__node[data-id="parse2"].selected').waitFor();
    await canvas.locator('.canvas').press('Delete');
    await canvas.locator('.react-flow__node[data-id="parse2"]').waitFor({ state: 'detached' });
    assert.equal(await canvas.locator('.react-flow__node').count(), 4);
  });

  it('copies and pastes nodes through the clipboard with their inner edges', async () => {
    await canvas.locator('.react-flow__node[data-id="tpl"] .flow-node-header').click();
    await canvas.locator('.react-flow__node[data-id="parse1"] .flow-node-header').click({ modifiers: ['Control'] });
    await canvas.locator('.canvas').press('Control+c');
    await canvas.locator('.canvas').press('Control+v');
    await canvas.locator('.react-flow__node[data-id="tpl1"].selected').waitFor();
    await canvas.locator('.react-flow__node[data-id="parse2"].selected').waitFor();
    await canvas.locator('.react-flow__edge[data-id="e4"]').waitFor(); // the copy of tpl -> parse1
    await canvas.locator('.canvas').press('Delete');
    await canvas.locator('.react-flow__node[data-id="tpl1"]').waitFor({ state: 'detached' });
  });

  it('auto-lays out every node as one edit that one undo reverts', async () => {
    const transforms = () =>
      canvas.locator('.react-flow__node').evaluateAll((nodes) => nodes.map((n) => (n as HTMLElement).style.transform).join('|'));
    const before = await transforms();
    await canvas.locator('.react-flow__pane').click({ position: { x: 30, y: 30 } });
    await canvas.locator('.canvas').press('Shift+L');
    await canvas.waitForFunction(
      (old) =>
        Array.from(document.querySelectorAll<HTMLElement>('.react-flow__node'))
          .map((n) => n.style.transform)
          .join('|') !== old,
      before,
      { timeout: 30_000 },
    );
    await canvas.locator('.canvas').press('Control+z');
    await canvas.waitForFunction(
      (old) =>
        Array.from(document.querySelectorAll<HTMLElement>('.react-flow__node'))
          .map((n) => n.style.transform)
          .join('|') === old,
      before,
    );
    assert.equal(await transforms(), before);
  });

  it("adds a sticky note with Shift+N and saves its text in the flow's notes", async () => {
    await canvas.locator('.react-flow__pane').click({ position: { x: 30, y: 30 } });
    await canvas.locator('.canvas').press('Shift+N');
    const note = canvas.locator('.sticky-note[data-note-id="note1"] textarea');
    await note.waitFor();
    await note.fill('Remember to set the key');
    await canvas.locator('.react-flow__pane').click({ position: { x: 30, y: 30 } });
    await canvas.locator('.canvas').press('Control+s');
    const text = await waitForFile(greetFile(), (t) => t.includes('Remember to set the key'));
    assert.deepEqual(
      (JSON.parse(text) as { notes: { id: string; text: string }[] }).notes.map((n) => [n.id, n.text]),
      [['note1', 'Remember to set the key']],
    );
  });

  it('restores the viewport and selection when the webview reloads', async () => {
    await canvas.locator('.react-flow__node[data-id="out"] .flow-node-header').click();
    const viewport = canvas.locator('.react-flow__viewport');
    const before = await viewport.evaluate((el) => (el as HTMLElement).style.transform);
    await canvas.locator('.canvas').press('-');
    // The zoom is immediate; it ends with onMoveEnd, which saves the viewport.
    await canvas.waitForFunction((old) => (document.querySelector('.react-flow__viewport') as HTMLElement).style.transform !== old, before);
    const zoomed = await viewport.evaluate((el) => (el as HTMLElement).style.transform);
    await workbench.runCommand('Developer: Reload Webviews');
    await canvas
      .locator('#root')
      .waitFor({ state: 'detached' })
      .catch(() => undefined); // the old frame may go at once
    canvas = await workbench.canvasFrame('greet');
    await canvas.locator('.react-flow__node[data-id="out"].selected').waitFor();
    assert.equal(await canvas.locator('.react-flow__viewport').evaluate((el) => (el as HTMLElement).style.transform), zoomed);
  });

  it('is legible in light, dark and high-contrast themes (screenshots)', async () => {
    for (const kind of ['light', 'dark', 'high-contrast'] as ThemeKind[]) {
      await workbench.setTheme(kind, canvas);
      await workbench.screenshot(path.join(artifacts, `canvas-${kind}.png`));
    }
  });

  it('draws the nodes on the minimap and pans the canvas to the point clicked on it', async () => {
    const minimap = canvas.locator('.canvas-minimap canvas');
    // Nodes on screen are drawn in the theme's node colour, unmasked: count the pixels of that colour.
    const drawn = await minimap.evaluate((el) => {
      const c = el as HTMLCanvasElement;
      const probe = document.createElement('canvas').getContext('2d');
      if (!probe) return 0;
      probe.fillStyle = getComputedStyle(c).getPropertyValue('--minimap-node').trim();
      probe.fillRect(0, 0, 1, 1);
      const [r, g, b] = probe.getImageData(0, 0, 1, 1).data;
      const data = c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data ?? new Uint8ClampedArray();
      let matching = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i] === r && data[i + 1] === g && data[i + 2] === b) matching += 1;
      return matching;
    });
    assert.ok(drawn > 30, `the minimap shows the flow's nodes (${drawn} pixels in the node colour)`);
    const viewport = canvas.locator('.react-flow__viewport');
    const before = await viewport.evaluate((el) => (el as HTMLElement).style.transform);
    const box = await minimap.boundingBox();
    if (!box) throw new Error('the minimap is not on screen');
    await workbench.page.mouse.click(box.x + 8, box.y + 8);
    await canvas.waitForFunction((old) => (document.querySelector('.react-flow__viewport') as HTMLElement).style.transform !== old, before);
  });
});
