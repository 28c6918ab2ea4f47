// The MCP messages of a run in the editor go through the same secret masking as every other event:
// a {{secret:NAME}} passed as a tool argument is masked in the kept trace, also where the 8 KB cut
// of a payload runs through it. Real workspace MCP server (server-everything from examples/.vscode/mcp.json).
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { RunEvent, RunResult } from '../../src/engine';
import type { FlowStudioApi } from '../../src/extension/extension';
import { flowStudio, workspaceFile, writeFile } from './helpers/vscode-waits';

const secretName = 'FS_TRACE_TOKEN';
const secretValue = 'tr4ce-s3cret-Value-0123456789';
/** Where the request's JSON text puts the echo tool's message: `{"name":"echo","arguments":{"message":"`. */
const messageOffset = '{"name":"echo","arguments":{"message":"'.length;

function echoFlow(name: string, message: string): string {
  return JSON.stringify({
    version: 1,
    name,
    nodes: [
      { id: 'echo', type: 'mcp.tool', position: { x: 0, y: 0 }, params: { server: 'everything', tool: 'echo', arguments: { message } } },
      { id: 'out', type: 'output.text', position: { x: 300, y: 0 }, params: { name: 'said' } },
    ],
    edges: [{ id: 'e1', source: 'echo', sourceHandle: 'text', target: 'out', targetHandle: 'text' }],
  });
}

type McpMessageEvent = Extract<RunEvent, { type: 'node.mcp-message' }>;

describe('MCP messages in the editor run trace', () => {
  let api: FlowStudioApi;

  before(async () => {
    api = await flowStudio();
    // A secret in a tool argument is sent to that MCP server, so it is bound to it.
    await vscode.commands.executeCommand('flowstudio.setSecret', secretName, secretValue, { destinations: ['mcp:everything'] });
    const [entry] = await api.mcp.allPools();
    assert.ok(entry, 'a trusted workspace has an MCP pool');
    await api.mcp.consent.record(entry.folder, entry.pool.definitionOf('everything')!, 'allow');
    await entry.pool.prepare(['everything']);
    assert.equal(entry.pool.statusOf('everything'), 'connected', entry.pool.errorOf('everything'));
  });
  after(async () => {
    await vscode.commands.executeCommand('flowstudio.deleteSecret', secretName);
  });

  async function runAndTrace(file: string, message: string): Promise<{ result: RunResult; messages: McpMessageEvent[]; trace: string }> {
    const uri = workspaceFile(file);
    await writeFile(uri, echoFlow(file.replace('.flow.json', ''), message));
    const result = (await vscode.commands.executeCommand('flowstudio.run', uri, { inputs: {} })) as RunResult;
    const events = api.runs.traceOf(uri);
    return { result, messages: events.filter((e): e is McpMessageEvent => e.type === 'node.mcp-message'), trace: JSON.stringify(events) };
  }

  it('masks a secret tool argument in the request and the response the trace keeps', async () => {
    const { result, messages, trace } = await runAndTrace('mcp-secret.flow.json', `token={{secret:${secretName}}}`);
    assert.equal(result.status, 'ok', result.error?.message);
    assert.equal(result.outputs.said, 'Echo: token=••••••', 'the run used the value and its result masks it');
    assert.deepEqual(
      messages.map((m) => [m.nodeId, m.direction, m.method]),
      [
        ['echo', 'sent', 'tools/call'],
        ['echo', 'received', 'response'],
      ],
    );
    assert.deepEqual((messages[0]!.payload as { arguments: unknown }).arguments, { message: 'token=••••••' });
    assert.match(JSON.stringify(messages[1]!.payload), /Echo: token=••••••/);
    assert.ok(!trace.includes(secretValue), 'the trace holds the secret');
  });

  it('masks the start of a secret that the 8 KB cut of a payload runs through', async () => {
    // The request's JSON text is cut after 8,192 characters: 6 of them are the secret's first 6.
    const padding = 'x'.repeat(8192 - 6 - messageOffset);
    const { result, messages, trace } = await runAndTrace('mcp-secret-cut.flow.json', `${padding}{{secret:${secretName}}}`);
    assert.equal(result.status, 'ok', result.error?.message);
    const request = messages.find((m) => m.method === 'tools/call');
    assert.ok(request);
    assert.equal(request.truncated, true);
    const payload = String(request.payload);
    assert.ok(payload.endsWith(`${padding}••••••`), payload.slice(-40));
    assert.ok(!trace.includes(secretValue.slice(0, 6)), 'the trace holds the start of the secret');
  });
});
