// `flowstudio mcp serve` over stdio speaks to whichever protocol era the client opens with: an SDK 2.x
// client pinned to 2026-07-28 and one on the 2025 handshake both list the flows, run one, and hear
// (through subscriptions/listen or the session's list_changed) when a flow file is added.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Client, type CallToolResult } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { serializeFlow } from '../../src/engine';
import { buildCli } from '../helpers/build-cli';
import { buildFlow } from '../helpers/flow-builder';

describe('flowstudio mcp serve over stdio, both protocol eras', function () {
  this.timeout(60_000);
  let dir: string;
  let cli: string;

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'flowstudio-serve-eras-'));
    cli = await buildCli(path.join(dir, 'bin'));
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const [label, mode] of [
    ['2026-07-28', { pin: '2026-07-28' }],
    ['2025-11-25', 'legacy'],
  ] as const) {
    it(`serves a ${label} client and tells it when a flow file is added`, async () => {
      const flows = path.join(dir, `flows-${label}`);
      mkdirSync(flows);
      const greet = buildFlow(
        {
          who: ['input.text', { name: 'who', required: true }],
          tpl: ['text.template', { template: 'Hello, {{name}}!' }],
          out: ['output.text', { name: 'greeting' }],
        },
        ['who.text -> tpl.name', 'tpl.text -> out.text'],
        'greet',
      );
      writeFileSync(path.join(flows, 'greet.flow.json'), serializeFlow(greet));
      let changed!: (names: string[]) => void;
      const announced = new Promise<string[]>((resolve) => (changed = resolve));
      const client = new Client(
        { name: 'eras', version: '1' },
        {
          versionNegotiation: { mode },
          listChanged: { tools: { onChanged: (_error, tools) => changed((tools ?? []).map((t) => t.name)) } },
        },
      );
      await client.connect(
        new StdioClientTransport({ command: process.execPath, args: [cli, 'mcp', 'serve', '--flows', flows], stderr: 'ignore' }),
      );
      try {
        assert.equal(client.getNegotiatedProtocolVersion(), label);
        const result = (await client.callTool({ name: 'greet', arguments: { who: 'Ada' } })) as CallToolResult;
        assert.deepEqual(result.structuredContent, { greeting: 'Hello, Ada!' });
        writeFileSync(path.join(flows, 'later.flow.json'), serializeFlow({ ...greet, name: 'added later' }));
        assert.deepEqual((await announced).sort(), ['added_later', 'greet']);
      } finally {
        await client.close();
      }
    });
  }
});
