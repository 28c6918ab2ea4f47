// End to end in the real workbench: the palette says the workspace's MCP server "everything"
// (server-everything over stdio, from examples/.vscode/mcp.json) needs consent, its Allow… button
// asks VS Code's modal question, and once allowed the palette lists its tools, discovered live; placing
// one with the keyboard writes an mcp.tool node to the file on disk, and the inspector documents the
// tool from the server's own description and input schema.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { Frame } from 'playwright-core';
import { root, waitForFile, Workbench } from './helpers/workbench';

const artifacts = path.join(root, 'test-results', 'e2e');

// A node naming a tool the server does not have, for the inspector's "not found" answer.
const flowText = JSON.stringify(
  {
    version: 1,
    name: 'mcp-palette',
    nodes: [{ id: 'ghost', type: 'mcp.tool', position: { x: 0, y: 0 }, params: { server: 'everything', tool: 'no-such-tool' } }],
    edges: [],
  },
  null,
  2,
);

interface SavedFlow {
  nodes: { id: string; type: string; params?: Record<string, unknown> }[];
}

describe('MCP tools in the canvas palette and inspector', function () {
  this.timeout(240_000);
  let workbench: Workbench;
  let canvas: Frame;
  const flowFile = () => path.join(workbench.workspace, 'mcp-palette.flow.json');

  before(async () => {
    workbench = await Workbench.open('mcp-palette', { 'mcp-palette.flow.json': flowText });
    canvas = await workbench.openFlow('mcp-palette.flow.json', 'mcp-palette');
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed')
      await workbench.screenshot(path.join(artifacts, `failed-mcp-${this.currentTest.title.slice(0, 40).replace(/\W+/g, '-')}.png`));
  });
  after(async () => {
    await workbench?.close();
  });

  it('offers Allow… next to server "everything", which asks the modal question before it starts', async () => {
    // A workspace's MCP server starts only after the user allows it: opening the canvas started nothing.
    const button = canvas.locator('.palette-notice-action[data-allow-server="everything"]');
    await button.waitFor({ timeout: 60_000 });
    const notice = canvas.locator('.palette-notice', { has: button });
    assert.match((await notice.textContent()) ?? '', /everything is not started: it needs your consent to start/);
    assert.equal(await button.textContent(), 'Allow…');
    const group = canvas.locator('.palette-group', { has: button });
    assert.equal(await group.locator('.palette-category').textContent(), 'MCP · everything');
    assert.equal(await group.locator('.palette-item').count(), 0, 'entries of the server listed before consent');
    await button.scrollIntoViewIfNeeded();
    await workbench.screenshot(path.join(artifacts, 'mcp-palette-consent.png'));
    await button.click();
    const dialog = workbench.page.locator('.monaco-dialog-box');
    await dialog.waitFor();
    assert.match(
      (await dialog.textContent()) ?? '',
      /Start the MCP server "everything" that this workspace defines\?.*It runs: npx -y @modelcontextprotocol\/server-everything stdio/s,
    );
    await dialog.locator('.monaco-button', { hasText: /^Allow$/ }).click();
    // Allowed: the button gives way to the server connecting, then to its entries.
    await button.waitFor({ state: 'detached', timeout: 120_000 });
  });

  it('lists the tools of server "everything" in the palette once it has connected', async () => {
    // Allowing the server started it (npx); its tools arrive when it has listed them.
    await canvas.locator('.palette-item[data-component="mcp.tool"][data-mcp-name="echo"]').waitFor({ timeout: 120_000 });
    const category = canvas.locator('.palette-group', { has: canvas.locator('[data-mcp-name="echo"]') }).locator('.palette-category');
    assert.equal(await category.textContent(), 'MCP · everything');
    assert.ok(
      await canvas.locator('.palette-item[data-component="mcp.tool"][data-mcp-name="get-sum"]').count(),
      'the adding tool is listed too',
    );
    assert.ok(await canvas.locator('.palette-item[data-component="mcp.prompt"]').count(), 'prompts are listed');
    assert.ok(await canvas.locator('.palette-item[data-component="mcp.resource"]').count(), 'resources are listed');
    await category.scrollIntoViewIfNeeded();
    await workbench.screenshot(path.join(artifacts, 'mcp-palette.png'));
  });

  it('places the echo tool with the keyboard and saves an mcp.tool node naming server and tool', async () => {
    await canvas.locator('.react-flow__pane').click({ position: { x: 30, y: 30 } });
    await canvas.locator('.canvas').press('/');
    const search = canvas.locator('.palette-search input');
    await search.fill('echo');
    await canvas.locator('.palette-item.active[data-mcp-name="echo"]').waitFor();
    await search.press('Enter');
    await canvas.locator('.react-flow__node[data-id="echo1"]').waitFor();
    // Its ports come from the tool's input schema.
    await canvas.locator('.react-flow__node[data-id="echo1"] .react-flow__handle.target[data-handleid="message"]').waitFor();
    await canvas.locator('.canvas').press('Control+s');
    const text = await waitForFile(flowFile(), (t) => t.includes('"echo1"'));
    const saved = JSON.parse(text) as SavedFlow;
    assert.deepEqual(
      saved.nodes.filter((n) => n.id === 'echo1').map((n) => [n.type, n.params]),
      [['mcp.tool', { server: 'everything', tool: 'echo' }]],
    );
  });

  it("shows the placed tool's description and input schema in the inspector", async () => {
    await canvas.locator('.inspector[data-node-id="echo1"]').waitFor();
    const doc = canvas.locator('.inspector .mcp-doc[data-mcp-tool="echo"]');
    await doc.waitFor();
    assert.equal(await doc.locator('.mcp-doc-description').textContent(), 'Echoes back the input string');
    const message = doc.locator('tr[data-property="message"]');
    assert.equal(await message.locator('.mcp-doc-type').textContent(), 'string');
    assert.equal(await message.locator('.mcp-doc-required').count(), 1, 'message is a required argument');
    assert.match((await message.textContent()) ?? '', /Message to echo/);
    await workbench.screenshot(path.join(artifacts, 'mcp-inspector.png'));
  });

  it('says in the inspector when the node names a tool the server does not have', async () => {
    await canvas.locator('.react-flow__node[data-id="ghost"] .flow-node-header').click();
    const doc = canvas.locator('.inspector[data-node-id="ghost"] .mcp-doc[data-mcp-doc="message"] .param-problem');
    await doc.waitFor();
    assert.match((await doc.textContent()) ?? '', /MCP server 'everything' has no tool 'no-such-tool'; its tools: .*echo/);
  });
});
