// Importing runs nothing (no code of the export, no model, no MCP server), so "Import Flow…" works in an
// untrusted workspace too: the flow is written and shown, and runs stay refused as for any other flow.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ImportFlowOutcome } from '../../../src/extension/commands/import-command';
import { lfEdge, lfExport, lfNode } from '../../engine/import/langflow-builder';
import { flowStudio, workspaceFile, writeFile } from '../helpers/vscode-waits';

describe('Import Flow… in an untrusted workspace', () => {
  it('imports a Langflow export, since importing runs nothing', async () => {
    assert.equal(vscode.workspace.isTrusted, false);
    const api = await flowStudio();
    const source = workspaceFile('untrusted-import.json');
    await writeFile(
      source,
      lfExport(
        [
          lfNode({ id: 'TextInput-t', type: 'TextInput', displayName: 'Topic', fields: { input_value: 'tea' } }),
          lfNode({ id: 'TextOutput-o', type: 'TextOutput' }),
        ],
        [lfEdge('TextInput-t', 'text', 'TextOutput-o', 'input_value')],
      ),
    );
    const outcome = await vscode.commands.executeCommand<ImportFlowOutcome | undefined>('flowstudio.importFlow', source, { replace: true });
    assert.ok(outcome);
    assert.deepEqual(
      outcome.nodes.map((n) => n.outcome),
      ['mapped', 'mapped'],
    );
    const document = await vscode.workspace.openTextDocument(outcome.uri);
    assert.match(document.getText(), /"type": "input.text"/);
    await assert.rejects(api.runs.start(document, { mode: 'run', inputs: {} }), /untrusted workspace/);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
