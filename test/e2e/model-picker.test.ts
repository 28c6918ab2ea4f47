// End to end in the real workbench: the inspector's model picker on examples/chat.flow.json, reached
// and used with the keyboard only; the picked model is checked in the saved file.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { Frame } from 'playwright-core';
import { root, waitForFile, Workbench } from './helpers/workbench';

const artifacts = path.join(root, 'test-results', 'e2e');

describe('the model picker in the inspector', function () {
  this.timeout(240_000);
  let workbench: Workbench;
  let canvas: Frame;

  before(async () => {
    workbench = await Workbench.open('model-picker');
    // From the Explorer rather than Quick Open, whose file search can take minutes on a loaded machine;
    // opened before the extension has registered its editor it shows as text, hence Open as Canvas.
    await workbench.page.locator('.explorer-folders-view .monaco-list-row', { hasText: /^chat\.flow\.json$/ }).dblclick();
    const opened = await workbench.canvasFrame('chat', 60_000).catch(() => undefined);
    if (opened) canvas = opened;
    else {
      await workbench.runCommand('FlowStudio: Open as Canvas');
      canvas = await workbench.canvasFrame('chat', 120_000);
    }
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed')
      await workbench.screenshot(path.join(artifacts, `failed-${this.currentTest.title.slice(0, 40).replace(/\W+/g, '-')}.png`));
  });
  after(async () => {
    await workbench?.close();
  });

  it('is reached with Tab, suggests the provider’s models, and writes the one picked with arrows and Enter to the file', async () => {
    await canvas.locator('.react-flow__node[data-id="model"] .flow-node-header').click();
    await canvas.locator('.inspector[data-node-id="model"]').waitFor();
    const picker = canvas.locator('.model-picker input[role="combobox"]');
    assert.equal(await picker.inputValue(), 'gpt-4o-mini');

    // From the provider field, one Tab lands in the model field.
    await canvas.locator('.param[data-param="provider"] vscode-single-select').focus();
    await canvas.locator('.param[data-param="provider"] vscode-single-select').press('Tab');
    await canvas.waitForFunction(() => document.activeElement?.getAttribute('role') === 'combobox');

    await picker.press('ArrowDown');
    const list = canvas.locator('.model-picker [role="listbox"]');
    await list.waitFor();
    const offered = await list.locator('[role="option"]').evaluateAll((options) => options.map((o) => o.getAttribute('data-model')));
    assert.ok(offered.includes('gpt-4o-mini') && offered.includes('gpt-4.1-mini'), `offered: ${offered.join(', ')}`);
    assert.equal(
      await list.locator('[role="option"][aria-selected="true"]').getAttribute('data-model'),
      'gpt-4o-mini',
      'the current model is the active option',
    );
    await workbench.screenshot(path.join(artifacts, 'model-picker.png'));

    // Typing filters; arrows move the active option; Enter picks it.
    await picker.fill('4.1');
    assert.deepEqual(await list.locator('[role="option"]').evaluateAll((options) => options.map((o) => o.getAttribute('data-model'))), [
      'gpt-4.1',
      'gpt-4.1-mini',
    ]);
    await picker.press('ArrowDown');
    await picker.press('ArrowDown');
    const active = list.locator('[role="option"][aria-selected="true"]');
    assert.equal(await active.getAttribute('data-model'), 'gpt-4.1-mini');
    assert.equal(await picker.getAttribute('aria-activedescendant'), await active.getAttribute('id'));
    await picker.press('Enter');
    await list.waitFor({ state: 'hidden' });
    assert.equal(await picker.inputValue(), 'gpt-4.1-mini');

    await canvas.locator('.canvas').press('Control+s');
    const text = await waitForFile(path.join(workbench.workspace, 'chat.flow.json'), (t) => t.includes('"gpt-4.1-mini"'));
    const saved = JSON.parse(text) as { nodes: { id: string; params: Record<string, unknown> }[] };
    assert.deepEqual(saved.nodes.find((n) => n.id === 'model')?.params, {
      provider: 'openai',
      model: 'gpt-4.1-mini',
      apiKey: '{{secret:OPENAI_API_KEY}}',
      system: 'You are a helpful assistant. Keep answers short.',
    });
  });
});
