// Tool annotations of a served flow, read from its nodes and, for mcp.tool, from the called tool's own.
import assert from 'node:assert/strict';
import type { McpCatalog, McpToolInfo } from '../../src/engine';
import { toolAnnotationsOf } from '../../src/server';
import { buildFlow } from '../helpers/flow-builder';

/** What a connection pool knows once it has listed a server's tools. */
function catalogWith(server: string, tools: McpToolInfo[]): McpCatalog {
  return {
    hasServer: (name) => name === server,
    toolsOf: (name) => (name === server ? tools : undefined),
    promptsOf: () => undefined,
    serverNames: () => [server],
    errorOf: () => undefined,
  };
}

const callsTool = buildFlow(
  { call: ['mcp.tool', { server: 'files', tool: 'delete_file' }], out: ['output.json', { name: 'result' }] },
  ['call.result -> out.value'],
  'calls tool',
);

describe('tool annotations of a served flow', () => {
  it('vouches for nothing about an MCP tool not listed yet: not read-only, destructiveness left to the default', () => {
    assert.deepEqual(toolAnnotationsOf(callsTool), { readOnlyHint: false, openWorldHint: true });
  });

  it('is destructive when the called tool is, and read-only when the called tool says it only reads', () => {
    const destructive = catalogWith('files', [{ name: 'delete_file', inputSchema: {}, annotations: { destructiveHint: true } }]);
    assert.deepEqual(toolAnnotationsOf(callsTool, destructive), { readOnlyHint: false, destructiveHint: true, openWorldHint: true });
    const reader = catalogWith('files', [{ name: 'delete_file', inputSchema: {}, annotations: { readOnlyHint: true } }]);
    assert.deepEqual(toolAnnotationsOf(callsTool, reader), { readOnlyHint: true, destructiveHint: false, openWorldHint: true });
  });

  it('lets the flow override what the nodes say', () => {
    const flow = { ...callsTool, mcp: { kind: 'tool' as const, annotations: { readOnlyHint: true, openWorldHint: false } } };
    assert.deepEqual(toolAnnotationsOf(flow), { readOnlyHint: true, openWorldHint: false });
  });
});
