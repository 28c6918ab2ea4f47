// The reference for the MCP benchmark: a bare SDK server with one tool doing what the greet flow
// does (fill "Hello, {{name}}!"), over stdio or over Streamable HTTP with sessions, as ours runs.
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { CallToolRequestSchema, ListToolsRequestSchema, isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';

function createBareServer() {
  const server = new Server({ name: 'bare', version: '1' }, { capabilities: { tools: {} } });
  server.setRequestHandler(ListToolsRequestSchema, async () => ({
    tools: [{ name: 'greet', inputSchema: { type: 'object', properties: { person: { type: 'string' } }, required: ['person'] } }],
  }));
  server.setRequestHandler(CallToolRequestSchema, async (request) => {
    const greeting = 'Hello, {{name}}!'.replace('{{name}}', String(request.params.arguments?.person));
    return { content: [{ type: 'text', text: greeting }], structuredContent: { greeting } };
  });
  return server;
}

if (process.argv[2] === 'http') {
  const sessions = new Map();
  const http = createServer(async (req, res) => {
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    const body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString()) : undefined;
    const id = req.headers['mcp-session-id'];
    if (id && sessions.has(id)) return sessions.get(id).handleRequest(req, res, body);
    if (!isInitializeRequest(body)) return res.writeHead(400).end();
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (sid) => sessions.set(sid, transport),
    });
    await createBareServer().connect(transport);
    await transport.handleRequest(req, res, body);
  });
  http.listen(0, '127.0.0.1', () => process.stderr.write(`MCP endpoint http://127.0.0.1:${http.address().port}/mcp\n`));
} else {
  await createBareServer().connect(new StdioServerTransport());
}
