// The order of what a canvas asks for: an edit it sent before a run request is in the document the
// run reads; and a run asking for its inputs gives way (its input box closes) when it is stopped or
// replaced, instead of lingering and reporting "no inputs given" later.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { FlowEditorSession } from '../../src/extension/editor/flow-editor-session';
import type { FlowStudioApi } from '../../src/extension/extension';
import { flowStudio, nextEvent, workspaceFile, writeFile } from './helpers/vscode-waits';

async function openInFlowEditor(api: FlowStudioApi, uri: vscode.Uri): Promise<FlowEditorSession> {
  const opened = nextEvent(api.editors.onDidOpen, (s) => s.document.uri.toString() === uri.toString(), `the flow editor for ${uri.path}`);
  await vscode.commands.executeCommand('vscode.openWith', uri, 'flowstudio.flowEditor');
  const session = api.editors.sessionsOf(uri)[0] ?? (await opened);
  await session.ready;
  return session;
}

describe('runs and the edits before them', () => {
  let api: FlowStudioApi;
  before(async () => {
    api = await flowStudio();
  });
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('applies an edit posted just before a run request before the run reads the document', async () => {
    // A copy: the edit must not reach the greet flow the other tests run.
    const uri = workspaceFile('typed-greet.flow.json');
    await writeFile(uri, new TextDecoder().decode(await vscode.workspace.fs.readFile(workspaceFile('greet.flow.json'))));
    const session = await openInFlowEditor(api, uri);
    const ended = nextEvent(api.runs.onEvent, ({ event }) => event.type === 'run.end', 'the run to end');
    // Posted back to back, as the webview does: neither waits for the other's answer.
    const edited = session.receive({
      type: 'edit',
      requestId: 'typed-1',
      edits: [{ type: 'setParam', nodeId: 'tpl', name: 'template', value: 'Howdy, {{name}}!' }],
    });
    const ran = session.receive({ type: 'run', requestId: 'run-1', mode: 'run', inputs: { person: 'Ada' } });
    await Promise.all([edited, ran]);
    const { event } = await ended;
    assert.equal(event.type === 'run.end' ? event.status : undefined, 'ok');
    assert.deepEqual(event.type === 'run.end' ? event.outputs : undefined, { greeting: 'Howdy, Ada!' });
  });

  it('closes the input box of a run stopped while it asks, and ends it cancelled rather than failed', async () => {
    const document = await vscode.workspace.openTextDocument(workspaceFile('greet.flow.json'));
    const started = api.runs.start(document, { mode: 'run' }); // no inputs: it asks with an input box
    // Stopped while the box is up: the box must close and the start settle.
    await waitUntil(() => api.runs.askingInputsFor?.toString() === document.uri.toString());
    assert.ok(api.runs.stop(document.uri));
    const run = await started;
    const result = await run.result;
    assert.equal(result.status, 'cancelled');
    assert.equal(result.error?.message, 'stopped by the user');
  });

  it('lets a new run replace one still asking for its inputs', async () => {
    const document = await vscode.workspace.openTextDocument(workspaceFile('greet.flow.json'));
    const asking = api.runs.start(document, { mode: 'run' });
    await waitUntil(() => api.runs.askingInputsFor?.toString() === document.uri.toString());
    const first = api.runs.runOf(document.uri)!;
    const second = await api.runs.start(document, { mode: 'run', inputs: { person: 'Bo' } });
    assert.equal((await first.result).status, 'cancelled');
    assert.equal((await first.result).error?.message, 'replaced by a new run');
    assert.equal(await asking, first, 'the replaced start settles, without an error');
    assert.equal(api.runs.askingInputsFor, undefined, 'its input box is gone');
    const result = await second.result;
    assert.equal(result.status, 'ok');
    assert.equal(result.outputs.greeting, 'Hello, Bo!');
  });
});

/** `check`'s first truthy answer, polled (VS Code has no event for "an input box is shown"). */
async function waitUntil<T>(check: () => T | undefined | false, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
