import assert from 'node:assert/strict';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import * as vscode from 'vscode';
import type { FlowStudioApi } from '../../src/extension/extension';
import type { RunResult } from '../../src/engine';
import { diagnosticsWhen, flowStudio, nextEvent, workspaceFile, writeFile } from './helpers/vscode-waits';

const brokenFlow = `{
  "version": 1,
  "name": "broken",
  "nodes": [
    { "id": "a", "type": "input.text", "position": { "x": 0, "y": 0 }, "params": { "name": "q" } },
    { "id": "b", "type": "no.such.component", "position": { "x": 200, "y": 0 } }
  ],
  "edges": []
}
`;

describe('the extension host services', () => {
  let api: FlowStudioApi;
  before(async () => {
    api = await flowStudio();
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('refuses a New Flow name given as an argument that would leave the workspace folder', async () => {
    const outside = vscode.Uri.joinPath(workspaceFile(), '..', 'escaped.flow.json');
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand('flowstudio.newFlow', 'blank', '../escaped')), /not a flow name/);
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand('flowstudio.newFlow', 'constructor', 'x')), /unknown template/);
    assert.equal(
      await vscode.workspace.fs.stat(outside).then(
        () => true,
        () => false,
      ),
      false,
      'a flow was written outside the folder',
    );
  });

  it('creates a new flow from a template with New Flow and opens it in the flow editor', async () => {
    const opened = nextEvent(
      api.editors.onDidOpen,
      (s) => s.document.uri.path.endsWith('/fresh.flow.json'),
      'the new flow in the flow editor',
    );
    const uri = (await vscode.commands.executeCommand('flowstudio.newFlow', 'blank', 'fresh')) as vscode.Uri;
    assert.ok(uri.path.endsWith('/fresh.flow.json'));
    const session = await opened;
    await session.ready;
    assert.equal(session.shownDocument?.flow?.name, 'fresh');
    assert.deepEqual(
      (session.shownDocument?.problems ?? []).filter((p) => p.severity === 'error'),
      [],
    );
  });

  it('puts validation problems in the Problems panel at the node, and clears them when fixed', async () => {
    const uri = workspaceFile('broken.flow.json');
    await writeFile(uri, brokenFlow);
    const document = await vscode.workspace.openTextDocument(uri);
    const found = await diagnosticsWhen(
      uri,
      (d) => d.some((x) => x.source === 'FlowStudio' && /no\.such\.component/.test(x.message)),
      'the unknown-type diagnostic',
    );
    const problem = found.find((x) => /no\.such\.component/.test(x.message))!;
    assert.equal(problem.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(problem.range.start.line, 5, 'on the line of node "b"');

    const edit = new vscode.WorkspaceEdit();
    const start = document.getText().indexOf('no.such.component');
    edit.replace(uri, new vscode.Range(document.positionAt(start), document.positionAt(start + 'no.such.component'.length)), 'util.delay');
    await vscode.workspace.applyEdit(edit);
    await diagnosticsWhen(uri, (d) => !d.some((x) => /no\.such\.component/.test(x.message)), 'the problem to clear after the edit');
    await document.save();
  });

  it('runs a flow from the Run command and returns its outputs, keeping the trace', async () => {
    const uri = workspaceFile('greet.flow.json');
    const result = (await vscode.commands.executeCommand('flowstudio.run', uri, { inputs: { person: 'Ada' } })) as RunResult | undefined;
    assert.ok(result, 'the command returned no result');
    assert.equal(result.status, 'ok');
    assert.equal(result.outputs.greeting, 'Hello, Ada!');
    const trace = api.runs.traceOf(uri);
    assert.equal(trace[0]?.type, 'run.start');
    assert.equal(trace.at(-1)?.type, 'run.end');
  });

  it('runs only up to a node with Run to Selected Node', async () => {
    const uri = workspaceFile('greet.flow.json');
    const result = (await vscode.commands.executeCommand('flowstudio.runToSelectedNode', uri, {
      inputs: { person: 'Bo' },
      stopAt: 'tpl',
    })) as RunResult;
    assert.equal(result.status, 'ok');
    assert.ok(!api.runs.traceOf(uri).some((e) => e.type === 'node.start' && e.nodeId === 'out'), 'the output node did not run');
  });

  it('debugs a flow: starts paused, steps node by node, and resumes to the end', async () => {
    const uri = workspaceFile('greet.flow.json');
    const document = await vscode.workspace.openTextDocument(uri);
    const pausedBefore: string[] = [];
    // Listening before the run starts: it pauses before its first node at once.
    let started: Promise<{ handle: { step(): void; resume(): void } }> | undefined;
    const subscription = api.runs.onEvent(({ event }) => {
      if (event.type !== 'run.paused') return;
      pausedBefore.push(event.nodeId ?? '');
      const isFirstPause = pausedBefore.length < 2;
      void started?.then((r) => (isFirstPause ? r.handle.step() : r.handle.resume()));
    });
    started = api.runs.start(document, { mode: 'debug', inputs: { person: 'Cy' } });
    const run = (await started) as Awaited<ReturnType<FlowStudioApi['runs']['start']>>;
    const result = await run.result.finally(() => subscription.dispose());
    assert.equal(result.status, 'ok');
    assert.equal(result.outputs.greeting, 'Hello, Cy!');
    assert.deepEqual(pausedBefore, ['who', 'tpl']);
  });

  it('steps to the first node when Step is pressed while a debug run is still being prepared', async () => {
    const uri = workspaceFile('greet.flow.json');
    const document = await vscode.workspace.openTextDocument(uri);
    const paused = nextEvent(api.runs.onEvent, ({ event }) => event.type === 'run.paused', 'the first pause');
    const started = api.runs.start(document, { mode: 'debug', inputs: { person: 'Di' } });
    // The run exists from the first call, before the flow is checked and the engine's run exists.
    const run = api.runs.runOf(uri);
    assert.equal(run?.state, 'preparing');
    await vscode.commands.executeCommand('flowstudio.step', uri);
    const { event } = await paused;
    assert.equal(event.type === 'run.paused' ? event.reason : undefined, 'step', 'the step was served as a step, not a resume');
    assert.equal(event.type === 'run.paused' ? event.nodeId : undefined, 'who');
    assert.equal((await started).state, 'paused');
    await vscode.commands.executeCommand('flowstudio.resume', uri);
    const result = await run!.result;
    assert.equal(result.status, 'ok');
    assert.equal(result.outputs.greeting, 'Hello, Di!');
  });

  it('stops a run that is still being prepared: it ends cancelled without starting a node', async () => {
    const uri = workspaceFile('greet.flow.json');
    const document = await vscode.workspace.openTextDocument(uri);
    const started = api.runs.start(document, { mode: 'run', inputs: { person: 'Ed' } });
    assert.ok(api.runs.stop(uri), 'Stop finds the run while it is prepared');
    const result = await (await started).result;
    assert.equal(result.status, 'cancelled');
    assert.ok(!api.runs.traceOf(uri).some((e) => e.type === 'node.start'));
  });

  it('stops a running flow with the Stop command', async () => {
    const uri = workspaceFile('slow.flow.json');
    await writeFile(
      uri,
      JSON.stringify({
        version: 1,
        name: 'slow',
        nodes: [
          { id: 'in', type: 'input.text', position: { x: 0, y: 0 }, params: { name: 'v' } },
          { id: 'wait', type: 'util.delay', position: { x: 200, y: 0 }, params: { ms: 60_000 } },
          { id: 'out', type: 'output.text', position: { x: 400, y: 0 }, params: { name: 'v' } },
        ],
        edges: [
          { id: 'e1', source: 'in', sourceHandle: 'text', target: 'wait', targetHandle: 'value' },
          { id: 'e2', source: 'wait', sourceHandle: 'value', target: 'out', targetHandle: 'text' },
        ],
      }),
    );
    const document = await vscode.workspace.openTextDocument(uri);
    const waiting = nextEvent(
      api.runs.onEvent,
      ({ event }) => event.type === 'node.start' && event.nodeId === 'wait',
      'the delay node to start',
    );
    const run = await api.runs.start(document, { mode: 'run', inputs: { v: 'x' } });
    await waiting;
    await vscode.commands.executeCommand('flowstudio.stop', uri);
    const result = await run.result;
    assert.equal(result.status, 'cancelled');
    assert.equal(api.runs.runOf(uri), undefined);
  });

  it('keeps secrets in SecretStorage and resolves {{secret:NAME}} only at run time', async () => {
    await vscode.commands.executeCommand('flowstudio.setSecret', 'FS_TEST_TOKEN', 's3cr3t-value');
    assert.equal(await api.secrets.get('FS_TEST_TOKEN'), 's3cr3t-value');
    assert.ok(api.secrets.names().includes('FS_TEST_TOKEN'));
    const uri = workspaceFile('secret.flow.json');
    const text = JSON.stringify({
      version: 1,
      name: 'secret',
      nodes: [
        { id: 'tpl', type: 'text.template', position: { x: 0, y: 0 }, params: { template: 'token={{secret:FS_TEST_TOKEN}}' } },
        { id: 'out', type: 'output.text', position: { x: 200, y: 0 }, params: { name: 'v' } },
      ],
      edges: [{ id: 'e1', source: 'tpl', sourceHandle: 'text', target: 'out', targetHandle: 'text' }],
    });
    await writeFile(uri, text);
    const result = (await vscode.commands.executeCommand('flowstudio.run', uri, { inputs: {} })) as RunResult;
    // The result, the Output channel, the canvas and the kept trace all see the value masked.
    assert.equal(result.outputs.v, 'token=••••••');
    const trace = JSON.stringify(api.runs.traceOf(uri));
    assert.ok(!trace.includes('s3cr3t-value'), 'the trace holds the secret');
    assert.match(trace, /token=••••••/);
    assert.equal(Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8'), text, 'the flow file never holds the value');
    await vscode.commands.executeCommand('flowstudio.deleteSecret', 'FS_TEST_TOKEN');
    assert.equal(await api.secrets.get('FS_TEST_TOKEN'), undefined);
  });

  it('connects to the workspace MCP server from .vscode/mcp.json and lists its tools', async () => {
    const [entry] = await api.mcp.allPools();
    assert.ok(entry, 'a trusted workspace has an MCP pool');
    assert.ok(entry.pool.serverNames().includes('everything'));
    // Starting a workspace's server needs the user's consent (mcp-consent.test.ts covers the question).
    await api.mcp.consent.record(entry.folder, entry.pool.definitionOf('everything')!, 'allow');
    await entry.pool.prepare(['everything']);
    assert.equal(entry.pool.statusOf('everything'), 'connected', entry.pool.errorOf('everything'));
    assert.ok(entry.pool.toolsOf('everything')?.some((t) => t.name === 'echo'));

    // The MCP Servers view shows the server as connected, with its tools, resources and prompts.
    const view = api.serversView;
    const server = (await view.getChildren()).find((item) => item.kind === 'server' && item.server === 'everything');
    assert.ok(server);
    assert.equal(view.getTreeItem(server).description, 'connected');
    const groups = await view.getChildren(server);
    const labels = async (group: string) => {
      const node = groups.find((g) => g.kind === 'group' && g.label === group);
      assert.ok(node, `no ${group} group`);
      return (await view.getChildren(node)).map((e) => String(view.getTreeItem(e).label));
    };
    assert.ok((await labels('Tools')).includes('echo'));
    assert.ok((await labels('Resources')).length > 0);
    assert.ok((await labels('Prompts')).length > 0);
    await vscode.commands.executeCommand('flowstudio.mcp.stop', {
      kind: 'server',
      folder: entry.folder,
      server: 'everything',
      pool: entry.pool,
    });
    assert.equal(entry.pool.statusOf('everything'), 'stopped');
    assert.equal(view.getTreeItem(server).description, 'stopped');
  });

  it('adds an MCP server to .vscode/mcp.json after confirmation, keeping the comments there', async () => {
    const config = workspaceFile('.vscode', 'mcp.json');
    const before = Buffer.from(await vscode.workspace.fs.readFile(config)).toString('utf8');
    const questions: string[] = [];
    const original = api.mcp.confirm;
    const server = { type: 'stdio', command: 'npx', args: ['-y', '@modelcontextprotocol/server-memory'] };
    let file: vscode.Uri | undefined;
    try {
      // Arguments name the server; they do not answer the question: declining writes nothing.
      api.mcp.confirm = async (q) => (questions.push(`${q.message}\n${q.detail}`), false);
      assert.equal(await vscode.commands.executeCommand('flowstudio.addMcpServer', 'memory', server), undefined);
      assert.equal(Buffer.from(await vscode.workspace.fs.readFile(config)).toString('utf8'), before);
      assert.match(questions[0] ?? '', /"memory"[\s\S]*It runs: npx -y @modelcontextprotocol\/server-memory/);
      api.mcp.confirm = async (q) => (questions.push(q.message), true);
      await assert.rejects(
        Promise.resolve(vscode.commands.executeCommand('flowstudio.addMcpServer', '../evil', server)),
        /not a server name/,
      );
      await assert.rejects(
        Promise.resolve(vscode.commands.executeCommand('flowstudio.addMcpServer', 'odd', { type: 'stdio', command: 42 })),
        /must be/,
      );
      file = (await vscode.commands.executeCommand('flowstudio.addMcpServer', 'memory', server)) as vscode.Uri;
    } finally {
      api.mcp.confirm = original;
    }
    assert.equal(questions.length, 2);
    assert.ok(file, 'the server was not added after a yes');
    const text = Buffer.from(await vscode.workspace.fs.readFile(file)).toString('utf8');
    assert.match(text, /\/\/ MCP servers the example flows use/);
    assert.match(text, /"memory": \{/);
    assert.match(text, /"everything"/);
  });

  it('offers the workspace flows to the assistant through vscode.lm, as a server an MCP client can call', async function () {
    assert.equal(api.assistantServers.registration, 'vscode.lm');
    const [launch] = api.assistantServers.launches();
    assert.ok(launch);
    const client = new Client({ name: 'flowstudio-extension-test', version: '1.0.0' });
    await client.connect(
      new StdioClientTransport({
        command: launch.command,
        args: launch.args,
        env: { ...process.env, ...launch.env } as Record<string, string>,
        stderr: 'ignore',
      }),
    );
    try {
      const { tools } = await client.listTools();
      assert.ok(
        tools.some((t) => t.name === 'greet'),
        tools.map((t) => t.name).join(', '),
      );
      const called = await client.callTool({ name: 'greet', arguments: { person: 'Di' } });
      assert.deepEqual(called.structuredContent, { greeting: 'Hello, Di!' });
    } finally {
      await client.close();
    }
  });

  it('writes the Windsurf MCP config entry after confirmation, keeping other servers', async () => {
    const file = workspaceFile('windsurf', 'mcp_config.json');
    const other = '{\n  "mcpServers": {\n    "other": { "command": "x" }\n  }\n}\n';
    await writeFile(file, other);
    const original = api.assistantServers.confirm;
    let asked = 0;
    try {
      // A caller passing `true` (once the way to skip the question) is still asked, and a no writes nothing.
      api.assistantServers.confirm = async () => (asked++, false);
      assert.equal(await vscode.commands.executeCommand('flowstudio.addToWindsurf', file.fsPath, true), undefined);
      assert.equal(Buffer.from(await vscode.workspace.fs.readFile(file)).toString('utf8'), other);
      api.assistantServers.confirm = async () => (asked++, true);
      await vscode.commands.executeCommand('flowstudio.addToWindsurf', file.fsPath);
    } finally {
      api.assistantServers.confirm = original;
    }
    assert.equal(asked, 2);
    const config = JSON.parse(Buffer.from(await vscode.workspace.fs.readFile(file)).toString('utf8')) as {
      mcpServers: Record<string, { args?: string[] }>;
    };
    assert.ok(config.mcpServers.other);
    assert.deepEqual(config.mcpServers.flowstudio?.args?.slice(1, 3), ['mcp', 'serve']);
  });
});

describe('OAuth sign-in support in the editor', () => {
  it('keeps OAuth state in SecretStorage and hands the browser reply with the matching state to its sign-in', async () => {
    const api = await flowStudio();
    const source = new vscode.CancellationTokenSource();
    const reply = api.oauthCallbacks.next('state-b', source.token);
    // A reply for another sign-in is not taken; the matching one is.
    api.oauthCallbacks.handleUri(vscode.Uri.parse('vscode://flowstudio.flowstudio/oauth/callback?code=wrong&state=state-a'));
    api.oauthCallbacks.handleUri(vscode.Uri.parse('vscode://flowstudio.flowstudio/oauth/callback?code=c0de&state=state-b'));
    const url = await reply;
    assert.equal(url.searchParams.get('code'), 'c0de');
    const cancelled = api.oauthCallbacks.next('state-c', source.token);
    source.cancel();
    await assert.rejects(cancelled, /cancelled/);
  });
});
