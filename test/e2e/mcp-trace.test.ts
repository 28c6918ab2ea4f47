// End to end in the real workbench: run examples/mcp-sum.flow.json (server "everything" from
// examples/.vscode/mcp.json, a real server-everything over stdio) in the canvas and read its MCP
// messages in the trace timeline, opened with the keyboard.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { Frame } from 'playwright-core';
import { root, Workbench } from './helpers/workbench';

const artifacts = path.join(root, 'test-results', 'e2e');

describe('MCP messages in the canvas trace timeline', function () {
  this.timeout(240_000);
  let workbench: Workbench;
  let canvas: Frame;

  before(async () => {
    workbench = await Workbench.open('mcp-trace');
    canvas = await workbench.openFlow('mcp-sum.flow.json', 'mcp-sum');
    // A workspace's MCP server starts only after the user allows it.
    await workbench.allowMcpServer('everything');
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed')
      await workbench.screenshot(path.join(artifacts, `failed-mcp-trace-${this.currentTest.title.slice(0, 40).replace(/\W+/g, '-')}.png`));
  });
  after(async () => {
    await workbench?.close();
  });

  it("shows the sum node's tools/call request and its response, and each payload on Enter", async () => {
    // The tool's ports come from the server's tool list: once they show, the server is connected.
    await canvas.locator('.react-flow__node[data-id="sum"] .react-flow__handle.target[data-handleid="a"]').waitFor({ timeout: 120_000 });
    await canvas.locator('vscode-textfield[data-input="a"] input').fill('20');
    await canvas.locator('vscode-textfield[data-input="b"] input').fill('22');
    await canvas.locator('#run').click();
    const output = canvas.locator('.run-output[data-output="answer"] pre');
    await output.waitFor({ timeout: 60_000 });
    assert.equal(await output.textContent(), 'Echo: The MCP server says: The sum of 20 and 22 is 42.');

    await canvas.locator('.panel-tab[data-tab="timeline"]').click();
    const sum = canvas.locator('.timeline-item[data-node-id="sum"]');
    assert.equal((await sum.locator('.timeline-mcp-count').textContent())?.trim(), '⇄ 2');
    assert.equal(
      (await canvas.locator('.timeline-item[data-node-id="say"] .timeline-mcp-count').textContent())?.trim(),
      '',
      'a template talks to no server',
    );

    const bar = sum.locator('button.timeline-bar');
    await bar.focus();
    await bar.press('Enter');
    assert.equal(await bar.getAttribute('aria-expanded'), 'true');
    const messages = sum.locator('.timeline-mcp .mcp-message');
    await messages.first().waitFor();
    assert.equal(await messages.count(), 2);
    const [request, response] = [messages.nth(0), messages.nth(1)];
    assert.equal(await request.getAttribute('data-method'), 'tools/call');
    assert.match((await request.locator('summary').textContent()) ?? '', /^→tools\/call#\d+\+\d+ ms$/);
    assert.equal(await response.getAttribute('data-method'), 'response');
    assert.match((await response.locator('summary').textContent()) ?? '', /^←response#\d+\+\d+ ms$/);
    assert.equal(
      await request.locator('.mcp-id').textContent(),
      await response.locator('.mcp-id').textContent(),
      'the response answers the request',
    );

    const requestSummary = request.locator('summary');
    await requestSummary.focus();
    await requestSummary.press('Enter');
    const payload = JSON.parse((await request.locator('pre.mcp-payload').textContent()) ?? '') as { name: string; arguments: unknown };
    assert.equal(payload.name, 'get-sum');
    assert.deepEqual(payload.arguments, { a: 20, b: 22 });
    await response.locator('summary').click();
    assert.match((await response.locator('pre.mcp-payload').textContent()) ?? '', /The sum of 20 and 22 is 42\./);
    await workbench.screenshot(path.join(artifacts, 'mcp-trace-timeline.png'));

    // Enter on the bar again folds the list away.
    await bar.press('Enter');
    await sum.locator('.timeline-mcp').waitFor({ state: 'detached' });
    assert.equal(await bar.getAttribute('aria-expanded'), 'false');
  });
});
