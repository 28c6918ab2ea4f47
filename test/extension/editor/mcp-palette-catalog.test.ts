// The palette's live MCP catalog against real servers: server-everything over stdio (tools, resources,
// prompts), a server that fails to start, one whose config asks for an input (never started by a
// canvas), and one the user has not allowed (a marker file shows it never ran). Plain Node: the
// module takes its pools, events and consent from the host, here a real pool and a table.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { McpConnectionPool } from '../../../src/engine';
import { McpPaletteCatalog, untrustedPaletteReason } from '../../../src/extension/editor/mcp-palette-catalog';
import type { McpServerChange } from '../../../src/extension/mcp/server-change';
import type { ConsentState } from '../../../src/extension/mcp/server-consent';
import { hostToWebviewSchema, type McpCatalogMessage, type McpServerView } from '../../../src/protocol/messages';
import { repoRoot } from '../../helpers/build-cli';

const everythingEntry = path.join(repoRoot, 'node_modules/@modelcontextprotocol/server-everything/dist/index.js');

/** Collects what a subscriber is posted and waits for a message that satisfies a check. */
class Posts {
  readonly messages: McpCatalogMessage[] = [];
  private waiting: { check: (m: McpCatalogMessage) => boolean; resolve: (m: McpCatalogMessage) => void }[] = [];

  readonly post = (message: McpCatalogMessage) => {
    // Every message must be one the session can send: it is checked against the protocol on the way out.
    assert.ok(hostToWebviewSchema.safeParse(message).success, `not a valid host message: ${JSON.stringify(message).slice(0, 300)}`);
    this.messages.push(message);
    for (const w of [...this.waiting]) {
      if (w.check(message)) {
        this.waiting = this.waiting.filter((x) => x !== w);
        w.resolve(message);
      }
    }
  };

  until(check: (m: McpCatalogMessage) => boolean): Promise<McpCatalogMessage> {
    const seen = this.messages.find(check);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => this.waiting.push({ check, resolve }));
  }
}

const serverIn = (message: McpCatalogMessage, name: string): McpServerView | undefined => message.servers.find((s) => s.name === name);

describe('MCP palette catalog (host)', function () {
  this.timeout(60_000);
  let dir: string;
  let pool: McpConnectionPool;
  let catalog: McpPaletteCatalog;
  let trustRefusal: string | undefined;
  let poolRequests = 0;
  let marker: string;
  const consent = new Map<string, ConsentState>([
    ['everything', 'allowed'],
    ['broken', 'allowed'],
    ['keyed', 'allowed'],
  ]);
  const listeners = new Set<(change: McpServerChange | undefined) => unknown>();
  const fire = (change: McpServerChange | undefined) => listeners.forEach((l) => l(change));

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'flowstudio-mcp-palette-'));
    mkdirSync(path.join(dir, '.vscode'));
    marker = path.join(dir, 'unconsented-ran');
    writeFileSync(
      path.join(dir, '.vscode', 'mcp.json'),
      JSON.stringify({
        inputs: [{ id: 'api-key', description: 'Key for the keyed server', password: true }],
        servers: {
          everything: { type: 'stdio', command: process.execPath, args: [everythingEntry, 'stdio'] },
          broken: { type: 'stdio', command: process.execPath, args: ['-e', 'console.error("no config here"); process.exit(3)'] },
          keyed: { type: 'stdio', command: process.execPath, args: [everythingEntry, 'stdio'], env: { API_KEY: '${input:api-key}' } },
          unconsented: {
            type: 'stdio',
            command: 'sh',
            args: ['-c', `touch '${marker}'; exec '${process.execPath}' '${everythingEntry}' stdio`],
          },
          refused: {
            type: 'stdio',
            command: 'sh',
            args: ['-c', `touch '${marker}'; exec '${process.execPath}' '${everythingEntry}' stdio`],
          },
        },
      }),
    );
    pool = await McpConnectionPool.fromWorkspace(
      { workspaceFolder: dir },
      {
        // As WorkspaceMcp does: every status and list change of the folder's servers is one event.
        onStatus: (server, status) => fire({ folder: dir, server, status }),
        onToolsChanged: (server) => fire({ folder: dir, server, status: pool.statusOf(server) ?? 'connected' }),
        onListChanged: (server, list) => fire({ folder: dir, server, status: pool.statusOf(server) ?? 'connected', list }),
        resolveInput: () => Promise.reject(new Error('the palette must not ask for inputs')),
      },
    );
    catalog = new McpPaletteCatalog({
      poolOfFolder: async () => {
        poolRequests++;
        return trustRefusal ? undefined : pool;
      },
      onDidChange: (listener) => {
        listeners.add(listener);
        return { dispose: () => listeners.delete(listener) };
      },
      untrustedReason: () => trustRefusal,
      consentOf: (_folder, server) => consent.get(server) ?? (server === 'refused' ? 'denied' : 'undecided'),
    });
  });
  after(async () => {
    catalog?.dispose();
    await pool?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts the servers when a canvas subscribes and lists their tools, resources and prompts', async () => {
    const posts = new Posts();
    const subscription = catalog.subscribe(dir, posts.post);
    try {
      const ready = await posts.until(
        (m) => serverIn(m, 'everything')?.status === 'connected' && (serverIn(m, 'everything')?.resources.length ?? 0) > 0,
      );
      const everything = serverIn(ready, 'everything')!;
      const echo = everything.tools.find((t) => t.name === 'echo');
      assert.ok(echo, `tools: ${everything.tools.map((t) => t.name).join(', ')}`);
      assert.equal(echo.description, 'Echoes back the input string');
      assert.deepEqual(echo.inputSchema.required, ['message']);
      assert.equal(echo.annotations?.readOnlyHint, true);
      assert.deepEqual(
        everything.prompts.find((p) => p.name === 'args-prompt')?.arguments?.map((a) => [a.name, a.required]),
        [
          ['city', true],
          ['state', false],
        ],
      );
      const doc = everything.resources.find((r) => r.name === 'architecture.md');
      assert.equal(doc?.mimeType, 'text/markdown');
      assert.match(doc?.uri ?? '', /^demo:\/\//);
      assert.ok(
        posts.messages.some((m) => serverIn(m, 'everything')?.status === 'connecting'),
        'the palette saw the server connecting first',
      );
    } finally {
      subscription.dispose();
    }
  });

  it('shows why a server failed, and does not start one whose config asks for an input', async () => {
    const posts = new Posts();
    const subscription = catalog.subscribe(dir, posts.post);
    try {
      const failed = await posts.until((m) => serverIn(m, 'broken')?.status === 'error');
      assert.match(serverIn(failed, 'broken')?.error ?? '', /cannot connect to MCP server 'broken'.*no config here/s);
      const keyed = serverIn(failed, 'keyed');
      assert.equal(keyed?.status, 'stopped');
      assert.match(keyed?.error ?? '', /asks for an input/);
      assert.equal(pool.statusOf('keyed'), 'stopped');
    } finally {
      subscription.dispose();
    }
  });

  it('starts no server the user has not allowed, and says it needs consent or was denied', async () => {
    const posts = new Posts();
    const subscription = catalog.subscribe(dir, posts.post);
    try {
      const listed = await posts.until((m) => serverIn(m, 'everything')?.status === 'connected');
      const waiting = serverIn(listed, 'unconsented');
      assert.equal(waiting?.status, 'stopped');
      assert.match(waiting?.error ?? '', /needs your consent to start/);
      assert.equal(waiting?.consent, 'undecided', 'the palette offers Allow… by this field');
      const refused = serverIn(listed, 'refused');
      assert.equal(refused?.status, 'stopped');
      assert.match(refused?.error ?? '', /you denied it/);
      assert.equal(refused?.consent, 'denied');
      assert.equal(serverIn(listed, 'everything')?.consent, undefined, 'an allowed server offers no consent button');
      assert.equal(pool.statusOf('unconsented'), 'stopped');
      assert.equal(existsSync(marker), false, 'a server without consent ran');
    } finally {
      subscription.dispose();
    }
  });

  it('gives a second canvas the known catalog at once, from the same server process and cached lists', async () => {
    const pid = pool.processIdOf('everything');
    assert.ok(pid, 'everything runs');
    const first = await catalog.build(dir);
    const posts = new Posts();
    const subscription = catalog.subscribe(dir, posts.post);
    try {
      assert.equal(posts.messages.length, 1, 'posted synchronously on subscribe');
      assert.equal(serverIn(posts.messages[0]!, 'everything')?.status, 'connected');
      const second = await catalog.build(dir);
      // Resources are listed once per connection: the same cached list, not a new listing.
      assert.equal(serverIn(second, 'everything')?.resources, serverIn(first, 'everything')?.resources);
      assert.equal(pool.processIdOf('everything'), pid);
    } finally {
      subscription.dispose();
    }
  });

  it('does not start a server again that was stopped, and shows it stopped', async () => {
    const posts = new Posts();
    const subscription = catalog.subscribe(dir, posts.post);
    try {
      await pool.stop('everything');
      const stopped = await posts.until((m) => serverIn(m, 'everything')?.status === 'stopped');
      assert.deepEqual(serverIn(stopped, 'everything')?.tools, []);
      fire(undefined); // as when a config reload or trust change makes every canvas rebuild
      const rebuilt = await catalog.build(dir);
      assert.equal(serverIn(rebuilt, 'everything')?.status, 'stopped');
      assert.equal(pool.statusOf('everything'), 'stopped');
    } finally {
      subscription.dispose();
    }
  });

  it('starts nothing in an untrusted workspace and says so', async () => {
    trustRefusal = 'untrusted';
    const requestsBefore = poolRequests;
    try {
      const posts = new Posts();
      const subscription = catalog.subscribe(dir, posts.post);
      const untrusted = await posts.until((m) => m.unavailableReason !== undefined);
      subscription.dispose();
      assert.equal(untrusted.unavailableReason, untrustedPaletteReason);
      assert.match(untrusted.unavailableReason ?? '', /not started in untrusted workspaces/);
      assert.deepEqual(untrusted.servers, []);
      assert.equal(poolRequests, requestsBefore, 'no pool was asked for, so no server could start');
    } finally {
      trustRefusal = undefined;
    }
  });

  it("says why when the folder's servers cannot be listed at all", async () => {
    const failing = new McpPaletteCatalog({
      poolOfFolder: () => Promise.reject(new Error('the OAuth store is not available')),
      onDidChange: () => ({ dispose: () => undefined }),
      untrustedReason: () => undefined,
      consentOf: () => 'allowed',
    });
    const posts = new Posts();
    const subscription = failing.subscribe(dir, posts.post);
    try {
      const message = await posts.until(() => true);
      assert.equal(message.unavailableReason, 'MCP servers could not be listed: the OAuth store is not available');
    } finally {
      subscription.dispose();
      failing.dispose();
    }
  });
});
