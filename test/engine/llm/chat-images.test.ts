// An image from a real MCP server (server-everything's tiny logo) reaching a chat model: as an image
// part of the prompt on llm.chat's `images` input, and as a description, never bytes, on `prompt`.
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { McpConnectionPool, runFlow } from '../../../src/engine';
import { repoRoot } from '../../helpers/build-cli';
import { buildFlow } from '../../helpers/flow-builder';
import { TEST_KEY, WIRE_FORMATS, type WireFormat } from './helpers/formats';
import { WireServer } from './helpers/wire-server';

function imageChatFlow(format: WireFormat, server: WireServer, imagePort: 'images' | 'prompt') {
  return buildFlow(
    {
      question: ['input.text', { name: 'question', required: true }],
      logo: ['mcp.tool', { server: 'everything', tool: 'get-tiny-image' }],
      model: [
        'llm.chat',
        {
          provider: format.provider,
          model: format.model,
          baseURL: format.baseURL(server.url),
          ...(format.keyHeader ? { apiKey: '{{env:LOCAL_TEST_KEY}}' } : {}),
        },
      ],
      answer: ['output.text', { name: 'answer' }],
    },
    [...(imagePort === 'images' ? ['question.text -> model.prompt'] : []), `logo.image -> model.${imagePort}`, 'model.text -> answer.text'],
  );
}

describe('llm.chat with an image from an MCP tool', function () {
  this.timeout(60_000);
  let server: WireServer;
  let pool: McpConnectionPool;
  let image: string;

  before(async () => {
    server = await WireServer.start();
    pool = await McpConnectionPool.fromWorkspace({ workspaceFolder: path.join(repoRoot, 'test/fixtures/mcp-rich') }, { env: process.env });
    const result = await pool.callTool('everything', 'get-tiny-image', {});
    image = (result.content.find((c) => (c as { type: string }).type === 'image') as { data: string }).data;
  });
  after(async () => {
    await pool?.close();
    await server?.close();
  });
  beforeEach(() => server.reset());

  // Formats whose providers the AI SDK sends image parts for; each puts the base64 in the request body.
  for (const format of WIRE_FORMATS.filter((f) => ['openai-compatible', 'openai', 'anthropic', 'google', 'ollama'].includes(f.provider))) {
    it(`sends the image with the prompt (${format.name})`, async () => {
      server.on('POST', format.chatPath, { fixture: format.fixture.text });
      const result = await runFlow(imageChatFlow(format, server, 'images'), {
        inputs: { question: 'What is in this picture?' },
        env: { LOCAL_TEST_KEY: TEST_KEY },
        mcp: pool,
      }).result;
      assert.equal(result.status, 'ok', result.error?.message);
      const body = JSON.stringify(server.requests[0]?.body);
      assert.match(body, /What is in this picture\?/);
      assert.ok(body.includes(image), 'the request carries the image bytes');
    });
  }

  it('gives a text prompt a description of the image, never its bytes', async () => {
    const format = WIRE_FORMATS.find((f) => f.provider === 'openai-compatible')!;
    server.on('POST', format.chatPath, { fixture: format.fixture.text });
    const result = await runFlow(imageChatFlow(format, server, 'prompt'), {
      inputs: { question: 'unused' },
      env: { LOCAL_TEST_KEY: TEST_KEY },
      mcp: pool,
    }).result;
    assert.equal(result.status, 'ok', result.error?.message);
    const body = JSON.stringify(server.requests[0]?.body);
    assert.match(body, /\[image: image\/png, \d+ bytes\]/);
    assert.ok(!body.includes(image.slice(0, 40)));
  });
});
