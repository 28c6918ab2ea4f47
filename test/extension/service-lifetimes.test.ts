// Lifetimes of the host's services in a real VS Code: an editor closed early answers those waiting
// for it, and a service disposed twice closes what it owns once and makes nothing afterwards.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { FlowEditorSession } from '../../src/extension/editor/flow-editor-session';
import type { WorkspaceMcp } from '../../src/extension/mcp/workspace-mcp';
import type { McpOAuthOptions } from '../../src/engine';
import { MemoryOAuthTokenStore } from '../../src/engine/mcp/oauth/token-store';
import { flowStudio, workspaceFile } from './helpers/vscode-waits';

/** Storage the service under test never reads on these paths; VS Code gives extensions, not tests, the real ones. */
const unusedSecrets: vscode.SecretStorage = {
  get: async () => undefined,
  store: async () => undefined,
  delete: async () => undefined,
  onDidChange: new vscode.EventEmitter<vscode.SecretStorageChangeEvent>().event,
};
const unusedState: vscode.Memento = {
  keys: () => [],
  get: <T>(_key: string, fallback?: T) => fallback,
  update: async () => undefined,
};
const noSignIn: McpOAuthOptions = {
  store: new MemoryOAuthTokenStore(),
  prompt: {
    redirectUrl: 'http://127.0.0.1/oauth/callback',
    authorize: () => Promise.reject(new Error('no sign-in in this test')),
  },
};

describe('host service lifetimes', () => {
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it("rejects a flow editor's ready when the editor is disposed before its canvas said so, and disposes once", async () => {
    const api = await flowStudio();
    const opened = new Promise<{ session: FlowEditorSession; disposals: [Promise<void>, Promise<void>] }>((resolve) => {
      const subscription = api.editors.onDidOpen((session) => {
        subscription.dispose();
        // In the same tick as the session is made: its webview cannot have said ready yet.
        resolve({ session, disposals: [session.dispose(), session.dispose()] });
      });
    });
    await vscode.commands.executeCommand('vscode.openWith', workspaceFile('greet.flow.json'), 'flowstudio.flowEditor');
    const { session, disposals } = await opened;
    assert.equal(disposals[0], disposals[1], 'the second dispose gets the first one');
    await disposals[0];
    await assert.rejects(session.ready, /closed before its canvas was ready/);
    assert.equal(session.isDisposed, true);
  });

  it('closes the MCP pools once when disposed twice, and makes no pool after', async () => {
    const api = await flowStudio();
    const folder = workspaceFile().fsPath;
    // A second instance of the extension's own class, so disposing it leaves the extension's servers alone.
    const WorkspaceMcpClass = api.mcp.constructor as typeof WorkspaceMcp;
    const mcp = new WorkspaceMcpClass(unusedSecrets, api.output, async () => noSignIn, unusedState);
    const pool = await mcp.poolOfFolder(folder);
    assert.ok(pool, 'a trusted workspace folder has a pool');
    let closes = 0;
    const close = pool.close.bind(pool);
    pool.close = async () => {
      closes++;
      await close();
    };
    const first = mcp.dispose();
    assert.equal(mcp.dispose(), first, 'the second dispose gets the first one');
    await first;
    assert.equal(closes, 1);
    assert.equal(await mcp.poolOfFolder(folder), undefined, 'a pool made after dispose would never be closed');
  });
});
