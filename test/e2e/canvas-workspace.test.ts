// End to end in the real workbench: Ctrl+D puts the copy where it covers nothing and can be seen, and
// the side panels closed in one canvas stay closed in the next flow opened in the same workspace.
// Screenshots go to test-results/e2e.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { Frame } from 'playwright-core';
import { root, waitForFile, Workbench } from './helpers/workbench';

const artifacts = path.join(root, 'test-results', 'e2e');

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The canvas area's size, and every node's and React Flow panel's (minimap, controls) box relative to it. */
function layout(canvas: Frame): Promise<{ canvas: Box; nodes: { id: string; box: Box }[]; overlays: Box[] }> {
  // No named functions inside: the test's compiler would wrap them in a helper the page does not have.
  return canvas.evaluate(() => {
    const area = document.querySelector('.canvas-area');
    if (!area) throw new Error('no canvas area');
    const origin = area.getBoundingClientRect();
    const [nodes, overlays] = ['.react-flow__node', '.react-flow__panel'].map((selector) =>
      Array.from(area.querySelectorAll(selector)).map((el) => {
        const r = el.getBoundingClientRect();
        return {
          id: el.getAttribute('data-id') ?? '',
          box: { x: r.left - origin.left, y: r.top - origin.top, width: r.width, height: r.height },
        };
      }),
    );
    return {
      canvas: { x: 0, y: 0, width: origin.width, height: origin.height },
      nodes: nodes ?? [],
      overlays: (overlays ?? []).map((o) => o.box),
    };
  });
}

const intersects = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe('the canvas in a workspace', function () {
  this.timeout(240_000);
  let workbench: Workbench;

  before(async () => {
    workbench = await Workbench.open('canvas-workspace');
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed')
      await workbench.screenshot(
        path.join(artifacts, `canvas-workspace-failed-${this.currentTest.title.slice(0, 40).replace(/\W+/g, '-')}.png`),
      );
  });
  after(async () => {
    await workbench?.close();
  });

  it('duplicates a node with Ctrl+D beside it, covering no node, inside the visible canvas', async () => {
    const canvas = await workbench.openFlow('greet.flow.json', 'greet');
    const file = path.join(workbench.workspace, 'greet.flow.json');
    const before = (await layout(canvas)).nodes.map((n) => n.id);
    // Twice: the second copy (of the first, selected after it lands) must clear the original and the first copy too.
    for (let round = 1; round <= 2; round++) {
      const source = round === 1 ? canvas.locator('.react-flow__node[data-id="tpl"]') : canvas.locator('.react-flow__node.selected');
      await source.locator('.flow-node-header').click();
      await canvas.locator('.react-flow__node.selected').waitFor();
      await canvas.locator('.canvas').press('Control+d');
      await canvas
        .locator('.react-flow__node')
        .nth(before.length + round - 1)
        .waitFor();
      // The copy is selected once its document is in; wait for it to be measured and placed.
      await canvas.waitForFunction(
        (count) =>
          document.querySelectorAll('.react-flow__node').length === count &&
          document.querySelectorAll('.react-flow__node.selected').length === 1,
        before.length + round,
      );
      const shown = await layout(canvas);
      const copyId = await canvas.locator('.react-flow__node.selected').getAttribute('data-id');
      const placed = shown.nodes.find((n) => n.id === copyId);
      assert.ok(placed, `round ${round}: no copy on the canvas`);
      assert.ok(!before.includes(placed.id), `round ${round}: the selected node ${placed.id} is not a new one`);
      for (const other of shown.nodes.filter((n) => n.id !== placed.id))
        assert.ok(
          !intersects(placed.box, other.box),
          `round ${round}: the copy ${JSON.stringify(placed.box)} covers ${other.id} ${JSON.stringify(other.box)}`,
        );
      const b = placed.box;
      assert.ok(
        b.x >= 0 && b.y >= 0 && b.x + b.width <= shown.canvas.width && b.y + b.height <= shown.canvas.height,
        `round ${round}: the copy ${JSON.stringify(b)} is outside the visible canvas ${JSON.stringify(shown.canvas)}`,
      );
      for (const overlay of shown.overlays)
        assert.ok(!intersects(b, overlay), `round ${round}: the copy is under ${JSON.stringify(overlay)}`);
      await workbench.screenshot(path.join(artifacts, `canvas-workspace-duplicate-${round}.png`));
    }
    await canvas.locator('.canvas').press('Control+s');
    const saved = JSON.parse(
      await waitForFile(file, (t) => (JSON.parse(t) as { nodes: unknown[] }).nodes.length === before.length + 2),
    ) as {
      nodes: { id: string; type: string }[];
    };
    assert.equal(saved.nodes.filter((n) => n.type === 'text.template').length, 3, 'two copies of the template in the file');
    await workbench.runCommand('View: Revert and Close Editor');
  });

  it('keeps the palette and the inspector closed in the next flow opened in the workspace', async () => {
    const first = await workbench.openFlow('greet.flow.json', 'greet');
    await first.locator('.palette .panel-collapse').click();
    await first.locator('.inspector-panel .panel-collapse').click();
    await first.locator('.collapsed-panel.collapsed-left').waitFor();
    await first.locator('.collapsed-panel.collapsed-right').waitFor();
    await workbench.runCommand('View: Close All Editors');

    // Another flow, in a new editor with no saved state of its own: the workspace's layout applies.
    const second = await workbench.openFlow('branching.flow.json', 'triage');
    await workbench.screenshot(path.join(artifacts, 'canvas-workspace-panels-remembered.png'));
    assert.equal(await second.locator('.palette').count(), 0, 'the palette is open again');
    assert.equal(await second.locator('.inspector-panel').count(), 0, 'the inspector is open again');
    assert.equal(await second.locator('.collapsed-panel.collapsed-left').count(), 1);
    assert.equal(await second.locator('.collapsed-panel.collapsed-right').count(), 1);

    // Opened again there, the palette is open in the next editor too.
    await second.locator('.collapsed-panel.collapsed-left .panel-expand').click();
    await second.locator('.palette').waitFor();
    await workbench.runCommand('View: Close All Editors');
    const third = await workbench.openFlow('greet.flow.json', 'greet');
    await third.locator('.palette').waitFor();
    assert.equal(await third.locator('.inspector-panel').count(), 0, 'the inspector, still closed, opened');
  });
});
