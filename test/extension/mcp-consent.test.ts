// Consent before a workspace's MCP server starts, in the real editor of a trusted workspace. The
// server is a marker: its command creates a file and then serves server-everything, so "did it run"
// is a file on disk. The consent question is answered by a stand-in for the modal dialog, which
// records what it was shown.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { FlowStudioApi } from '../../src/extension/extension';
import type { McpConnectionPool } from '../../src/engine';
import type { ConsentDecision, ConsentPrompt, ConsentRequest } from '../../src/extension/mcp/server-consent';
import { inputStorageKey } from '../../src/extension/mcp/input-storage-key';
import type { HostToWebview } from '../../src/protocol/messages';
import { diagnosticsWhen, flowStudio, nextEvent, workspaceFile, writeFile } from './helpers/vscode-waits';

type CatalogMessage = Extract<HostToWebview, { type: 'mcpCatalog' }>;

function echoFlow(server: string): string {
  return JSON.stringify(
    {
      version: 1,
      name: 'consent',
      nodes: [
        { id: 'echo', type: 'mcp.tool', position: { x: 0, y: 0 }, params: { server, tool: 'echo', arguments: { message: 'hi' } } },
        { id: 'out', type: 'output.text', position: { x: 200, y: 0 }, params: { name: 'reply' } },
      ],
      edges: [{ id: 'e1', source: 'echo', sourceHandle: 'text', target: 'out', targetHandle: 'text' }],
    },
    null,
    2,
  );
}

describe('consent before a workspace MCP server starts', function () {
  this.timeout(120_000);
  let api: FlowStudioApi;
  let folder: string;
  let scratch: string;
  let originalConfig: string;
  let originalPrompt: ConsentPrompt;
  const config = () => workspaceFile('.vscode', 'mcp.json');
  const asked: ConsentRequest[] = [];
  let answer: ConsentDecision | undefined;
  const flowUri = () => workspaceFile('consent.flow.json');
  const consentProblem = (server: string) => new RegExp(`MCP server '${server}' is not started: it needs your consent to start`);

  function markerServer(marker: string): Record<string, unknown> {
    const everything = path.join(
      vscode.extensions.getExtension('flowstudio.flowstudio')!.extensionPath,
      'node_modules/@modelcontextprotocol/server-everything/dist/index.js',
    );
    return {
      type: 'stdio',
      command: 'sh',
      args: ['-c', `touch '${marker}'; exec '${process.execPath}' '${everything}' stdio`],
      env: { MARKER_TOKEN: 'kept-out-of-the-question' },
    };
  }

  /** The folder's pool as it is now (a config reload replaces it). */
  async function currentPool(): Promise<McpConnectionPool> {
    const pool = await api.mcp.poolOfFolder(folder);
    assert.ok(pool, 'a trusted workspace folder has a pool');
    return pool;
  }

  /** Writes the workspace's mcp.json and waits for the folder's pool to be rebuilt from it. */
  async function writeConfig(servers: Record<string, unknown>): Promise<void> {
    const argsOf = (definition: unknown) => JSON.stringify((definition as { args?: unknown } | undefined)?.args);
    const isLoaded = (pool: McpConnectionPool) =>
      Object.entries(servers).every(([name, definition]) => pool.hasServer(name) && argsOf(pool.definitionOf(name)) === argsOf(definition));
    // A consent decision fires the same change event as a reload, so each one is checked against the pool.
    const loaded = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        subscription.dispose();
        reject(new Error('timed out waiting for the pool of the new MCP config'));
      }, 20_000);
      const subscription = api.mcp.onDidChange((change) => {
        if (change !== undefined) return;
        void currentPool().then((pool) => {
          if (!isLoaded(pool)) return;
          clearTimeout(timer);
          subscription.dispose();
          resolve();
        }, reject);
      });
    });
    await writeFile(config(), JSON.stringify({ servers }, null, 2));
    await loaded;
  }

  before(async () => {
    api = await flowStudio();
    folder = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
    scratch = mkdtempSync(path.join(tmpdir(), 'flowstudio-consent-'));
    originalConfig = Buffer.from(await vscode.workspace.fs.readFile(config())).toString('utf8');
    originalPrompt = api.mcp.consent.prompt;
    api.mcp.consent.prompt = {
      ask: async (request) => {
        asked.push(request);
        return answer;
      },
    };
    await api.mcp.consent.reset();
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    api.mcp.consent.prompt = originalPrompt;
    await api.mcp.consent.reset();
    // Later suites use the workspace's own servers: wait until the restored config is the pool's.
    const reloaded = nextEvent(api.mcp.onDidChange, (c) => c === undefined, 'the MCP config reload');
    await writeFile(config(), originalConfig);
    await reloaded;
    rmSync(scratch, { recursive: true, force: true });
  });

  it('opening a flow and its canvas starts nothing, asks nothing, and says the server needs consent', async () => {
    const marker = path.join(scratch, 'first');
    await writeConfig({ other: markerServer(path.join(scratch, 'other')), marked: markerServer(marker) });
    await writeFile(flowUri(), echoFlow('marked'));
    const document = await vscode.workspace.openTextDocument(flowUri());
    const found = await diagnosticsWhen(
      flowUri(),
      (d) => d.some((x) => consentProblem('marked').test(x.message)),
      'the needs-consent diagnostic',
    );
    const problem = found.find((x) => consentProblem('marked').test(x.message))!;
    assert.equal(problem.severity, vscode.DiagnosticSeverity.Warning);
    assert.equal(problem.code, 'mcp-consent');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      document.uri,
      problem.range,
    );
    assert.ok(
      actions.some((a) => a.title === "Allow MCP server 'marked' to start…"),
      actions.map((a) => a.title).join(', '),
    );

    const opened = nextEvent(api.editors.onDidOpen, (s) => s.document.uri.toString() === flowUri().toString(), 'the flow editor');
    const catalog = opened.then((s) =>
      nextEvent(s.onDidPost, (m) => m.type === 'mcpCatalog' && m.servers.some((x) => x.name === 'marked'), 'the palette catalog'),
    );
    await vscode.commands.executeCommand('vscode.openWith', flowUri(), 'flowstudio.flowEditor');
    const marked = ((await catalog) as CatalogMessage).servers.find((x) => x.name === 'marked')!;
    assert.equal(marked.status, 'stopped');
    assert.match(marked.error ?? '', /needs your consent to start/);

    const view = (await api.serversView.getChildren()).find((item) => item.kind === 'server' && item.server === 'marked');
    assert.ok(view);
    assert.equal(api.serversView.getTreeItem(view).description, 'stopped: needs your consent to start');
    const pool = await currentPool();
    assert.equal(pool.statusOf('marked'), 'stopped');
    assert.equal(pool.statusOf('other'), 'stopped');
    assert.equal(existsSync(marker), false, 'the server command ran');
    assert.equal(existsSync(path.join(scratch, 'other')), false, 'the canvas started a server without consent');
    assert.deepEqual(asked, [], 'opening a file asked a question');
  });

  it('offers no quick fix for a diagnostic that only quotes flow text reading like a consent message', async () => {
    const bait = workspaceFile('consent-bait.flow.json');
    const text = JSON.stringify({
      version: 1,
      name: 'bait',
      nodes: [{ id: 'a', type: "MCP server 'other' is not started: it needs your consent", position: { x: 0, y: 0 } }],
      edges: [],
    });
    await writeFile(bait, text);
    const document = await vscode.workspace.openTextDocument(bait);
    try {
      const found = await diagnosticsWhen(
        bait,
        (d) => d.some((x) => x.message.includes('unknown component type')),
        'the unknown type diagnostic',
      );
      const quoted = found.find((x) => x.message.includes('unknown component type'))!;
      assert.match(quoted.message, /MCP server 'other' is not started: it needs your consent/);
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider',
        document.uri,
        quoted.range,
      );
      assert.ok(!actions.some((a) => a.title.startsWith('Allow MCP server')), actions.map((a) => a.title).join(', '));
    } finally {
      await vscode.workspace.fs.delete(bait);
    }
  });

  it('the quick fix asks once, showing what runs, and starts exactly that server', async () => {
    answer = 'allow';
    const connected = nextEvent(api.mcp.onDidChange, (c) => c?.server === 'marked' && c.status === 'connected', 'marked to connect');
    await vscode.commands.executeCommand('flowstudio.mcp.allow', { folder, server: 'marked' });
    await connected;
    assert.equal(asked.length, 1);
    const request = asked[0]!;
    assert.equal(request.definition.name, 'marked');
    assert.equal(request.definition.transport === 'stdio' && request.definition.command, 'sh');
    assert.equal(existsSync(path.join(scratch, 'first')), true);
    assert.equal((await currentPool()).statusOf('other'), 'stopped', 'allowing one server started another');
    assert.equal(existsSync(path.join(scratch, 'other')), false);
    // Its tools are checked now: the consent warning gives way to a clean check.
    await diagnosticsWhen(flowUri(), (d) => !d.some((x) => /not started/.test(x.message)), 'the consent warning to clear');
    const result = await api.runs
      .start(await vscode.workspace.openTextDocument(flowUri()), { mode: 'run', inputs: {} })
      .then((r) => r.result);
    assert.equal(result.status, 'ok', result.error?.message);
    assert.equal(result.outputs.reply, 'Echo: hi');
    assert.equal(asked.length, 1, 'an allowed server was asked about again');
  });

  it('a changed command asks again, and a run asks before it starts', async () => {
    const marker = path.join(scratch, 'second');
    await writeConfig({ marked: markerServer(marker) });
    assert.equal(api.mcp.consentOf(folder, 'marked', await currentPool()), 'undecided', 'the consent covered a different command');
    const document = await vscode.workspace.openTextDocument(flowUri());
    await diagnosticsWhen(
      flowUri(),
      (d) => d.some((x) => consentProblem('marked').test(x.message)),
      'the needs-consent diagnostic for the changed server',
    );
    answer = undefined; // the dialog dismissed
    await assert.rejects(api.runs.start(document, { mode: 'run', inputs: {} }), consentProblem('marked'));
    assert.equal(asked.length, 2);
    assert.equal(existsSync(marker), false);
    answer = 'allowAlways';
    const result = await api.runs.start(document, { mode: 'run', inputs: {} }).then((r) => r.result);
    assert.equal(result.status, 'ok', result.error?.message);
    assert.equal(asked.length, 3);
    assert.equal(existsSync(marker), true);
    assert.equal(api.mcp.consentOf(folder, 'marked', await currentPool()), 'allowed');
  });

  it('deny keeps the server stopped and says so in the palette, the view, the Problems panel and a run', async () => {
    const marker = path.join(scratch, 'third');
    await writeConfig({ marked: markerServer(marker) });
    answer = 'deny';
    const before = asked.length;
    const session = api.editors.sessionsOf(flowUri())[0];
    assert.ok(session, 'the canvas is open');
    const palette = nextEvent(
      session.onDidPost,
      (m) => m.type === 'mcpCatalog' && /you denied it/.test(m.servers.find((x) => x.name === 'marked')?.error ?? ''),
      'the palette to show the denial',
    );
    await vscode.commands.executeCommand('flowstudio.mcp.start', { folder, server: 'marked' });
    assert.equal(asked.length, before + 1);
    const pool = await currentPool();
    assert.equal(pool.statusOf('marked'), 'stopped');
    const shown = ((await palette) as CatalogMessage).servers.find((x) => x.name === 'marked')!;
    assert.equal(shown.status, 'stopped');
    assert.equal(existsSync(marker), false);
    const view = (await api.serversView.getChildren()).find((item) => item.kind === 'server' && item.server === 'marked')!;
    assert.equal(api.serversView.getTreeItem(view).description, 'stopped: denied in this workspace');
    await diagnosticsWhen(
      flowUri(),
      (d) => d.some((x) => /MCP server 'marked' is not started: you denied it/.test(x.message)),
      'the denied diagnostic',
    );
    await assert.rejects(api.runs.start(await vscode.workspace.openTextDocument(flowUri()), { mode: 'run', inputs: {} }), /you denied it/);
    assert.equal(asked.length, before + 1, 'a denied server was asked about again without a reset');
    assert.equal(existsSync(marker), false);

    await vscode.commands.executeCommand('flowstudio.mcp.resetConsent');
    assert.equal(api.mcp.consentOf(folder, 'marked', pool), 'undecided');
  });

  it("the palette's Allow… asks through the canvas, refuses unknown names, and starts exactly that server when allowed", async () => {
    const marker = path.join(scratch, 'palette');
    const otherMarker = path.join(scratch, 'palette-other');
    await writeConfig({ marked: markerServer(marker), other: markerServer(otherMarker) });
    const session = api.editors.sessionsOf(flowUri())[0];
    assert.ok(session, 'the canvas is open');
    const allowFromPalette = async (server: string, requestId: string) => {
      const response = nextEvent(
        session.onDidPost,
        (m) => m.type === 'response' && m.requestId === requestId,
        `the answer to ${requestId}`,
      );
      await session.receive({ type: 'allowMcpServer', requestId, server });
      return (await response) as Extract<HostToWebview, { type: 'response' }>;
    };
    const markedIn = (m: HostToWebview) => (m.type === 'mcpCatalog' ? m.servers.find((x) => x.name === 'marked') : undefined);
    const before = asked.length;

    // A name the folder does not configure: refused, nothing asked, nothing started.
    const unknown = await allowFromPalette('nowhere', 'palette-unknown');
    assert.equal(unknown.ok, false);
    assert.match(unknown.error ?? '', /MCP server 'nowhere' is not configured/);
    assert.equal(asked.length, before, 'an unknown server name was asked about');

    // Deny: the modal was asked, the server stays stopped, the palette offers to reconsider.
    answer = 'deny';
    const deniedInPalette = nextEvent(session.onDidPost, (m) => markedIn(m)?.consent === 'denied', 'the palette to show the denial');
    const denied = await allowFromPalette('marked', 'palette-deny');
    assert.equal(denied.ok, true, denied.error);
    assert.equal(asked.length, before + 1);
    assert.equal(asked.at(-1)?.definition.name, 'marked');
    await deniedInPalette;
    assert.equal((await currentPool()).statusOf('marked'), 'stopped');
    assert.equal(existsSync(marker), false, 'a denied server ran');

    // Reconsider… and allow: asked again, exactly that server starts and its tools reach the palette.
    answer = 'allow';
    const toolsInPalette = nextEvent(
      session.onDidPost,
      (m) => markedIn(m)?.status === 'connected' && Boolean(markedIn(m)?.tools.some((t) => t.name === 'echo')),
      "the palette to list marked's tools",
    );
    const allowed = await allowFromPalette('marked', 'palette-allow');
    assert.equal(allowed.ok, true, allowed.error);
    assert.equal(asked.length, before + 2, 'the button granted without asking');
    const listed = markedIn(await toolsInPalette);
    assert.equal(listed?.consent, undefined);
    assert.equal(existsSync(marker), true);
    const pool = await currentPool();
    assert.equal(pool.statusOf('other'), 'stopped', 'allowing one server started another');
    assert.equal(existsSync(otherMarker), false);

    await vscode.commands.executeCommand('flowstudio.mcp.resetConsent');
    await pool.stop('marked');
  });

  it('keeps ${input:} answers per workspace folder and config file, not per id', () => {
    const here = inputStorageKey(folder, path.join(folder, '.vscode', 'mcp.json'), 'api-token');
    assert.notEqual(here, inputStorageKey('/other/workspace', '/other/workspace/.vscode/mcp.json', 'api-token'));
    assert.notEqual(here, inputStorageKey(folder, path.join(folder, '.cursor', 'mcp.json'), 'api-token'));
    assert.notEqual(here, 'flowstudio.mcpInput.api-token', 'the key an answer was once shared under');
    assert.equal(here, inputStorageKey(folder, path.join(folder, '.vscode', 'mcp.json'), 'api-token'));
  });

  it('gives a flow file outside the workspace folders no MCP servers from its own folder', async () => {
    const outside = mkdtempSync(path.join(tmpdir(), 'flowstudio-outside-'));
    const marker = path.join(outside, 'ran');
    try {
      mkdirSync(path.join(outside, '.vscode'));
      writeFileSync(path.join(outside, '.vscode', 'mcp.json'), JSON.stringify({ servers: { marked: markerServer(marker) } }));
      const file = path.join(outside, 'outside.flow.json');
      writeFileSync(file, echoFlow('marked'));
      const uri = vscode.Uri.file(file);
      const document = await vscode.workspace.openTextDocument(uri);
      await diagnosticsWhen(
        uri,
        (d) => d.some((x) => /is not a folder of this workspace/.test(x.message)),
        'the outside-the-workspace refusal',
      );
      const before = asked.length;
      await assert.rejects(api.runs.start(document, { mode: 'run', inputs: {} }), /not a folder of this workspace/);
      assert.equal(asked.length, before, 'a question was asked about a server outside the workspace');
      assert.equal(existsSync(marker), false);
      // A flow there that uses no MCP server still runs.
      const plain = path.join(outside, 'plain.flow.json');
      writeFileSync(
        plain,
        JSON.stringify({
          version: 1,
          name: 'plain',
          nodes: [
            { id: 'tpl', type: 'text.template', position: { x: 0, y: 0 }, params: { template: 'outside ok' } },
            { id: 'out', type: 'output.text', position: { x: 200, y: 0 }, params: { name: 'v' } },
          ],
          edges: [{ id: 'e1', source: 'tpl', sourceHandle: 'text', target: 'out', targetHandle: 'text' }],
        }),
      );
      const result = await api.runs
        .start(await vscode.workspace.openTextDocument(vscode.Uri.file(plain)), { mode: 'run', inputs: {} })
        .then((r) => r.result);
      assert.equal(result.status, 'ok', result.error?.message);
      assert.equal(result.outputs.v, 'outside ok');
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });
});
