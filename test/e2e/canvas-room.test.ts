// End to end in the real workbench: the canvas gives its nodes room. Fit view and new nodes keep
// clear of the minimap and the zoom controls; the canvas re-fits when the side bar opens or closes
// until the user moves the view; the palette, the inspector and the minimap collapse and stay so
// across a reload; drawing an edge near the canvas's edge does not move the view; chips read well in
// both high-contrast themes. Screenshots go to test-results/e2e.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { Frame } from 'playwright-core';
import { root, Workbench, type ThemeKind } from './helpers/workbench';

const artifacts = path.join(root, 'test-results', 'e2e');

// greet's three nodes, and the "everything" server's echo tool (for the tool id chip in the inspector).
const flowText = JSON.stringify(
  {
    version: 1,
    name: 'room',
    nodes: [
      { id: 'who', type: 'input.text', position: { x: 0, y: 0 }, params: { name: 'person' } },
      { id: 'tpl', type: 'text.template', position: { x: 240, y: 0 }, params: { template: 'Hello, {{name}}!' } },
      { id: 'out', type: 'output.text', position: { x: 480, y: 160 }, params: { name: 'greeting' } },
      { id: 'echo', type: 'mcp.tool', position: { x: 720, y: 160 }, params: { server: 'everything', tool: 'echo' } },
    ],
    edges: [
      { id: 'e1', source: 'who', sourceHandle: 'text', target: 'tpl', targetHandle: 'name' },
      { id: 'e2', source: 'tpl', sourceHandle: 'text', target: 'out', targetHandle: 'text' },
    ],
  },
  null,
  2,
);

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}
interface RoomReport {
  canvas: Box;
  overlays: { name: string; box: Box }[];
  nodes: { id: string; box: Box }[];
}

/** Every node's and overlay's box, relative to the canvas, as the webview lays them out now. */
function roomReport(canvas: Frame): Promise<RoomReport> {
  // No named functions inside: the test's compiler would wrap them in a helper the page does not have.
  return canvas.evaluate(() => {
    const area = document.querySelector('.canvas-area');
    if (!area) throw new Error('no canvas area');
    const origin = area.getBoundingClientRect();
    const [overlays, nodes] = ['.react-flow__panel', '.react-flow__node'].map((selector) =>
      Array.from(area.querySelectorAll(selector)).map((el) => {
        const r = el.getBoundingClientRect();
        return {
          name: el.className,
          id: el.getAttribute('data-id') ?? '',
          box: { x: r.left - origin.left, y: r.top - origin.top, width: r.width, height: r.height },
        };
      }),
    );
    return { canvas: { x: 0, y: 0, width: origin.width, height: origin.height }, overlays: overlays ?? [], nodes: nodes ?? [] };
  });
}

const intersects = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** Asserts the nodes (all, or those named) lie on the canvas and under no overlay. */
async function assertNodesInRoom(canvas: Frame, what: string, ids?: string[]): Promise<RoomReport> {
  const report = await roomReport(canvas);
  const nodes = ids ? report.nodes.filter((n) => ids.includes(n.id)) : report.nodes;
  assert.ok(nodes.length > 0, `${what}: nodes to check`);
  assert.ok(report.overlays.length >= 2, `${what}: the minimap and the zoom controls are there`);
  for (const node of nodes) {
    const b = node.box;
    assert.ok(
      b.x >= 0 && b.y >= 0 && b.x + b.width <= report.canvas.width && b.y + b.height <= report.canvas.height,
      `${what}: ${node.id} ${JSON.stringify(b)} lies on the canvas ${JSON.stringify(report.canvas)}`,
    );
    for (const overlay of report.overlays)
      assert.ok(
        !intersects(b, overlay.box),
        `${what}: ${node.id} ${JSON.stringify(b)} is under ${overlay.name} ${JSON.stringify(overlay.box)}`,
      );
  }
  return report;
}

const transform = (canvas: Frame) => canvas.locator('.react-flow__viewport').evaluate((el) => (el as HTMLElement).style.transform);
const canvasWidth = (canvas: Frame) => canvas.locator('.canvas-area').evaluate((el) => el.getBoundingClientRect().width);
/** Waits `count` animation frames in the webview: long enough for a resize or an auto-pan to have moved the view. */
const frames = (canvas: Frame, count: number) =>
  canvas.evaluate(`new Promise((resolve) => {
    let left = ${count};
    const tick = () => (--left <= 0 ? resolve() : requestAnimationFrame(tick));
    requestAnimationFrame(tick);
  })`);

/**
 * WCAG contrast of every chip and badge shown against the background it is painted on (page code
 * as text: the test's compiler would wrap its named functions in a helper the page does not have).
 */
const chipContrastsSource = `(() => {
  const probe = document.createElement('canvas').getContext('2d');
  const parse = (colour) => {
    probe.clearRect(0, 0, 1, 1);
    probe.fillStyle = colour;
    probe.fillRect(0, 0, 1, 1);
    const [r, g, b, a] = probe.getImageData(0, 0, 1, 1).data;
    return [r, g, b, a / 255];
  };
  const channel = (c) => ((c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  const luminance = ([r, g, b]) => 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  const backgroundOf = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const [r, g, b, a] = parse(getComputedStyle(e).backgroundColor);
      if (a > 0.5) return [r, g, b];
    }
    return parse(getComputedStyle(document.body).backgroundColor).slice(0, 3);
  };
  const chips = document.querySelectorAll('code, .port-chip, .run-badge, .mcp-doc-hint, .palette-id, .flow-node-type, .port-type');
  return Array.from(chips)
    .filter((el) => el.offsetParent !== null)
    .map((el) => {
      const background = backgroundOf(el);
      const [r, g, b, a] = parse(getComputedStyle(el).color);
      // A translucent text colour (descriptionForeground is 70% foreground) is seen blended with its background.
      const fg = luminance([r, g, b].map((c, i) => c * a + background[i] * (1 - a)));
      const bg = luminance(background);
      return {
        what: el.tagName.toLowerCase() + '.' + el.className,
        text: el.textContent ?? '',
        ratio: (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05),
      };
    });
})()`;
const chipContrasts = (canvas: Frame) => canvas.evaluate(chipContrastsSource) as Promise<{ what: string; text: string; ratio: number }[]>;

describe('room to work on the canvas', function () {
  this.timeout(240_000);
  let workbench: Workbench;
  let canvas: Frame;

  before(async () => {
    workbench = await Workbench.open('canvas-room', { 'room.flow.json': flowText });
    canvas = await workbench.openFlow('room.flow.json', 'room');
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed')
      await workbench.screenshot(path.join(artifacts, `failed-room-${this.currentTest.title.slice(0, 40).replace(/\W+/g, '-')}.png`));
  });
  after(async () => {
    await workbench?.close();
  });

  it('opens fitted with every node clear of the minimap and the zoom controls', async () => {
    await canvas.locator('.canvas-minimap canvas').waitFor();
    await canvas.waitForFunction(() => document.querySelectorAll('.react-flow__node').length === 4);
    await assertNodesInRoom(canvas, 'opened');
    await workbench.screenshot(path.join(artifacts, 'room-opened.png'));
  });

  it('re-fits when the side bar closes and opens, while the user has not moved the view', async () => {
    const width = await canvasWidth(canvas);
    const before = await transform(canvas);
    await workbench.runCommand('View: Toggle Primary Side Bar Visibility');
    await canvas.waitForFunction((w) => document.querySelector('.canvas-area')!.getBoundingClientRect().width > w + 100, width);
    await canvas.waitForFunction((old) => (document.querySelector('.react-flow__viewport') as HTMLElement).style.transform !== old, before);
    await assertNodesInRoom(canvas, 'side bar closed');
    await workbench.screenshot(path.join(artifacts, 'room-side-bar-closed.png'));
    await workbench.runCommand('View: Toggle Primary Side Bar Visibility');
    await canvas.waitForFunction((w) => Math.abs(document.querySelector('.canvas-area')!.getBoundingClientRect().width - w) < 2, width);
    await frames(canvas, 3);
    await assertNodesInRoom(canvas, 'side bar open again');
  });

  it('keeps a view the user moved when the side bar closes', async () => {
    await canvas.locator('.react-flow__pane').click({ position: { x: 30, y: 30 } });
    const fitted = await transform(canvas);
    await canvas.locator('.canvas').press('-');
    await canvas.waitForFunction((old) => (document.querySelector('.react-flow__viewport') as HTMLElement).style.transform !== old, fitted);
    await frames(canvas, 3); // onMoveEnd comes a task after the zoom
    const moved = await transform(canvas);
    const width = await canvasWidth(canvas);
    await workbench.runCommand('View: Toggle Primary Side Bar Visibility');
    await canvas.waitForFunction((w) => document.querySelector('.canvas-area')!.getBoundingClientRect().width > w + 100, width);
    await frames(canvas, 10);
    assert.equal(await transform(canvas), moved, 'the view stays where the user put it');
    await workbench.runCommand('View: Toggle Primary Side Bar Visibility');
    await canvas.waitForFunction((w) => Math.abs(document.querySelector('.canvas-area')!.getBoundingClientRect().width - w) < 2, width);
  });

  it('fits again with Shift+1, then re-fits when the palette and the inspector collapse', async () => {
    await canvas.locator('.react-flow__pane').click({ position: { x: 30, y: 30 } });
    const moved = await transform(canvas);
    await canvas.locator('.canvas').press('Shift+Digit1');
    await canvas.waitForFunction((old) => (document.querySelector('.react-flow__viewport') as HTMLElement).style.transform !== old, moved);
    await frames(canvas, 20); // the fit animates for 200 ms
    await assertNodesInRoom(canvas, 'fit view');
    const width = await canvasWidth(canvas);
    const fitted = await transform(canvas);
    await canvas.locator('.palette .panel-collapse').click();
    await canvas.locator('.inspector-panel .panel-collapse').click();
    await canvas.locator('.collapsed-left .panel-expand').waitFor();
    await canvas.locator('.collapsed-right .panel-expand').waitFor();
    assert.equal(await canvas.locator('.palette').count(), 0);
    assert.equal(await canvas.locator('.inspector').count(), 0);
    const wider = await canvasWidth(canvas);
    assert.ok(wider > width + 400, `the canvas takes the room (${width} -> ${wider} px)`);
    await canvas.waitForFunction((old) => (document.querySelector('.react-flow__viewport') as HTMLElement).style.transform !== old, fitted);
    await assertNodesInRoom(canvas, 'panels collapsed');
    await workbench.screenshot(path.join(artifacts, 'room-panels-collapsed.png'));
  });

  it('hides the minimap from its button, and keeps panels and minimap as they were across a reload', async () => {
    const toggle = canvas.locator('.react-flow__controls .minimap-toggle');
    assert.equal(await toggle.getAttribute('aria-label'), 'Hide the minimap');
    await toggle.click();
    await canvas.locator('.canvas-minimap').waitFor({ state: 'detached' });
    assert.equal(await toggle.getAttribute('aria-label'), 'Show the minimap');
    await workbench.runCommand('Developer: Reload Webviews');
    await canvas
      .locator('#root')
      .waitFor({ state: 'detached' })
      .catch(() => undefined); // the old frame may go at once
    canvas = await workbench.canvasFrame('room');
    await canvas.locator('.collapsed-left .panel-expand').waitFor();
    await canvas.locator('.collapsed-right .panel-expand').waitFor();
    assert.equal(await canvas.locator('.palette').count(), 0, 'the palette stays collapsed');
    assert.equal(await canvas.locator('.inspector').count(), 0, 'the inspector stays collapsed');
    assert.equal(await canvas.locator('.canvas-minimap').count(), 0, 'the minimap stays hidden');
    // Back again with the keyboard: the rails' buttons take focus and Enter.
    await canvas.locator('.collapsed-left .panel-expand').focus();
    await canvas.locator('.collapsed-left .panel-expand').press('Enter');
    await canvas.locator('.palette').waitFor();
    await canvas.locator('.collapsed-right .panel-expand').focus();
    await canvas.locator('.collapsed-right .panel-expand').press('Enter');
    await canvas.locator('.inspector').waitFor();
    await canvas.locator('.react-flow__controls .minimap-toggle').click();
    await canvas.locator('.canvas-minimap canvas').waitFor();
    await frames(canvas, 3);
    await assertNodesInRoom(canvas, 'panels back, still fitted');
  });

  it('ends palette labels that do not fit with an ellipsis, and names them in full on hover', async () => {
    const item = canvas.locator('.palette-item[data-component="text.template"]');
    const title = item.locator('.palette-title');
    const style = await title.evaluate((el) => getComputedStyle(el).textOverflow);
    assert.equal(style, 'ellipsis');
    // Squeeze the palette: the title is clipped, not wrapped or pushed out of the entry.
    await canvas.locator('.palette').evaluate((el) => ((el as HTMLElement).style.width = '120px'));
    const clipped = await title.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth, height: el.clientHeight }));
    assert.ok(clipped.scroll > clipped.client, `the title is clipped (${clipped.scroll} > ${clipped.client})`);
    const itemBox = await item.boundingBox();
    const titleBox = await title.boundingBox();
    assert.ok(itemBox && titleBox && titleBox.x + titleBox.width <= itemBox.x + itemBox.width + 0.5, 'the title stays inside its entry');
    assert.match((await item.getAttribute('title')) ?? '', /^Template \(text\.template\)\n/);
    await canvas.locator('.palette').evaluate((el) => ((el as HTMLElement).style.width = ''));
  });

  it('places a node added with the keyboard in the free part of the canvas', async () => {
    await canvas.locator('.react-flow__pane').click({ position: { x: 30, y: 30 } });
    await canvas.locator('.canvas').press('/');
    await canvas.locator('.palette-search input').fill('parse json');
    await canvas.locator('.palette-search input').press('Enter');
    await canvas.locator('.react-flow__node[data-id="parse1"]').waitFor();
    await frames(canvas, 2);
    await assertNodesInRoom(canvas, 'added with Enter', ['parse1']);
  });

  it('places a node dropped onto the minimap beside it, not under it', async () => {
    await canvas.locator('.palette-search input').fill('join');
    const entry = canvas.locator('.palette-item[data-component="text.join"]');
    await entry.waitFor();
    await entry.dragTo(canvas.locator('.canvas-minimap canvas'));
    await canvas.locator('.react-flow__node[data-id="join1"]').waitFor();
    await frames(canvas, 2);
    await assertNodesInRoom(canvas, 'dropped on the minimap', ['join1']);
  });

  it('pastes nodes into view when the originals are off screen', async () => {
    await canvas.locator('.react-flow__node[data-id="tpl"] .flow-node-header').click();
    await canvas.locator('.canvas').press('Control+c');
    const pane = await canvas.locator('.canvas-area').boundingBox();
    if (!pane) throw new Error('the canvas is not on screen');
    const mouse = workbench.page.mouse;
    // Pan the flow far down and right with the mouse, from the empty corner the fit leaves, so every original is off screen.
    for (let i = 0; i < 3; i += 1) {
      await mouse.move(pane.x + 16, pane.y + 16);
      await mouse.down();
      await mouse.move(pane.x + pane.width - 200, pane.y + pane.height - 150, { steps: 6 });
      await mouse.up();
    }
    const report = await roomReport(canvas);
    const tpl = report.nodes.find((n) => n.id === 'tpl');
    assert.ok(!tpl || tpl.box.x > report.canvas.width || tpl.box.y > report.canvas.height, 'the original is off screen');
    await canvas.locator('.canvas').press('Control+v');
    await canvas.locator('.react-flow__node[data-id="tpl1"].selected').waitFor();
    await frames(canvas, 2);
    await assertNodesInRoom(canvas, 'pasted', ['tpl1']);
  });

  it('does not move the view while an edge is drawn to the edge of the canvas', async () => {
    // The paste sits far from the rest: without it, the fit is close enough for handles to show.
    await canvas.locator('.canvas').press('Delete');
    await canvas.locator('.react-flow__node[data-id="tpl1"]').waitFor({ state: 'detached' });
    await canvas.locator('.canvas').press('Shift+Digit1');
    await frames(canvas, 20);
    const handle = canvas.locator('.react-flow__node[data-id="who"] .react-flow__handle.source[data-handleid="text"]');
    const from = await handle.boundingBox();
    const area = await canvas.locator('.canvas-area').boundingBox();
    if (!from || !area) throw new Error('the handle is not on screen');
    const before = await transform(canvas);
    const mouse = workbench.page.mouse;
    await mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await mouse.down();
    // Rest within 40 px of the canvas's right edge, where auto-pan used to scroll 15 px a frame.
    const nearEdge = { x: area.x + area.width - 12, y: area.y + area.height / 3 };
    await mouse.move(nearEdge.x, nearEdge.y, { steps: 8 });
    await canvas.locator('.react-flow__connectionline').waitFor();
    await frames(canvas, 30);
    const during = await transform(canvas);
    await mouse.up();
    assert.equal(during, before, 'the view stays put while the edge is drawn');
    assert.equal(await transform(canvas), before);
  });

  it('draws chips and badges with contrast in Light and Dark High Contrast (screenshots)', async () => {
    // Consent from the palette's own button, as a person would.
    await canvas.locator('.palette-search input').fill('');
    await canvas.locator('.palette-notice-action[data-allow-server="everything"]').click();
    await workbench.page.locator('.monaco-dialog-box .monaco-button', { hasText: /^Allow$/ }).click();
    await canvas.locator('.canvas').press('Shift+Digit1');
    await frames(canvas, 20);
    await canvas.locator('.react-flow__node[data-id="echo"] .flow-node-header').click();
    const toolId = canvas.locator('.inspector .mcp-doc[data-mcp-tool="echo"] .mcp-doc-name code');
    await toolId.waitFor({ timeout: 120_000 });
    for (const kind of ['high-contrast-light', 'high-contrast'] as ThemeKind[]) {
      await workbench.setTheme(kind, canvas);
      await canvas.locator('.react-flow__node[data-id="echo"] .flow-node-header').click();
      await toolId.waitFor();
      await workbench.screenshot(path.join(artifacts, `room-${kind}.png`));
      const contrasts = await chipContrasts(canvas);
      assert.ok(
        contrasts.some((c) => c.what.startsWith('code') && c.text === 'echo'),
        `${kind}: the tool id chip is measured (${contrasts.length} chips)`,
      );
      const poor = contrasts.filter((c) => c.ratio < 4.5);
      assert.deepEqual(poor, [], `${kind}: chips below 4.5:1`);
    }
  });
});
