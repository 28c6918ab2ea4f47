// An imported Prompt flow chat flow runs: chat-basic, pointed at a local server that speaks OpenAI's
// Responses wire format, answers two turns of one chat session with the imported system prompt and history.
import assert from 'node:assert/strict';
import { ChatSessionStore, commandLinePolicy, EnvSecretStore, runFlow, type Flow } from '../../../src/engine';
import { collect } from '../../helpers/flow-builder';
import { TEST_KEY } from '../llm/helpers/formats';
import { WireServer } from '../llm/helpers/wire-server';
import { importFixture } from './promptflow-fixtures';

interface SentMessage {
  role: string;
  content: unknown;
}

function textOfContent(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((part: { text?: string }) => part.text ?? '').join('');
  return JSON.stringify(content);
}

describe('Prompt flow import: running an imported chat flow', () => {
  let server: WireServer;
  before(async () => (server = await WireServer.start()));
  after(() => server.close());

  it('answers two turns of chat-basic against a local server speaking the OpenAI wire format, sending the system prompt and the history', async () => {
    const { flow: imported, secrets } = await importFixture('chat-basic');
    assert.deepEqual(secrets, ['OPENAI_API_KEY']);
    // What a user does after importing: point the model at their endpoint. Nothing else changes.
    const flow: Flow = {
      ...imported,
      nodes: imported.nodes.map((n) => (n.type === 'llm.chat' ? { ...n, params: { ...n.params, baseURL: `${server.url}/v1` } } : n)),
    };
    server.on('POST', '/v1/responses', { fixture: 'openai-responses.text.sse' });
    const options = {
      secrets: new EnvSecretStore({ OPENAI_API_KEY: TEST_KEY }),
      secretPolicy: commandLinePolicy([{ name: 'OPENAI_API_KEY', destination: server.url }]),
      chatSessions: new ChatSessionStore(),
      chatSessionId: 'imported',
    };

    const first = await collect(runFlow(flow, { ...options, inputs: { question: 'What is ChatGPT?' } }));
    assert.equal(first.result.status, 'ok', first.result.error?.message);
    assert.equal(first.result.outputs.answer, 'Hello from the local server.');
    const second = await collect(runFlow(flow, { ...options, inputs: { question: 'And Prompt flow?' } }));
    assert.equal(second.result.status, 'ok', second.result.error?.message);

    assert.equal(server.requests.length, 2);
    assert.equal(server.requests[0]!.headers.authorization, `Bearer ${TEST_KEY}`);
    const body = server.requests[1]!.body as { model: string; temperature?: number; max_output_tokens?: number; input: SentMessage[] };
    assert.equal(body.model, 'gpt-3.5-turbo');
    assert.equal(body.temperature, 0.7);
    assert.equal(body.max_output_tokens, 256);
    assert.deepEqual(
      body.input.map((m) => [m.role, textOfContent(m.content)]),
      [
        ['system', 'You are a helpful assistant.'],
        ['user', 'What is ChatGPT?'],
        ['assistant', 'Hello from the local server.'],
        ['user', 'And Prompt flow?'],
      ],
    );
  });
});
