// A 1,000-node / 1,500-edge flow in the real workbench: opened in the canvas, laid out (one moveNodes
// edit for every node, as the canvas's auto-layout sends), and undone: one undo step back to the exact
// text, each change a minimal edit that the canvas receives as a new document.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { FlowEditorSession } from '../../src/extension/editor/flow-editor-session';
import type { FlowStudioApi } from '../../src/extension/extension';
import type { HostToWebview } from '../../src/protocol/messages';
import { largeFlowText } from '../engine/flow/large-flow';
import { flowStudio, nextEvent, workspaceFile } from './helpers/vscode-waits';

type DocumentMessage = Extract<HostToWebview, { type: 'document' }>;

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
  const text = largeFlowText();
  const { edges } = JSON.parse(text) as { edges: { id: string; source: string; target: string }[] };

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

    // Layers left to right by longest path, as the canvas's layered layout places them. (elkjs itself
    // is not run here: in Node it talks to the parent process as if it were a worker, and the
    // extension host's parent is VS Code.)
    const layerOf = new Map<string, number>();
    for (let i = 0; i < 1000; i++) layerOf.set(`n${i}`, 0);
    // Every edge goes from a lower-numbered node to a higher one, so one pass in order settles the layers.
    const incoming = [...edges].sort((a, b) => Number(a.target.slice(1)) - Number(b.target.slice(1)));
    for (const edge of incoming) layerOf.set(edge.target, Math.max(layerOf.get(edge.target) ?? 0, (layerOf.get(edge.source) ?? 0) + 1));
    const rows = new Map<number, number>();
    const moved = Array.from({ length: 1000 }, (_, i) => {
      const layer = layerOf.get(`n${i}`) ?? 0;
      const row = rows.get(layer) ?? 0;
      rows.set(layer, row + 1);
      return { id: `n${i}`, x: layer * 320 + 17, y: row * 130 + 11 };
    });

    const version = session.document.version;
    const laidOut = nextEvent(
      session.onDidPost,
      (m): boolean => m.type === 'document' && m.version > version && m.flow !== null,
      'the laid-out document',
    ) as Promise<DocumentMessage>;
    const reply = nextEvent(session.onDidPost, (m) => m.type === 'response' && m.requestId === 'layout', 'the layout response');
    await session.receive({ type: 'edit', requestId: 'layout', edits: [{ type: 'moveNodes', nodes: moved }] });
    assert.deepEqual(await reply, { type: 'response', requestId: 'layout', ok: true });
    const shown = await laidOut;
    const after = session.document.getText();
    const expectedChanges = moved.reduce(
      (count, m, i) => count + Number(m.x !== (i % 40) * 280) + Number(m.y !== Math.floor(i / 40) * 160),
      0,
    );
    assert.equal(changedLineCount(text, after), expectedChanges, 'exactly the x and y lines that moved changed');
    assert.deepEqual(
      shown.flow?.nodes.map((n) => n.position),
      moved.map(({ x, y }) => ({ x, y })),
    );
    assert.equal(session.document.version, version + 1, 'the layout is one document change');

    const restored = nextEvent(
      session.onDidPost,
      (m): boolean => m.type === 'document' && m.version > version + 1 && m.flow !== null,
      'the restored document',
    ) as Promise<DocumentMessage>;
    await vscode.commands.executeCommand('undo');
    const back = await restored;
    assert.equal(session.document.getText(), text, 'one undo gives back the exact text');
    assert.equal(back.flow?.nodes[999]?.position.x, (999 % 40) * 280);
    assert.equal(session.document.isDirty, false);
  });
});
