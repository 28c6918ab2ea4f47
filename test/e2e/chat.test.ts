// The chat playground end to end: a chat flow whose model is a local OpenAI-format streaming server,
// opened in the real workbench; each message is a run that is a turn of one chat session.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { Frame } from 'playwright-core';
import { textStream, messagesOf } from '../engine/llm/helpers/scripted-openai';
import { WireServer } from '../engine/llm/helpers/wire-server';
import { root, Workbench } from './helpers/workbench';

function chatFlow(baseURL: string): string {
  return JSON.stringify(
    {
      version: 1,
      name: 'local-chat',
      nodes: [
        { id: 'message', type: 'input.chat', position: { x: 0, y: 0 }, params: { name: 'message' } },
        { id: 'model', type: 'llm.chat', position: { x: 260, y: 0 }, params: { provider: 'openai-compatible', model: 'local', baseURL } },
        { id: 'reply', type: 'output.chat', position: { x: 520, y: 0 }, params: { name: 'reply' } },
      ],
      edges: [
        { id: 'e1', source: 'message', sourceHandle: 'message', target: 'model', targetHandle: 'prompt' },
        { id: 'e2', source: 'message', sourceHandle: 'history', target: 'model', targetHandle: 'history' },
        { id: 'e3', source: 'model', sourceHandle: 'message', target: 'reply', targetHandle: 'message' },
      ],
    },
    null,
    2,
  );
}

async function send(canvas: Frame, text: string): Promise<void> {
  const draft = canvas.locator('.chat-draft textarea');
  await draft.fill(text);
  await draft.press('Enter');
}

describe('the chat playground in VS Code', function () {
  this.timeout(240_000);
  let model: WireServer;
  let workbench: Workbench;
  let canvas: Frame;

  before(async () => {
    model = await WireServer.start();
    workbench = await Workbench.open('chat', { 'local-chat.flow.json': chatFlow(`${model.url}/v1`) });
    canvas = await workbench.openFlow('local-chat.flow.json', 'local-chat');
    await canvas.locator('.panel-tab[data-tab="chat"]').click();
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed')
      await workbench.screenshot(
        path.join(root, 'test-results', 'e2e', `failed-chat-${this.currentTest.title.slice(0, 40).replace(/\W+/g, '-')}.png`),
      );
  });
  after(async () => {
    await workbench?.close();
    await model?.close();
  });

  it('answers a message with the streamed reply rendered as Markdown, code block included', async () => {
    model.on('POST', '/v1/chat/completions', { sse: textStream(['Use **this**:\n\n', '```js\nconsole.log(1)\n', '```\n']) });
    await send(canvas, 'How do I log?');
    const reply = canvas.locator('.chat-message.assistant[data-status="done"]').first();
    await reply.waitFor({ timeout: 60_000 });
    assert.equal(await reply.locator('strong').textContent(), 'this');
    assert.equal(await reply.locator('pre.md-code code').textContent(), 'console.log(1)');
  });

  it('sends the earlier turn as history on the next message, and starts over with "New chat"', async () => {
    model.reset();
    model.on('POST', '/v1/chat/completions', { sse: textStream(['Second answer.']) });
    await send(canvas, 'And again?');
    await canvas.locator('.chat-message.assistant[data-status="done"]').nth(1).waitFor({ timeout: 60_000 });
    const sent = messagesOf(model.requests[0]!).map(
      (m) => `${m.role}: ${typeof m.content === 'string' ? m.content : JSON.stringify(m.content)}`,
    );
    assert.ok(
      sent.some((m) => m.startsWith('user: How do I log?')),
      `history missing from ${JSON.stringify(sent)}`,
    );
    assert.ok(
      sent.some((m) => m.startsWith('assistant:')),
      `assistant turn missing from ${JSON.stringify(sent)}`,
    );
    await canvas.locator('.chat-actions vscode-button', { hasText: 'New chat' }).click();
    assert.equal(await canvas.locator('.chat-turn').count(), 0);
    model.reset();
    model.on('POST', '/v1/chat/completions', { sse: textStream(['Fresh.']) });
    await send(canvas, 'Hello?');
    await canvas.locator('.chat-message.assistant[data-status="done"]').first().waitFor({ timeout: 60_000 });
    assert.ok(
      !messagesOf(model.requests[0]!).some((m) => typeof m.content === 'string' && m.content.includes('How do I log?')),
      'a new chat has no history',
    );
  });

  it('stops a reply that is still streaming', async () => {
    model.reset();
    model.on('POST', '/v1/chat/completions', { fixture: 'openai-chat.text.sse', holdAfterEvents: 3 });
    const closed = model.nextHeldStreamClosed();
    await send(canvas, 'Say hello slowly');
    const streaming = canvas.locator('.chat-message.assistant[data-status="streaming"]');
    await streaming.filter({ hasText: 'Hello from' }).waitFor({ timeout: 60_000 });
    await canvas.locator('.chat-actions vscode-button', { hasText: 'Stop' }).click();
    await canvas.locator('.chat-message.assistant[data-status="stopped"]').waitFor({ timeout: 30_000 });
    await closed;
  });
});
