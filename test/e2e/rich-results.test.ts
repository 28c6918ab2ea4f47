// End to end in the real workbench: a flow calling server-everything's get-tiny-image and a small
// server of hostile rich results (test/fixtures/mcp-rich/rich-server.mjs) runs in the canvas. The
// image previews on its node and in the run panel, audio plays from a data: URL the webview's CSP
// allows, and an SVG with script, a 6 MB image, and javascript:/command: links neither run nor show.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { Frame } from 'playwright-core';
import { root, Workbench } from './helpers/workbench';

const artifacts = path.join(root, 'test-results', 'e2e');

const tool = (id: string, server: string, name: string, x: number, y: number, args?: Record<string, unknown>) => ({
  id,
  type: 'mcp.tool',
  position: { x, y },
  params: { server, tool: name, ...(args ? { arguments: args } : {}) },
});

const flow = {
  version: 1,
  name: 'rich results',
  nodes: [
    tool('logo', 'everything', 'get-tiny-image', 0, 0),
    tool('clip', 'rich', 'audio-clip', 300, 0),
    tool('links', 'rich', 'hostile-links', 600, 0),
    tool('svg', 'rich', 'svg-image', 0, 300),
    tool('mislabelled', 'rich', 'mislabelled-image', 300, 300),
    tool('huge', 'rich', 'huge-image', 600, 300, { megabytes: 6 }),
    { id: 'shown', type: 'output.json', position: { x: 0, y: 560 }, params: { name: 'logo' } },
  ],
  edges: [{ id: 'e1', source: 'logo', sourceHandle: 'image', target: 'shown', targetHandle: 'value' }],
};

const mcpConfig = {
  servers: {
    everything: {
      type: 'stdio',
      command: 'node',
      args: [path.join(root, 'node_modules/@modelcontextprotocol/server-everything/dist/index.js'), 'stdio'],
    },
    rich: { type: 'stdio', command: 'node', args: [path.join(root, 'test/fixtures/mcp-rich/rich-server.mjs')] },
  },
};

describe('rich MCP results on the canvas', function () {
  this.timeout(300_000);
  let workbench: Workbench;
  let canvas: Frame;
  const node = (id: string) => canvas.locator(`.react-flow__node[data-id="${id}"]`);

  before(async () => {
    workbench = await Workbench.open('rich-results', {
      'rich.flow.json': JSON.stringify(flow, null, 2),
      '.vscode/mcp.json': JSON.stringify(mcpConfig, null, 2),
    });
    canvas = await workbench.openFlow('rich.flow.json', 'rich results');
    for (const server of ['everything', 'rich']) {
      // The command palette opens from the workbench, not from inside the canvas's webview, which may hold the focus.
      await workbench.page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'rich.flow.json' }).click();
      await workbench.allowMcpServer(server);
    }
    await node('logo').locator('.react-flow__handle.source[data-handleid="image"]').waitFor({ timeout: 120_000 });
    await node('huge').locator('.react-flow__handle.source[data-handleid="image"]').waitFor({ timeout: 120_000 });
    await canvas.locator('#run').click();
    await canvas.locator('.panel-status[data-run-status="ok"]').waitFor({ timeout: 120_000 });
  });
  after(async function () {
    // A failed setup leaves no test to screenshot in afterEach.
    if (this.test?.parent?.tests.every((t) => t.state === undefined))
      await workbench?.screenshot(path.join(artifacts, 'failed-rich-setup.png'));
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed')
      await workbench.screenshot(path.join(artifacts, `failed-rich-${this.currentTest.title.slice(0, 40).replace(/\W+/g, '-')}.png`));
  });
  after(async () => {
    await workbench?.close();
  });

  it("previews the tool's PNG on its node and in the run panel", async () => {
    const image = node('logo').locator('.media-preview.media-image[data-port="image"] img');
    await image.waitFor();
    assert.match((await image.getAttribute('src')) ?? '', /^data:image\/png;base64,iVBORw0KGgo/);
    // Decoded: the CSP let the data: image in and it is the 20×20 logo.
    await canvas.waitForFunction((el) => (el as HTMLImageElement).complete, await image.elementHandle());
    assert.equal(await image.evaluate((el) => (el as HTMLImageElement).naturalWidth), 20);
    assert.match((await node('logo').locator('.media-label').first().textContent()) ?? '', /^image \(image\/png, 3\.9 KB\)$/);
    const output = canvas.locator('.run-output[data-output="logo"] .media-image img');
    assert.equal(await output.evaluate((el) => (el as HTMLImageElement).naturalWidth), 20);
    await workbench.screenshot(path.join(artifacts, 'rich-results-canvas.png'));
    await node('logo').screenshot({ path: path.join(artifacts, 'rich-results-image-node.png') });
    await node('clip').screenshot({ path: path.join(artifacts, 'rich-results-audio-node.png') });
    await node('links').screenshot({ path: path.join(artifacts, 'rich-results-links-node.png') });
  });

  it('plays audio from a data: URL the CSP allows', async () => {
    const audio = node('clip').locator('.media-audio audio');
    await audio.waitFor();
    // Metadata loads only if media-src allows data:; the clip is 0.1 s long.
    await canvas.waitForFunction((el) => (el as HTMLAudioElement).readyState >= 1, await audio.elementHandle(), { timeout: 10_000 });
    assert.ok(Math.abs((await audio.evaluate((el) => (el as HTMLAudioElement).duration)) - 0.1) < 0.01);
    assert.match((await node('clip').locator('.media-label').textContent()) ?? '', /audio \(audio\/wav, 844 bytes\)/);
  });

  it('describes an SVG with script instead of showing it, and runs none of it', async () => {
    const svg = node('svg');
    await svg.locator('.media-preview.media-note').waitFor();
    assert.equal(await svg.locator('img').count(), 0);
    assert.equal(await svg.locator('.media-reason').textContent(), 'SVG is not previewed: it may carry script');
    // Bytes of an SVG labelled PNG go to an <img>, where a browser never runs script; they fail to decode and become a note.
    const mislabelled = node('mislabelled');
    await mislabelled.locator('.media-note').waitFor();
    assert.equal(await mislabelled.locator('img').count(), 0);
    assert.equal(await mislabelled.locator('.media-reason').textContent(), 'the bytes do not decode as this type');
    assert.equal(await canvas.evaluate(() => (window as { __svgRan?: boolean }).__svgRan), undefined);
  });

  it('notes an image over 5 MB by its size, keeping no data: URL', async () => {
    const huge = node('huge');
    await huge.locator('.media-note').waitFor();
    assert.equal(await huge.locator('img').count(), 0);
    assert.match((await huge.locator('.media-reason').textContent()) ?? '', /^not kept: 6 MB is over the 5 MB kept per part$/);
  });

  it('shows every link as text and lets only the https one open, through the host', async () => {
    const links = node('links').locator('.resource-link');
    assert.deepEqual(await links.evaluateAll((items) => items.map((item) => item.getAttribute('data-uri'))), [
      'javascript:window.__linkRan=true',
      'command:workbench.action.terminal.new',
      'https://example.com/report',
    ]);
    assert.equal(await node('links').locator('a').count(), 0, 'no anchors: the webview navigates nowhere');
    assert.equal(await links.nth(0).locator('button').count(), 0);
    assert.equal(await links.nth(1).locator('button').count(), 0);
    await links.nth(0).locator('.resource-name').click();
    await links.nth(1).locator('.resource-name').click();
    assert.equal(await canvas.evaluate(() => (window as { __linkRan?: boolean }).__linkRan), undefined);
    assert.equal(await workbench.page.locator('.terminal-wrapper').count(), 0, 'the command: link opened no terminal');

    // The https link goes to the host, which asks VS Code to open it: the workbench asks the user first.
    await links.nth(2).locator('button.resource-open').click();
    const dialog = workbench.page.locator('.monaco-dialog-box', { hasText: 'example.com' });
    await dialog.waitFor({ timeout: 20_000 });
    await workbench.screenshot(path.join(artifacts, 'rich-results-open-link.png'));
    await dialog.locator('.monaco-button', { hasText: /^Cancel$/ }).click();
  });
});
