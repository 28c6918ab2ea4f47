// What a newcomer does first, in the real editor: make a flow from nothing (a blank file or New Flow),
// add an MCP server from the view's + while a row is selected, read a server's log, switch between
// canvas and text, and see the walkthrough's steps checked off by the real actions.
import assert from 'node:assert/strict';
import { parse as parseJsonc } from 'jsonc-parser';
import * as vscode from 'vscode';
import type { FlowStudioApi } from '../../src/extension/extension';
import type { FlowEditorSession } from '../../src/extension/editor/flow-editor-session';
import { flowNameProblem } from '../../src/extension/commands/new-flow-name';
import type { RunResult } from '../../src/engine';
import { templates } from '../../src/engine/flow/templates';
import { flowStudio, nextEvent, workspaceFile, writeFile } from './helpers/vscode-waits';

async function readText(uri: vscode.Uri): Promise<string> {
  return Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8');
}

async function openCanvas(api: FlowStudioApi, uri: vscode.Uri): Promise<FlowEditorSession> {
  const opened = nextEvent(api.editors.onDidOpen, (s) => s.document.uri.toString() === uri.toString(), `the canvas of ${uri.path}`);
  await vscode.commands.executeCommand('vscode.openWith', uri, 'flowstudio.flowEditor');
  const session = await opened;
  await session.ready;
  return session;
}

function tabsOf(uri: vscode.Uri): vscode.Tab[] {
  return vscode.window.tabGroups.all
    .flatMap((group) => group.tabs)
    .filter((tab) => {
      const input = tab.input;
      return (input instanceof vscode.TabInputText || input instanceof vscode.TabInputCustom) && input.uri.toString() === uri.toString();
    });
}

describe('first steps of a newcomer', () => {
  let api: FlowStudioApi;
  before(async () => {
    api = await flowStudio();
  });
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('opens a blank flow file as an empty, editable flow and writes nothing into it until the first edit', async () => {
    const uri = workspaceFile('from-scratch.flow.json');
    await writeFile(uri, '');
    const session = await openCanvas(api, uri);
    const shown = session.shownDocument;
    assert.deepEqual(shown?.flow, { version: 1, name: 'from-scratch', nodes: [], edges: [] });
    assert.equal(shown?.readOnlyReason, undefined, 'the canvas is read-only');
    assert.deepEqual(
      (shown?.problems ?? []).filter((p) => p.severity === 'error'),
      [],
    );
    assert.equal(session.document.getText(), '');
    assert.equal(session.document.isDirty, false, 'opening the file changed it');
    assert.equal(await readText(uri), '');
    assert.equal(vscode.languages.getDiagnostics(uri).length, 0);

    const node = { id: 'input1', type: 'input.text', position: { x: 0, y: 0 }, params: { name: 'text' } };
    await session.applyEdits([{ type: 'addNodes', nodes: [node], edges: [] }]);
    assert.equal(session.document.isDirty, true);
    const edited = JSON.parse(session.document.getText()) as { name: string; nodes: unknown[] };
    assert.equal(edited.name, 'from-scratch');
    assert.deepEqual(edited.nodes, [node]);
    assert.ok(api.walkthrough.reached.has('nodeAdded'), 'adding a node did not check off the walkthrough step');
    await session.document.save();
    assert.deepEqual(JSON.parse(await readText(uri)).nodes, [node]);
  });

  it('checks a New Flow name before anything else, and offers Empty first', async () => {
    const folder = vscode.workspace.workspaceFolders![0]!.uri;
    assert.match((await flowNameProblem(folder, 'greet')) ?? '', /greet\.flow\.json already exists/);
    assert.match((await flowNameProblem(folder, '../outside')) ?? '', /not a flow name/);
    assert.match((await flowNameProblem(folder, '')) ?? '', /type a name/);
    assert.equal(await flowNameProblem(folder, 'brand-new'), undefined);

    // An existing name is refused without touching the file, even when given as an argument.
    const greet = workspaceFile('greet.flow.json');
    const before = await readText(greet);
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand('flowstudio.newFlow', 'empty', 'greet')), /already exists/);
    assert.equal(await readText(greet), before);

    const uri = (await vscode.commands.executeCommand('flowstudio.newFlow', 'empty', 'brand-new')) as vscode.Uri;
    assert.deepEqual(JSON.parse(await readText(uri)), { version: 1, name: 'brand-new', nodes: [], edges: [] });
    assert.equal(Object.keys(templates)[0], 'empty');
  });

  it("adds an MCP server from the view's + while a server row is selected, and says so", async () => {
    const [row] = (await api.serversView.getChildren()).filter((item) => item.kind === 'server');
    assert.ok(row, 'the MCP Servers view has no server row');
    const config = workspaceFile('.vscode', 'mcp.json');
    const original = { confirm: api.mcp.confirm, ask: api.mcp.askNewServer };
    let file: unknown;
    try {
      api.mcp.confirm = async () => true;
      api.mcp.askNewServer = {
        server: async () => ({ type: 'stdio', command: 'npx', args: ['-y', '@modelcontextprotocol/server-memory'] }),
        name: async () => 'notes',
      };
      // What VS Code passes to a view title command when a row is selected: the row and the selection.
      file = await vscode.commands.executeCommand('flowstudio.addMcpServer', row, [row]);
    } finally {
      api.mcp.confirm = original.confirm;
      api.mcp.askNewServer = original.ask;
    }
    assert.ok(file instanceof vscode.Uri, 'nothing was added');
    const servers = (parseJsonc(await readText(config)) as { servers: Record<string, unknown> }).servers;
    assert.deepEqual(servers.notes, { type: 'stdio', command: 'npx', args: ['-y', '@modelcontextprotocol/server-memory'] });
  });

  it("shows a server's log as a read-only document that is never dirty", async () => {
    const [entry] = await api.mcp.allPools();
    assert.ok(entry);
    await vscode.commands.executeCommand('flowstudio.mcp.showLog', { folder: entry.folder, server: 'everything' });
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor, 'no log was shown');
    assert.equal(editor.document.uri.scheme, 'flowstudio-mcp-log');
    assert.equal(editor.document.isUntitled, false);
    assert.equal(editor.document.isDirty, false);
    // The server's own lines when it has written any (earlier tests may have started it), else a note naming it.
    const lines = entry.pool.logOf('everything');
    assert.equal(editor.document.getText(), lines.length > 0 ? `${lines.join('\n')}\n` : '(no output from everything yet)\n');
    assert.match(editor.document.uri.path, /everything\.log$/);
    // Even a change made to it does not turn it into a file to save (the Untitled log asked on close).
    const edit = new vscode.WorkspaceEdit();
    edit.insert(editor.document.uri, new vscode.Position(0, 0), 'typed');
    await vscode.workspace.applyEdit(edit);
    assert.equal(editor.document.isDirty, false);
  });

  it('replaces the canvas tab with the text editor on Open as Text, and back on Open as Canvas', async () => {
    const uri = workspaceFile('greet.flow.json');
    await openCanvas(api, uri);
    await vscode.commands.executeCommand('flowstudio.openAsText');
    let tabs = tabsOf(uri);
    assert.equal(tabs.length, 1, `tabs of greet.flow.json: ${tabs.map((t) => t.label).join(', ')}`);
    assert.ok(tabs[0]!.input instanceof vscode.TabInputText, 'the remaining tab is not the text editor');
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), uri.toString());

    const reopened = nextEvent(api.editors.onDidOpen, (s) => s.document.uri.toString() === uri.toString(), 'the canvas again');
    await vscode.commands.executeCommand('flowstudio.openAsCanvas');
    await reopened;
    tabs = tabsOf(uri);
    assert.equal(tabs.length, 1, `tabs of greet.flow.json: ${tabs.map((t) => t.label).join(', ')}`);
    assert.ok(tabs[0]!.input instanceof vscode.TabInputCustom, 'the remaining tab is not the canvas');
  });

  it('checks off the walkthrough steps when an edge is drawn and a run succeeds', async () => {
    const uri = workspaceFile('walkthrough.flow.json');
    await writeFile(uri, '');
    const session = await openCanvas(api, uri);
    await session.applyEdits([
      {
        type: 'addNodes',
        nodes: [
          { id: 'input1', type: 'input.text', position: { x: 0, y: 0 }, params: { name: 'text' } },
          { id: 'output1', type: 'output.text', position: { x: 300, y: 0 }, params: { name: 'result' } },
        ],
        edges: [],
      },
    ]);
    await session.applyEdits([
      { type: 'addEdge', edge: { id: 'e1', source: 'input1', sourceHandle: 'text', target: 'output1', targetHandle: 'text' } },
    ]);
    assert.ok(api.walkthrough.reached.has('edgeDrawn'));
    await session.document.save();
    const result = (await vscode.commands.executeCommand('flowstudio.run', uri, { inputs: { text: 'hi' } })) as RunResult;
    assert.equal(result.status, 'ok');
    assert.ok(api.walkthrough.reached.has('runSucceeded'));
    const walkthrough = (
      vscode.extensions.getExtension('flowstudio.flowstudio')?.packageJSON as {
        contributes: { walkthroughs: { steps: { completionEvents: string[] }[] }[] };
      }
    ).contributes.walkthroughs[0]!;
    const events = walkthrough.steps.flatMap((s) => s.completionEvents);
    for (const key of ['nodeAdded', 'edgeDrawn', 'runSucceeded']) assert.ok(events.includes(`onContext:flowstudio.walkthrough.${key}`));
  });
});
