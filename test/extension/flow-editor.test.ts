import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { FlowEditorSession } from '../../src/extension/editor/flow-editor-session';
import type { FlowStudioApi } from '../../src/extension/extension';
import type { HostToWebview } from '../../src/protocol/messages';
import { flowStudio, nextEvent, workspaceFile } from './helpers/vscode-waits';

async function openInFlowEditor(api: FlowStudioApi, uri: vscode.Uri): Promise<FlowEditorSession> {
  const opened = nextEvent(api.editors.onDidOpen, (s) => s.document.uri.toString() === uri.toString(), `the flow editor for ${uri.path}`);
  await vscode.commands.executeCommand('vscode.openWith', uri, 'flowstudio.flowEditor');
  const session = api.editors.sessionsOf(uri)[0] ?? (await opened);
  await session.ready;
  return session;
}

function documentMessage(session: FlowEditorSession, accept: (m: Extract<HostToWebview, { type: 'document' }>) => boolean, what: string) {
  return nextEvent(session.onDidPost, (m): boolean => m.type === 'document' && accept(m), what) as Promise<
    Extract<HostToWebview, { type: 'document' }>
  >;
}

describe('the flow custom editor', () => {
  let api: FlowStudioApi;
  before(async () => {
    api = await flowStudio();
  });
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('opens *.flow.json in the canvas by default, and its webview script runs under the CSP', async () => {
    const uri = workspaceFile('greet.flow.json');
    const opened = nextEvent(api.editors.onDidOpen, (s) => s.document.uri.toString() === uri.toString(), 'the flow editor');
    await vscode.commands.executeCommand('vscode.open', uri);
    const session = await opened;
    // "ready" is posted by dist/webview.js itself: the bundle loaded, the nonce let it run, and the message parsed.
    await session.ready;
    const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
    assert.ok(tab?.input instanceof vscode.TabInputCustom, 'the active tab is a custom editor');
    assert.equal(tab.input.viewType, 'flowstudio.flowEditor');
    assert.match(session.panel.webview.html, /script-src 'nonce-[A-Za-z0-9+/=]+'/);
    assert.match(session.panel.webview.html, /default-src 'none'/);
    // The codicon font, preloaded under the URL its stylesheet asks for (query included).
    assert.match(
      session.panel.webview.html,
      /<link rel="preload" href="[^"]+\/dist\/codicon-[^"/]+\.ttf\?[0-9a-f]+" as="font" crossorigin>/,
    );
  });

  it('turns a canvas edit into a minimal document edit that undo reverts', async () => {
    const uri = workspaceFile('greet.flow.json');
    const session = await openInFlowEditor(api, uri);
    const before = session.document.getText();
    const reply = nextEvent(session.onDidPost, (m) => m.type === 'response' && m.requestId === 'move-1', 'the edit response');
    await session.receive({ type: 'edit', requestId: 'move-1', edits: [{ type: 'moveNodes', nodes: [{ id: 'tpl', x: 333, y: 44 }] }] });
    assert.deepEqual(await reply, { type: 'response', requestId: 'move-1', ok: true });
    const after = session.document.getText();
    const changed = after.split('\n').filter((line, i) => before.split('\n')[i] !== line);
    assert.equal(changed.length, 2, `only the x and y lines change:\n${changed.join('\n')}`);
    assert.ok(session.document.isDirty);
    assert.deepEqual((JSON.parse(after) as { nodes: { id: string; position: unknown }[] }).nodes.find((n) => n.id === 'tpl')?.position, {
      x: 333,
      y: 44,
    });

    const undone = nextEvent(
      vscode.workspace.onDidChangeTextDocument,
      (e) => e.document === session.document && e.document.getText() === before,
      'undo',
    );
    await vscode.commands.executeCommand('undo');
    await undone;
    assert.equal(session.document.getText(), before);
  });

  it('answers an edit naming a missing node with an error and leaves the document alone', async () => {
    const uri = workspaceFile('greet.flow.json');
    const session = await openInFlowEditor(api, uri);
    const before = session.document.getText();
    const reply = nextEvent(session.onDidPost, (m) => m.type === 'response' && m.requestId === 'bad-1', 'the edit response');
    await session.receive({ type: 'edit', requestId: 'bad-1', edits: [{ type: 'setParam', nodeId: 'ghost', name: 'x', value: 1 }] });
    const answer = await reply;
    assert.equal(answer.type === 'response' && answer.ok, false);
    assert.match(answer.type === 'response' ? (answer.error ?? '') : '', /no node with id "ghost"/);
    assert.equal(session.document.getText(), before);
    assert.equal(session.document.isDirty, false);
  });

  it("sends problems with the engine's code and path, and never clears them before the new check lands", async () => {
    const uri = workspaceFile('bad-param.flow.json');
    const flow = {
      version: 1,
      name: 'bad param',
      nodes: [
        { id: 'who', type: 'input.text', position: { x: 0, y: 0 }, params: { name: 'person' } },
        { id: 'tpl', type: 'text.template', position: { x: 240, y: 0 }, params: { template: 42 } },
      ],
      edges: [{ id: 'e1', source: 'who', sourceHandle: 'text', target: 'tpl', targetHandle: 'text' }],
    };
    await vscode.workspace.fs.writeFile(uri, Buffer.from(JSON.stringify(flow, null, 2)));
    const session = await openInFlowEditor(api, uri);
    const checked = session.shownDocument?.problems?.length
      ? session.shownDocument
      : await documentMessage(session, (m) => (m.problems?.length ?? 0) > 0, 'the check of the flow');
    const problem = checked.problems?.find((p) => p.nodeId === 'tpl');
    assert.equal(problem?.code, 'invalid-params', JSON.stringify(checked.problems));
    assert.deepEqual(problem?.path, ['nodes', 1, 'params', 'template']);
    const posted: Extract<HostToWebview, { type: 'document' }>[] = [];
    const recording = session.onDidPost((m) => m.type === 'document' && posted.push(m));
    const rechecked = documentMessage(
      session,
      (m) => m.version > checked.version && m.problems !== undefined,
      'the check of the edited flow',
    );
    await session.receive({ type: 'edit', requestId: 'label-1', edits: [{ type: 'setLabel', nodeId: 'who', label: 'Who' }] });
    const after = await rechecked;
    recording.dispose();
    assert.ok(posted.length >= 2, 'the new text is sent at once, its check after');
    assert.equal(posted[0]?.problems, undefined, 'the first message of the new version leaves the problems shown as they are');
    assert.ok(!posted.some((m) => m.problems?.length === 0), 'problems are never cleared in between');
    assert.equal(after.problems?.find((p) => p.nodeId === 'tpl')?.code, 'invalid-params');
  });

  it('drops a message that does not match the protocol', async () => {
    const session = await openInFlowEditor(api, workspaceFile('greet.flow.json'));
    const before = session.document.getText();
    await session.receive({ type: 'edit', requestId: 'x', edits: [{ type: 'deleteEverything' }] });
    await session.receive({ type: 'no-such-message' });
    assert.equal(session.document.getText(), before);
  });

  it('sends edits made in a text editor on the same file to the canvas at once', async () => {
    // A copy: the edit stays unsaved in memory, and other tests run greet itself.
    const uri = workspaceFile('text-sync.flow.json');
    await vscode.workspace.fs.writeFile(uri, await vscode.workspace.fs.readFile(workspaceFile('greet.flow.json')));
    const session = await openInFlowEditor(api, uri);
    const textEditor = await vscode.window.showTextDocument(session.document, vscode.ViewColumn.Beside);
    const text = session.document.getText();
    const offset = text.indexOf('"Hello, {{name}}!"');
    const update = documentMessage(
      session,
      (m) => m.flow?.nodes.some((n) => n.params?.template === 'Hi, {{name}}!') === true,
      'the changed flow in the canvas',
    );
    await textEditor.edit((b) =>
      b.replace(
        new vscode.Range(session.document.positionAt(offset), session.document.positionAt(offset + '"Hello, {{name}}!"'.length)),
        '"Hi, {{name}}!"',
      ),
    );
    const message = await update;
    assert.equal(message.version, session.document.version);
  });

  it('keeps two canvases on one document in sync', async () => {
    const uri = workspaceFile('branching.flow.json');
    const first = await openInFlowEditor(api, uri);
    const secondOpened = nextEvent(
      api.editors.onDidOpen,
      (s) => s.document.uri.toString() === uri.toString() && s !== first,
      'the second flow editor',
    );
    await vscode.commands.executeCommand('vscode.openWith', uri, 'flowstudio.flowEditor', vscode.ViewColumn.Beside);
    const second = await secondOpened;
    await second.ready;
    const node = (JSON.parse(first.document.getText()) as { nodes: { id: string }[] }).nodes[0]!.id;
    const seen = documentMessage(
      second,
      (m) => m.flow?.nodes.find((n) => n.id === node)?.position.x === 777,
      'the move in the second canvas',
    );
    await first.receive({ type: 'edit', requestId: 'm', edits: [{ type: 'moveNodes', nodes: [{ id: node, x: 777, y: 1 }] }] });
    await seen;
  });

  it('shows a file from a newer FlowStudio read-only, with the reason, and never rewrites it', async () => {
    const uri = workspaceFile('future.flow.json');
    const text = '{\n  "version": 99,\n  "name": "future",\n  "nodes": [],\n  "edges": [],\n  "hologram": true\n}\n';
    await vscode.workspace.fs.writeFile(uri, Buffer.from(text));
    const session = await openInFlowEditor(api, uri);
    // Ready is signalled after the document and its check were posted.
    const message = session.shownDocument;
    assert.ok(message);
    assert.equal(message.flow, null);
    assert.match(message.readOnlyReason ?? '', /newer FlowStudio/);
    const reply = nextEvent(session.onDidPost, (m) => m.type === 'response' && m.requestId === 'f', 'the edit response');
    await session.receive({ type: 'edit', requestId: 'f', edits: [{ type: 'setFlowInfo', name: 'renamed' }] });
    const answer = await reply;
    assert.equal(answer.type === 'response' && answer.ok, false);
    assert.equal(session.document.getText(), text);
    assert.equal(session.document.isDirty, false);
    assert.equal(Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8'), text);
  });
});
