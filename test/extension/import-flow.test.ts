// "FlowStudio: Import Flow…" in the real editor: a Langflow export in the workspace becomes a flow file next
// to it, opened in the canvas, with what became of each node in the FlowStudio output channel.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ImportFlowOutcome } from '../../src/extension/commands/import-command';
import { lfEdge, lfExport, lfNode } from '../engine/import/langflow-builder';
import { flowStudio, nextEvent, workspaceFile, writeFile } from './helpers/vscode-waits';

/** A chat flow with a Python tool: three nodes map, one is kept as a note. */
function langflowChatExport(): string {
  return lfExport(
    [
      lfNode({ id: 'ChatInput-a', type: 'ChatInput', outputs: ['message'] }),
      lfNode({
        id: 'OpenAIModel-m',
        type: 'OpenAIModel',
        fields: { model_name: 'gpt-4o-mini', api_key: { value: 'OPENAI_API_KEY', password: true, load_from_db: true }, input_value: '' },
        outputs: ['text_output'],
        position: { x: 300, y: 40 },
      }),
      lfNode({ id: 'ChatOutput-z', type: 'ChatOutput', fields: { input_value: '' }, position: { x: 600, y: 40 } }),
      lfNode({ id: 'PythonFunction-p', type: 'PythonFunction', code: 'def f():\n    return 1\n', position: { x: 300, y: 300 } }),
    ],
    [
      lfEdge('ChatInput-a', 'message', 'OpenAIModel-m', 'input_value'),
      lfEdge('OpenAIModel-m', 'text_output', 'ChatOutput-z', 'input_value'),
    ],
    'Imported chat',
  );
}

describe('Import Flow…', () => {
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('writes the flow next to the export, opens it in the canvas and lists the nodes in the output', async () => {
    const api = await flowStudio();
    const source = workspaceFile('langflow-chat.json');
    await writeFile(source, langflowChatExport());
    const target = workspaceFile('langflow-chat.flow.json');
    const opened = nextEvent(
      api.editors.onDidOpen,
      (s) => s.document.uri.toString() === target.toString(),
      'the imported flow in the canvas',
    );
    const outcome = await vscode.commands.executeCommand<ImportFlowOutcome | undefined>('flowstudio.importFlow', source, { replace: true });
    assert.ok(outcome);
    assert.equal(outcome.uri.toString(), target.toString());
    const session = await opened;
    await session.ready;
    assert.deepEqual(
      outcome.nodes.map((n) => [n.sourceId, n.outcome === 'mapped' ? n.component : 'note']),
      [
        ['ChatInput-a', 'input.chat'],
        ['OpenAIModel-m', 'llm.chat'],
        ['ChatOutput-z', 'output.chat'],
        ['PythonFunction-p', 'note'],
      ],
    );
    const flow = JSON.parse(Buffer.from(await vscode.workspace.fs.readFile(target)).toString('utf8')) as {
      name: string;
      nodes: { id: string; position: unknown }[];
      notes?: { text: string }[];
    };
    assert.equal(flow.name, 'Imported chat');
    assert.deepEqual(flow.nodes.find((n) => n.id === 'OpenAIModel-m')?.position, { x: 300, y: 40 });
    assert.match(flow.notes?.[0]?.text ?? '', /def f\(\)/);
    assert.ok(outcome.warnings.some((w) => /custom Python code/.test(w.message)));
  });

  it('refuses a file that is not an export, saying which and why', async () => {
    const source = workspaceFile('not-a-flow.json');
    await writeFile(source, '{"hello": "world"}');
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand('flowstudio.importFlow', source)),
      /not-a-flow\.json: not a Langflow export/,
    );
  });
});
