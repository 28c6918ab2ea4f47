// A 1,000-node / 1,500-edge flow in the real workbench: opened in the canvas, laid out (the canvas's
// auto-layout edit, computed with the same elkjs options), and undone: one undo step back to the
// exact text, each change a minimal edit that the canvas receives as a new document.
import assert from 'node:assert/strict';
import ELK from 'elkjs/lib/elk.bundled.js';
import * as vscode from 'vscode';
import type { FlowEditorSession } from '../../src/extension/editor/flow-editor-session';
import type { FlowStudioApi } from '../../src/extension/extension';
import { serializeFlow } from '../../src/engine/flow/serialize';
import type { HostToWebview } from '../../src/protocol/messages';
import { flowStudio, nextEvent, workspaceFile } from './helpers/vscode-waits';

type DocumentMessage = Extract<HostToWebview, { type: 'document' }>;

function largeFlow(): { text: string; edges: { id: string; source: string; target: string }[] } {
  const nodes = Array.from({ length: 1000 }, (_, i) => ({ id: `n${i}`, type: 'text.template', position: { x: (i % 40) * 280, y: Math.floor(i / 40) * 160 }, params: { template: '{{a}} and {{b}}' } }));
  const edges = Array.from({ length: 1500 }, (_, k) => {
    const target = 1 + (k % 999);
    return { id: `e${k}`, source: `n${(target * 7919 + k) % target}`, sourceHandle: 'text', target: `n${target}`, targetHandle: k < 999 ? 'a' : 'b' };
  });
  return { text: serializeFlow({ version: 1, name: 'large', nodes, edges }), edges };
}

function changedLineCount(before: string, after: string): number {
  const a = before.split('\n');
  const b = after.split('\n');
  assert.equal(a.length, b.length, 'a layout changes no line count');
  return b.filter((line, i) => a[i] !== line).length;
}

describe('a 1,000-node flow in the canvas', function () {
  this.timeout(180_000);
  let api: FlowStudioApi;
  const uri = workspaceFile('large-edit.flow.json');
  const { text, edges } = largeFlow();

  before(async () => {
    api = await flowStudio();
    await vscode.workspace.fs.writeFile(uri, Buffer.from(text));
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(uri);
  });

  it('opens, is laid out in one minimal edit the canvas receives, and one undo restores the exact text', async () => {
    const opened = nextEvent(api.editors.onDidOpen, (s) => s.document.uri.toString() === uri.toString(), 'the flow editor');
    await vscode.commands.executeCommand('vscode.openWith', uri, 'flowstudio.flowEditor');
    const session: FlowEditorSession = await opened;
    await session.ready;
    assert.equal(session.shownDocument?.flow?.nodes.length, 1000);

    const elk = new ELK();
    const graph = await elk.layout({
      id: 'flow',
      layoutOptions: { 'elk.algorithm': 'layered', 'elk.direction': 'RIGHT', 'elk.spacing.nodeNode': '40', 'elk.layered.spacing.nodeNodeBetweenLayers': '80' },
      children: Array.from({ length: 1000 }, (_, i) => ({ id: `n${i}`, width: 220, height: 90 })),
      edges: edges.map((e) => ({ id: e.id, sources: [e.source], targets: [e.target] })),
    });
    const moved = (graph.children ?? []).map((c) => ({ id: c.id, x: Math.round(c.x ?? 0), y: Math.round(c.y ?? 0) }));
    assert.equal(moved.length, 1000);

    const version = session.document.version;
    const laidOut = nextEvent(session.onDidPost, (m): boolean => m.type === 'document' && m.version > version && m.flow !== null, 'the laid-out document') as Promise<DocumentMessage>;
    const reply = nextEvent(session.onDidPost, (m) => m.type === 'response' && m.requestId === 'layout', 'the layout response');
    await session.receive({ type: 'edit', requestId: 'layout', edits: [{ type: 'moveNodes', nodes: moved }] });
    assert.deepEqual(await reply, { type: 'response', requestId: 'layout', ok: true });
    const shown = await laidOut;
    const after = session.document.getText();
    const expectedChanges = moved.reduce((count, m, i) => count + Number(m.x !== (i % 40) * 280) + Number(m.y !== Math.floor(i / 40) * 160), 0);
    assert.equal(changedLineCount(text, after), expectedChanges, 'exactly the x and y lines that moved changed');
    assert.deepEqual(
      shown.flow?.nodes.map((n) => n.position),
      moved.map(({ x, y }) => ({ x, y })),
    );
    assert.equal(session.document.version, version + 1, 'the layout is one document change');

    const restored = nextEvent(session.onDidPost, (m): boolean => m.type === 'document' && m.version > version + 1 && m.flow !== null, 'the restored document') as Promise<DocumentMessage>;
    await vscode.commands.executeCommand('undo');
    const back = await restored;
    assert.equal(session.document.getText(), text, 'one undo gives back the exact text');
    assert.equal(back.flow?.nodes[999]?.position.x, (999 % 40) * 280);
    assert.equal(session.document.isDirty, false);
  });
});
