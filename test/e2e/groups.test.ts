// End to end in the real workbench: groups on the canvas, made, renamed, dragged and ungrouped with
// mouse and keyboard in chromium; the document on disk is checked after each save.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Frame } from 'playwright-core';
import { root, Workbench } from './helpers/workbench';

const artifacts = path.join(root, 'test-results', 'e2e');

interface SavedFlow {
  nodes: { id: string; position: { x: number; y: number } }[];
  groups?: { id: string; label?: string; nodes: string[] }[];
}

async function center(frame: Frame, selector: string): Promise<{ x: number; y: number }> {
  const box = await frame.locator(selector).boundingBox();
  if (!box) throw new Error(`${selector} is not on screen`);
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

describe('groups on the flow canvas in VS Code', function () {
  this.timeout(240_000);
  let workbench: Workbench;
  let canvas: Frame;
  const greetFile = () => path.join(workbench.workspace, 'greet.flow.json');
  const savedFlow = () => JSON.parse(readFileSync(greetFile(), 'utf8')) as SavedFlow;
  const positions = (flow: SavedFlow) => Object.fromEntries(flow.nodes.map((n) => [n.id, n.position]));

  /** Waits until the canvas's edit has reached the document (the tab turns dirty), then saves it. */
  async function saveEdit(): Promise<void> {
    const tab = workbench.page.locator('.tabs-container .tab.active');
    await workbench.page.locator('.tabs-container .tab.active.dirty').waitFor();
    await canvas.locator('.canvas').press('Control+s');
    await workbench.page.waitForFunction(() => !document.querySelector('.tabs-container .tab.active')?.classList.contains('dirty'));
    assert.equal(await tab.count(), 1);
  }

  /** The keys went to the canvas, not to a workbench command (Go to Line, Source Control) that takes focus. */
  async function assertCanvasKeepsFocus(): Promise<void> {
    assert.equal(await canvas.evaluate(() => document.hasFocus()), true, 'the canvas still has the focus');
    assert.equal(await workbench.page.locator('.quick-input-widget').isVisible(), false, 'no quick input opened');
  }

  /** Quick Open waits for the workspace's file search, which on a loaded machine can outlast the helper's wait: try again. */
  async function openFlow(file: string, flowName: string): Promise<Frame> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await workbench.openFlow(file, flowName);
      } catch (error) {
        if (attempt === 3) throw error;
        await workbench.page.keyboard.press('Escape');
      }
    }
  }

  before(async () => {
    const missing = readFileSync(path.join(root, 'test', 'fixtures', 'flow', 'group-unknown-node.flow.json'), 'utf8');
    workbench = await Workbench.open('groups', { 'grouped.flow.json': missing });
    canvas = await openFlow('greet.flow.json', 'greet');
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed')
      await workbench.screenshot(path.join(artifacts, `failed-groups-${this.currentTest.title.slice(0, 40).replace(/\W+/g, '-')}.png`));
  });
  after(async () => {
    await workbench?.close();
  });

  it('groups two selected nodes with Ctrl+G and saves the group with both ids', async () => {
    await canvas.locator('.react-flow__node[data-id="who"] .flow-node-header').click();
    await canvas.locator('.react-flow__node[data-id="tpl"] .flow-node-header').click({ modifiers: ['Control'] });
    await canvas.locator('.canvas').press('Control+g');
    await canvas.locator('.react-flow__node[data-id="group:group1"].selected .group-frame-label', { hasText: 'Group' }).waitFor();
    await assertCanvasKeepsFocus();
    await saveEdit();
    assert.deepEqual(savedFlow().groups, [{ id: 'group1', label: 'Group', nodes: ['who', 'tpl'] }]);
  });

  it('renames the selected group with F2, Enter saving the label', async () => {
    await canvas.locator('.canvas').press('F2');
    const input = canvas.locator('.group-frame[data-group-id="group1"] .group-frame-input');
    await input.waitFor();
    await input.fill('Greeting');
    await input.press('Enter');
    await canvas.locator('.group-frame[data-group-id="group1"] .group-frame-name', { hasText: 'Greeting' }).waitFor();
    await saveEdit();
    assert.equal(savedFlow().groups?.[0]?.label, 'Greeting');
    await workbench.screenshot(path.join(artifacts, 'groups-light.png'));
  });

  it('renames the selected group from the inspector', async () => {
    const field = canvas.locator('.inspector[data-group-id="group1"] vscode-textfield#group-label input');
    await field.fill('Say hello');
    await field.press('Enter');
    await canvas.locator('.group-frame[data-group-id="group1"] .group-frame-name', { hasText: 'Say hello' }).waitFor();
    await saveEdit();
    assert.equal(savedFlow().groups?.[0]?.label, 'Say hello');
  });

  it('moves both nodes by dragging the frame, as one edit that one Ctrl+Z reverts', async () => {
    const before = positions(savedFlow());
    const from = await center(canvas, '.group-frame[data-group-id="group1"] .group-frame-label');
    const mouse = workbench.page.mouse;
    await mouse.move(from.x, from.y);
    await mouse.down();
    await mouse.move(from.x + 40, from.y + 60, { steps: 5 });
    await mouse.move(from.x + 96, from.y + 112, { steps: 5 });
    await mouse.up();
    await saveEdit();
    const after = positions(savedFlow());
    const delta = (id: string) => ({ x: after[id]!.x - before[id]!.x, y: after[id]!.y - before[id]!.y });
    assert.notDeepEqual(delta('who'), { x: 0, y: 0 }, 'the nodes moved');
    assert.deepEqual(delta('tpl'), delta('who'), 'both by the same step');
    assert.deepEqual(after.out, before.out, 'the node outside the group stayed');

    await canvas.locator('.canvas').press('Control+z');
    await saveEdit();
    assert.deepEqual(positions(savedFlow()), before, 'one undo puts both back');
  });

  it('ungroups the selected group with Ctrl+Shift+G and keeps its nodes', async () => {
    await canvas.locator('.group-frame[data-group-id="group1"] .group-frame-label').click();
    await canvas.locator('.react-flow__node[data-id="group:group1"].selected').waitFor();
    await canvas.locator('.canvas').press('Control+Shift+G');
    await canvas.locator('.react-flow__node[data-id="group:group1"]').waitFor({ state: 'detached' });
    await assertCanvasKeepsFocus();
    await canvas.locator('.react-flow__node[data-id="who"].selected').waitFor();
    await canvas.locator('.react-flow__node[data-id="tpl"].selected').waitFor();
    await saveEdit();
    const flow = savedFlow();
    assert.equal(flow.groups, undefined);
    assert.deepEqual(
      flow.nodes.map((n) => n.id),
      ['who', 'tpl', 'out'],
    );
  });

  it('opens a flow whose group names a missing node, framing the nodes it has and marking the missing one', async () => {
    const grouped = await openFlow('grouped.flow.json', 'grouped');
    await grouped.locator('.group-frame[data-group-id="g1"] .group-frame-warning[title="Not in the flow: ghost"]').waitFor();
    await grouped.locator('.panel-tab[data-tab="problems"]').click();
    const line =
      readFileSync(path.join(workbench.workspace, 'grouped.flow.json'), 'utf8')
        .split('\n')
        .findIndex((l) => l.includes('"ghost"')) + 1;
    const warning = grouped.locator('.problems .problem.warning', { hasText: "group 'g1' names node 'ghost', which is not in the flow" });
    await warning.waitFor();
    assert.match((await warning.getAttribute('title')) ?? '', new RegExp(`^line ${line}, column \\d+$`));
    const frame = await grouped.locator('.react-flow__node[data-id="group:g1"]').boundingBox();
    const out = await grouped.locator('.react-flow__node[data-id="out"]').boundingBox();
    assert.ok(frame && out && frame.x < out.x && frame.x + frame.width > out.x + out.width, 'the frame surrounds node out');
  });
});
