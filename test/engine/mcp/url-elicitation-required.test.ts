// A tool call refused with -32042 (URL elicitation required): the pages go to the run's person like a
// URL-mode elicitation, and after they are accepted the call runs once more. Against a real SDK
// server on 127.0.0.1 whose tool wants a page opened before it answers.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { UrlElicitationRequiredError } from '@modelcontextprotocol/sdk/types.js';
import { addConfigText, McpConnectionPool, type AskAnswer, type AskRequest, type McpConfig } from '../../../src/engine';

interface PageServer {
  url: string;
  /** How many times the tool was called. */
  calls(): number;
  close(): Promise<void>;
}

/** `pay` answers only after `pagesNeeded` refusals, each naming `page` as the page to open first. */
async function startPageServer(page: string, pagesNeeded: number): Promise<PageServer> {
  let calls = 0;
  const http: Server = createServer((req, res) => {
    const server = new McpServer({ name: 'pages', version: '1.0.0' });
    server.registerTool('pay', { description: 'Needs a payment approved on a page first' }, async () => {
      calls++;
      if (calls <= pagesNeeded)
        throw new UrlElicitationRequiredError([{ mode: 'url', message: 'Approve the payment', url: page, elicitationId: `pay-${calls}` }]);
      return { content: [{ type: 'text', text: 'paid' }] };
    });
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    res.on('close', () => {
      void transport.close();
      void server.close();
    });
    void server.connect(transport).then(() => transport.handleRequest(req, res));
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}/mcp`,
    calls: () => calls,
    close: () =>
      new Promise<void>((resolve) => {
        http.close(() => resolve());
        http.closeAllConnections();
      }),
  };
}

/** Stands in for the person: records what was asked and gives `answer`. */
function person(answer: AskAnswer) {
  const asked: AskRequest[] = [];
  return { asked, humanInput: { ask: async (request: AskRequest) => (asked.push(request), answer) } };
}

describe('a tool call that needs a page opened first (-32042)', function () {
  this.timeout(30_000);
  const servers: PageServer[] = [];
  const pools: McpConnectionPool[] = [];

  async function poolFor(page: string, pagesNeeded: number) {
    const server = await startPageServer(page, pagesNeeded);
    servers.push(server);
    const config: McpConfig = { servers: new Map(), inputs: new Map(), problems: [] };
    addConfigText(config, JSON.stringify({ servers: { pages: { type: 'http', url: server.url } } }), '/workspace/.vscode/mcp.json');
    const pool = new McpConnectionPool(config);
    pools.push(pool);
    return { pool, server };
  }

  afterEach(async () => {
    await Promise.all(pools.splice(0).map((p) => p.close()));
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });

  it('offers the page to the person as a URL elicitation, then calls again and returns the answer', async () => {
    const { pool, server } = await poolFor('https://pay.example.com/approve?id=7', 1);
    const { asked, humanInput } = person({ action: 'accept' });
    const result = await pool.callTool(
      'pages',
      'pay',
      {},
      { responder: { nodeId: 'checkout', flowFile: '/w/shop.flow.json', humanInput } },
    );
    assert.equal(result.text, 'paid');
    assert.equal(server.calls(), 2);
    assert.deepEqual(asked, [
      {
        mode: 'url',
        message: 'Approve the payment',
        url: 'https://pay.example.com/approve?id=7',
        elicitationId: 'pay-1',
        origin: { kind: 'mcp-server', server: 'pages', nodeId: 'checkout', flowFile: '/w/shop.flow.json' },
      },
    ]);
  });

  it('retries once only: a server that keeps asking fails the call', async () => {
    const { pool, server } = await poolFor('https://pay.example.com/approve', 5);
    const { asked, humanInput } = person({ action: 'accept' });
    await assert.rejects(
      pool.callTool('pages', 'pay', {}, { responder: { nodeId: 'checkout', humanInput } }),
      /Approve the payment|-32042/,
    );
    assert.equal(server.calls(), 2);
    assert.equal(asked.length, 1);
  });

  it('does not call again when the person declines, and says so', async () => {
    const { pool, server } = await poolFor('https://pay.example.com/approve', 1);
    const { humanInput } = person({ action: 'decline' });
    await assert.rejects(
      pool.callTool('pages', 'pay', {}, { responder: { nodeId: 'checkout', humanInput } }),
      /MCP server 'pages' needs a page opened before this call \(Approve the payment\); the page was declined/,
    );
    assert.equal(server.calls(), 1);
  });

  it('never offers a page that is not https (a server must not make the client open local files or run script)', async () => {
    const { pool, server } = await poolFor('file:///etc/passwd', 1);
    const { asked, humanInput } = person({ action: 'accept' });
    await assert.rejects(
      pool.callTool('pages', 'pay', {}, { responder: { nodeId: 'checkout', humanInput } }),
      /it asked to open a file: URL; only https URLs are opened; nothing was opened/,
    );
    assert.equal(asked.length, 0);
    assert.equal(server.calls(), 1);
  });

  it('without anyone to ask, names the page to open', async () => {
    const { pool } = await poolFor('https://pay.example.com/approve', 1);
    await assert.rejects(pool.callTool('pages', 'pay', {}), /open https:\/\/pay\.example\.com\/approve yourself, then run again/);
  });
});
