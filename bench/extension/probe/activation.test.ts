// Measured inside the real extension host by bench/extension/run.mjs; writes its numbers to the file
// named by FLOWSTUDIO_BENCH_OUT. Asserts only that the measurements exist and that edits landed.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { FlowEditorSession } from '../../../src/extension/editor/flow-editor-session';
import type { FlowStudioApi } from '../../../src/extension/extension';
import { applyFlowEdits, type FlowEdit } from '../../../src/engine/flow/flow-edit';
import { FlowDocument } from '../../../src/engine/flow/flow-document';
import { hostToWebviewSchema, parseMessage } from '../../../src/protocol/messages';
import { largeFlowText } from '../../../test/engine/flow/large-flow';

const opens = 5;
const drops = 9;
const layouts = 3;

/**
 * Milliseconds from the canvas's edit message reaching the host until the host posts the canvas the
 * document with the edit in it: apply the edits, VS Code's document change, the new version's parse.
 */
async function roundTrip(session: FlowEditorSession, requestId: string, edits: FlowEdit[]): Promise<number> {
  const version = session.document.version;
  const started = performance.now();
  const posted = new Promise<number>((resolve, reject) => {
    const subscription = session.onDidPost((message) => {
      if (message.type === 'response' && message.requestId === requestId && !message.ok)
        reject(new Error(`the edit failed: ${message.error ?? ''}`));
      if (message.type !== 'document' || message.version <= version || !message.flow) return;
      subscription.dispose();
      resolve(performance.now() - started);
    });
  });
  await session.receive({ type: 'edit', requestId, edits });
  return posted;
}

describe('extension benchmark probe', () => {
  it('measures bundle load, activate(), opening a flow in the canvas and edits on a large flow', async function () {
    this.timeout(600_000);
    const extension = vscode.extensions.getExtension<FlowStudioApi>('flowstudio.flowstudio');
    assert.ok(extension);
    const api = await extension.activate();
    // Loading the bundle again in this process shows what the first activation paid for parse and eval;
    // a reference build's bundle (BENCH_REFERENCE_BUNDLE), loaded in turn, gives a ratio on a busy machine.
    const bundle = path.join(extension.extensionPath, 'dist', 'extension.js');
    const reference = process.env.BENCH_REFERENCE_BUNDLE;
    const timeLoad = (file: string): number => {
      delete require.cache[require.resolve(file)];
      const started = performance.now();
      // Timing a bundle's load means requiring it afresh.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      assert.ok(require(file));
      return performance.now() - started;
    };
    const loads: number[] = [];
    const referenceLoads: number[] = [];
    for (let i = 0; i < 3; i++) {
      loads.push(timeLoad(bundle));
      if (reference) referenceLoads.push(timeLoad(reference));
    }
    const loadMs = loads[0] ?? 0;
    // By the end of the path: the host may load the extension through another path to the same folder.
    const lazyBundlesLoaded = Object.keys(require.cache)
      .filter((file) => file.includes(`${path.sep}dist${path.sep}lazy${path.sep}`))
      .map((file) => path.basename(file));

    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder);
    const uri = vscode.Uri.joinPath(folder.uri, 'fan-out-fan-in.flow.json');
    const openMs: number[] = [];
    for (let i = 0; i < opens; i++) {
      const started = performance.now();
      const opened = new Promise<void>((resolve) => {
        const subscription = api.editors.onDidOpen((session) => {
          subscription.dispose();
          void session.ready.then(resolve);
        });
      });
      await vscode.commands.executeCommand('vscode.openWith', uri, 'flowstudio.flowEditor');
      await opened;
      openMs.push(performance.now() - started);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }

    const large = vscode.Uri.joinPath(folder.uri, 'large.flow.json');
    await vscode.workspace.fs.writeFile(large, Buffer.from(largeFlowText()));
    const opened = new Promise<FlowEditorSession>((resolve) => {
      const subscription = api.editors.onDidOpen((session) => {
        subscription.dispose();
        void session.ready.then(() => resolve(session));
      });
    });
    await vscode.commands.executeCommand('vscode.openWith', large, 'flowstudio.flowEditor');
    const session = await opened;
    const dropMs: number[] = [];
    for (let i = 0; i < drops; i++)
      dropMs.push(await roundTrip(session, `drop-${i}`, [{ type: 'moveNodes', nodes: [{ id: `n${i * 97}`, x: 5 + i, y: 7 + i }] }]));
    const layoutMs: number[] = [];
    for (let i = 0; i < layouts; i++) {
      const nodes = Array.from({ length: 1000 }, (_, n) => ({
        id: `n${n}`,
        x: ((n * 13 + i) % 40) * 300,
        y: Math.floor(n / 40) * 170 + i,
      }));
      layoutMs.push(await roundTrip(session, `layout-${i}`, [{ type: 'moveNodes', nodes }]));
    }
    const positions = (JSON.parse(session.document.getText()) as { nodes: { position: { x: number; y: number } }[] }).nodes.map(
      (n) => n.position,
    );
    // Node 0 in the last layout (i = 2): x = (2 % 40) * 300, y = 0 + 2.
    assert.deepEqual(positions[0], { x: 600, y: 2 }, 'the last layout landed');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');

    // The host's own work in a drop, without VS Code carrying the edit to the workbench and back:
    // the edit, the new version's parse and the check of the message to the canvas.
    const hostWorkMs: number[] = [];
    let current = largeFlowText();
    for (let i = 0; i < drops; i++) {
      const started = performance.now();
      current = applyFlowEdits(current, [{ type: 'moveNodes', nodes: [{ id: `n${i * 97}`, x: 5 + i, y: 7 + i }] }]).text;
      const flow = new FlowDocument(current, i + 2).requireFlow();
      assert.ok(parseMessage(hostToWebviewSchema, { type: 'document', version: i + 2, flow, problems: [] }).ok);
      hostWorkMs.push(performance.now() - started);
    }

    const out = process.env.FLOWSTUDIO_BENCH_OUT;
    assert.ok(out, 'FLOWSTUDIO_BENCH_OUT is not set');
    writeFileSync(
      out,
      JSON.stringify({
        vscodeVersion: vscode.version,
        activateMs: api.activationMs,
        loadMs,
        loads,
        lazyBundlesLoaded,
        referenceLoads,
        openMs,
        dropMs,
        layoutMs,
        hostWorkMs,
      }),
    );
  });
});
