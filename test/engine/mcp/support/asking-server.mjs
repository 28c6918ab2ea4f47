// An MCP server (stdio, the real SDK) that asks its client back: a form and a URL during a call, a
// question after its call has ended, a sampling request, and the client's roots. Each tool returns
// what the client answered, as JSON text, so tests can see the server's side.
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { CallToolRequestSchema, ListToolsRequestSchema, RootsListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';

const server = new Server({ name: 'asking', version: '1.0.0' }, { capabilities: { tools: {} } });

const noArgs = { type: 'object', properties: {} };
const tools = [
  { name: 'ask-now', description: 'Asks for an age during the call', inputSchema: noArgs },
  {
    name: 'ask-url',
    description: 'Asks the person to open a URL during the call',
    inputSchema: { type: 'object', properties: { url: { type: 'string' } }, required: ['url'] },
  },
  {
    name: 'ask-together',
    description: 'Waits until `calls` calls of it are open at once, then asks for an age during each',
    inputSchema: { type: 'object', properties: { calls: { type: 'number' } }, required: ['calls'] },
  },
  { name: 'ask-later', description: 'Returns at once, then asks a question outside any call', inputSchema: noArgs },
  { name: 'outside-answer', description: 'What the question asked outside a call got', inputSchema: noArgs },
  {
    name: 'sample-now',
    description: "Asks the client's model during the call",
    inputSchema: { type: 'object', properties: { prompt: { type: 'string' } }, required: ['prompt'] },
  },
  { name: 'roots-now', description: "Lists the client's roots", inputSchema: noArgs },
  { name: 'roots-changes', description: 'How often the client said its roots changed', inputSchema: noArgs },
];

let outside;
/** The calls of ask-together waiting for the others; all are let go when the last one arrives. */
const together = [];
let rootsChanges = 0;
server.setNotificationHandler(RootsListChangedNotificationSchema, () => {
  rootsChanges++;
});

const text = (value) => ({ content: [{ type: 'text', text: JSON.stringify(value) }] });
const settled = (promise) =>
  promise.then(
    (result) => ({ result }),
    (error) => ({ error: String(error.message ?? error) }),
  );

server.setRequestHandler(ListToolsRequestSchema, () => ({ tools }));
server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
  const args = request.params.arguments ?? {};
  const related = { relatedRequestId: extra.requestId };
  switch (request.params.name) {
    case 'ask-now':
      return text(
        await settled(
          server.elicitInput(
            {
              message: 'How old are you?',
              requestedSchema: { type: 'object', properties: { age: { type: 'integer', minimum: 0 } }, required: ['age'] },
            },
            related,
          ),
        ),
      );
    case 'ask-together':
      await new Promise((resolve) => {
        together.push(resolve);
        if (together.length >= args.calls) together.splice(0).forEach((release) => release());
      });
      return text(
        await settled(
          server.elicitInput(
            { message: 'How old are you?', requestedSchema: { type: 'object', properties: { age: { type: 'integer' } } } },
            related,
          ),
        ),
      );
    case 'ask-url':
      return text(await settled(server.elicitInput({ mode: 'url', message: 'Sign in', url: args.url, elicitationId: 'e-1' }, related)));
    case 'ask-later':
      setTimeout(() => {
        outside = settled(
          server.elicitInput({
            message: 'A question nobody called for',
            requestedSchema: { type: 'object', properties: { secret: { type: 'string' } } },
          }),
        );
      }, 300);
      return text('asked later');
    case 'outside-answer':
      return text(outside ? await outside : 'not asked yet');
    case 'sample-now':
      return text(
        await settled(
          server.createMessage(
            {
              messages: [{ role: 'user', content: { type: 'text', text: args.prompt } }],
              systemPrompt: 'You are terse.',
              maxTokens: 40,
            },
            related,
          ),
        ),
      );
    case 'roots-now':
      return text(await settled(server.listRoots(undefined, related)));
    case 'roots-changes':
      return text(rootsChanges);
    default:
      return { content: [{ type: 'text', text: `no tool ${request.params.name}` }], isError: true };
  }
});

await server.connect(new StdioServerTransport());
