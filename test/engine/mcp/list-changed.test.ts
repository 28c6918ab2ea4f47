// The client follows tools/list_changed: a server that gains a tool shows it without a restart.
// The server is `flowstudio mcp serve` over a folder, which announces a change when a flow file appears.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { addConfigText, McpConnectionPool, serializeFlow, type McpConfig } from '../../../src/engine';
import { buildCli } from '../../helpers/build-cli';
import { buildFlow } from '../../helpers/flow-builder';

const echoFlow = (name: string) =>
  serializeFlow(
    buildFlow(
      { in: ['input.text', { name: 'text', required: true }], out: ['output.text', { name: 'text' }] },
      ['in.text -> out.text'],
      name,
    ),
  );

describe('MCP client following tools/list_changed', function () {
  let dir: string;
  let flows: string;
  let pool: McpConnectionPool;
  let onChange: (() => void) | undefined;

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'flowstudio-list-changed-'));
    flows = path.join(dir, 'flows');
    const cli = await buildCli(dir);
    mkdirSync(flows);
    writeFileSync(path.join(flows, 'first.flow.json'), echoFlow('first'));
    const config: McpConfig = { servers: new Map(), inputs: new Map(), problems: [] };
    addConfigText(
      config,
      JSON.stringify({ servers: { flows: { command: process.execPath, args: [cli, 'mcp', 'serve', '--flows', flows] } } }),
      path.join(dir, '.vscode', 'mcp.json'),
    );
    pool = new McpConnectionPool(config, {
      onToolsChanged: () => onChange?.(),
    });
  });
  after(async () => {
    await pool.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows a tool added while connected, from the notification alone', async () => {
    assert.deepEqual(
      (await pool.listTools('flows')).map((t) => t.name),
      ['first'],
    );
    const announced = new Promise<void>((resolve) => {
      onChange = () => {
        if (pool.toolsOf('flows')?.some((t) => t.name === 'second')) resolve();
      };
    });
    writeFileSync(path.join(flows, 'second.flow.json'), echoFlow('second'));
    await announced;
    assert.deepEqual(
      pool
        .toolsOf('flows')
        ?.map((t) => t.name)
        .sort(),
      ['first', 'second'],
    );
    const result = await pool.callTool('flows', 'second', { text: 'new' });
    assert.equal(result.text, 'new');
  });
});
