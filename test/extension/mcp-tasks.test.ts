// A flow calling a tool that runs only as an MCP task (server-everything's simulate-research-query),
// run from the real editor: the task's statuses are events of the node, in the run's trace, and the
// question of a task waiting for input reaches the editor's form naming the server and the node.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { AskAnswer, FormAskRequest, RunResult } from '../../src/engine';
import type { AskPrompts } from '../../src/extension/ask/ask-prompts';
import type { FlowStudioApi } from '../../src/extension/extension';
import { flowStudio, workspaceFile, writeFile } from './helpers/vscode-waits';

function researchFlow(name: string, args: Record<string, unknown>): string {
  return JSON.stringify({
    version: 1,
    name,
    nodes: [
      {
        id: 'research',
        type: 'mcp.tool',
        position: { x: 0, y: 0 },
        params: { server: 'everything', tool: 'simulate-research-query', arguments: args },
      },
      { id: 'out', type: 'output.text', position: { x: 300, y: 0 }, params: { name: 'report' } },
    ],
    edges: [{ id: 'e1', source: 'research', sourceHandle: 'text', target: 'out', targetHandle: 'text' }],
  });
}

describe('MCP tasks in the editor', function () {
  this.timeout(120_000);
  let api: FlowStudioApi;
  let original: AskPrompts;
  const forms: { request: FormAskRequest; who: string }[] = [];
  const written: string[] = [];

  async function run(file: string, args: Record<string, unknown>): Promise<RunResult> {
    const uri = workspaceFile(file);
    written.push(file);
    await writeFile(uri, researchFlow(file.replace('.flow.json', ''), args));
    return (await vscode.commands.executeCommand('flowstudio.run', uri, { inputs: {} })) as RunResult;
  }

  before(async () => {
    api = await flowStudio();
    const [entry] = await api.mcp.allPools();
    assert.ok(entry, 'a trusted workspace has an MCP pool');
    await api.mcp.consent.record(entry.folder, entry.pool.definitionOf('everything')!, 'allow');
    original = api.asking.prompts;
    api.asking.prompts = {
      ...original,
      fillForm: async (request, who): Promise<AskAnswer> => {
        forms.push({ request, who });
        return { action: 'accept', content: { interpretation: 'snake' } };
      },
    };
  });
  after(async () => {
    api.asking.prompts = original;
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    // Later suites list the workspace's flows: leave it as it was.
    for (const file of written) await vscode.workspace.fs.delete(workspaceFile(file)).then(undefined, () => undefined);
  });

  it("runs the task and keeps each of its statuses as the node's progress in the run's trace", async () => {
    const result = await run('task-research.flow.json', { topic: 'lichens' });
    assert.equal(result.status, 'ok', result.error?.message);
    assert.match(String(result.outputs.report), /^# Research Report: lichens/);
    const statuses = api.runs
      .traceOf(workspaceFile('task-research.flow.json'))
      .flatMap((e) => (e.type === 'node.progress' && e.nodeId === 'research' && e.taskStatus ? [`${e.taskStatus} ${e.message}`] : []));
    assert.equal(statuses[0], 'working task working: Gathering sources...');
    assert.match(statuses.at(-1) ?? '', /^completed task completed/);
  });

  it('asks the question of a task waiting for input through the form, naming the server and the node', async () => {
    const result = await run('task-ambiguous.flow.json', { topic: 'python', ambiguous: true });
    assert.equal(result.status, 'ok', result.error?.message);
    assert.match(String(result.outputs.report), /^# Research Report: python \(snake\)/);
    assert.equal(forms.length, 1);
    assert.equal(forms[0]!.who, "MCP server 'everything' (called by node 'research' of task-ambiguous.flow.json)");
  });
});
