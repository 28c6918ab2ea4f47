// Measured inside the real extension host by bench/extension/run.mjs; writes its numbers to the file
// named by FLOWSTUDIO_BENCH_OUT. Asserts only that the measurements exist.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { FlowStudioApi } from '../../../src/extension/extension';

const opens = 5;

describe('extension benchmark probe', () => {
  it('measures bundle load, activate() and opening a flow in the canvas', async () => {
    const extension = vscode.extensions.getExtension<FlowStudioApi>('flowstudio.flowstudio');
    assert.ok(extension);
    const api = await extension.activate();
    // Loading the bundle again in this process shows what the first activation paid for parse and eval.
    const bundle = path.join(extension.extensionPath, 'dist', 'extension.js');
    delete require.cache[require.resolve(bundle)];
    const loadStarted = performance.now();
    const fresh = require(bundle) as unknown;
    const loadMs = performance.now() - loadStarted;
    assert.ok(fresh);

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
    const out = process.env.FLOWSTUDIO_BENCH_OUT;
    assert.ok(out, 'FLOWSTUDIO_BENCH_OUT is not set');
    writeFileSync(out, JSON.stringify({ vscodeVersion: vscode.version, activateMs: api.activationMs, loadMs, openMs }));
  });
});
