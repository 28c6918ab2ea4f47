// End to end in the real workbench: editing a node as a person does — typing in the inspector or on
// the card and clicking Run or pressing Ctrl+S at once, placing a component and wiring it before its
// params are filled in, stopping a run that is asking for its inputs. Screenshots go to test-results/e2e.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { Frame } from 'playwright-core';
import { root, waitForFile, Workbench } from './helpers/workbench';

const artifacts = path.join(root, 'test-results', 'e2e');

describe('editing nodes in the canvas', function () {
  this.timeout(240_000);
  let workbench: Workbench;
  let canvas: Frame;
  const greetFile = () => path.join(workbench.workspace, 'greet.flow.json');
  const output = () => canvas.locator('.run-output[data-output="greeting"] pre');
  const personField = () => canvas.locator('vscode-textfield[data-input="person"] input');

  before(async () => {
    workbench = await Workbench.open('node-editing');
    canvas = await workbench.openFlow('greet.flow.json', 'greet');
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed')
      await workbench.screenshot(path.join(artifacts, `failed-${this.currentTest.title.slice(0, 40).replace(/\W+/g, '-')}.png`));
  });
  after(async () => {
    await workbench?.close();
  });

  it('titles a node by its component with the id beside it, and labels a port named after its type once', async () => {
    const card = canvas.locator('.react-flow__node[data-id="tpl"]');
    assert.equal((await card.locator('.flow-node-title').textContent())?.trim(), 'Template');
    assert.equal((await card.locator('.flow-node-id').textContent())?.trim(), 'tpl');
    // The template's output port is named "text" and typed text: one word, not "text text".
    assert.equal((await card.locator('.port-output').textContent())?.trim(), 'text');
  });

  it('runs with the value typed in the inspector when Run is clicked right after typing, every time', async () => {
    await canvas.locator('.react-flow__node[data-id="tpl"] .flow-node-header').click();
    const template = canvas.locator('.inspector .param[data-param="template"] textarea');
    await template.waitFor();
    await personField().fill('Ada');
    for (const text of ['Hi {{name}}, welcome', 'Good morning, {{name}}.']) {
      const expected = text.replace('{{name}}', 'Ada');
      await template.fill(text);
      await canvas.locator('#run').click(); // no pause, no blur first: the click itself is all
      // A run of the old text would leave the previous greeting (or none) there for good.
      await output()
        .filter({ hasText: expected })
        .waitFor({ timeout: 30_000 })
        .catch(async () =>
          assert.equal(
            await output()
              .textContent()
              .catch(() => null),
            expected,
          ),
        );
      await canvas.locator('.panel-status[data-run-status="ok"]').waitFor({ timeout: 30_000 });
      assert.equal(await output().textContent(), expected);
    }
  });

  it('edits the template on the selected card, with its ports following the text while typing', async () => {
    const card = canvas.locator('.react-flow__node[data-id="tpl"]');
    const field = card.locator('.node-field[data-param="template"] textarea');
    await field.waitFor();
    await field.click();
    await field.fill('Dear {{name}} from {{place}}');
    // The new placeholder's port appears while the field still has focus.
    await card.locator('.react-flow__handle.target[data-handleid="place"]').waitFor({ timeout: 10_000 });
    assert.equal(await field.evaluate((el) => el === document.activeElement), true);
    await workbench.screenshot(path.join(artifacts, 'node-editing-card.png'));
    // The inspector shows what was typed on the card.
    assert.equal(await canvas.locator('.inspector .param[data-param="template"] textarea').inputValue(), 'Dear {{name}} from {{place}}');
  });

  it('saves the value typed on the card when Ctrl+S is pressed right after typing', async () => {
    const field = canvas.locator('.react-flow__node[data-id="tpl"] .node-field[data-param="template"] textarea');
    await field.fill('Bye, {{name}}!');
    await field.press('Control+s');
    const text = await waitForFile(greetFile(), (t) => t.includes('Bye, {{name}}!'));
    assert.match(text, /"template": "Bye, \{\{name\}\}!"/);
  });

  it('shows a fresh Agent with its ports before a model is chosen', async () => {
    await canvas.locator('.react-flow__pane').click({ position: { x: 30, y: 30 } });
    await canvas.locator('.canvas').press('/');
    await canvas.locator('.palette-search input').fill('agent');
    await canvas.locator('.palette-search input').press('Enter');
    const agent = canvas.locator('.react-flow__node[data-id="agent1"]');
    await agent.waitFor();
    await agent.locator('.react-flow__handle.target[data-handleid="prompt"]').waitFor({ timeout: 10_000 });
    await agent.locator('.react-flow__handle.target[data-handleid="tools"]').waitFor();
    await agent.locator('.react-flow__handle.source[data-handleid="text"]').waitFor();
    assert.equal((await agent.locator('.flow-node-title').textContent())?.trim(), 'Agent');
    await workbench.screenshot(path.join(artifacts, 'node-editing-agent.png'));
    await canvas.locator('.canvas').press('Delete');
    await agent.waitFor({ state: 'detached' });
  });

  it('closes the input box of a run that is stopped while it asks for its inputs, without an error', async () => {
    await personField().fill('');
    await canvas.locator('#run').click();
    const box = workbench.page.locator('.quick-input-widget', { hasText: 'input "person"' });
    await box.waitFor({ state: 'visible', timeout: 30_000 });
    await canvas.locator('#stop').click();
    await box.waitFor({ state: 'hidden', timeout: 10_000 });
    await canvas.locator('.panel-status[data-run-status="cancelled"]').waitFor({ timeout: 10_000 });
    // Nothing later reports the stopped run as "run cancelled: no inputs given".
    await personField().fill('Ada');
    await canvas.locator('#run').click();
    await canvas.locator('.panel-status[data-run-status="ok"]').waitFor({ timeout: 30_000 });
    assert.equal(await workbench.page.locator('.notifications-toasts', { hasText: 'no inputs given' }).count(), 0);
  });
});
