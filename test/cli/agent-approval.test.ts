// `flowstudio run` with an agent that wants a destructive tool (server-filesystem write_file): refused
// without a terminal, allowed with --yes, and asked on a terminal (a real pty from util-linux `script`).
import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { serializeFlow } from '../../src/engine';
import { buildCli, repoRoot } from '../helpers/build-cli';
import { buildFlow } from '../helpers/flow-builder';
import { callToolThenAnswer } from '../engine/llm/helpers/scripted-openai';
import { WireServer } from '../engine/llm/helpers/wire-server';
import { runAsync } from './helpers/run-async';

describe('flowstudio run: approval of destructive tools', function () {
  let dir: string;
  let cli: string;
  let server: WireServer;
  const target = () => path.join(dir, 'files', 'note.txt');

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'flowstudio-approval-'));
    cli = await buildCli(dir);
    server = await WireServer.start();
    mkdirSync(path.join(dir, 'files'));
    mkdirSync(path.join(dir, '.vscode'));
    const fsServer = path.join(repoRoot, 'node_modules/@modelcontextprotocol/server-filesystem/dist/index.js');
    writeFileSync(
      path.join(dir, '.vscode/mcp.json'),
      JSON.stringify({ servers: { files: { type: 'stdio', command: process.execPath, args: [fsServer, path.join(dir, 'files')] } } }),
    );
    const flow = buildFlow(
      {
        q: ['input.text', { name: 'q' }],
        tools: ['mcp.tools', { server: 'files', include: ['write_file'] }],
        agent: [
          'agent',
          { provider: 'openai-compatible', model: 'scripted', baseURL: `${server.url}/v1`, instructions: 'Write files.', maxSteps: 3 },
        ],
        a: ['output.text', { name: 'a' }],
      },
      ['q.text -> agent.prompt', 'tools.tools -> agent.tools', 'agent.text -> a.text'],
      'writer',
    );
    writeFileSync(path.join(dir, 'writer.flow.json'), serializeFlow(flow));
  });
  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    rmSync(target(), { force: true });
    server.reset();
    server.on(
      'POST',
      '/v1/chat/completions',
      callToolThenAnswer('write_file', { path: target(), content: 'from the agent' }, (result) => [
        /declined|nobody was there|Successfully/.exec(result)?.[0] ?? '?',
      ]),
    );
  });

  it('refuses without a terminal and without --yes, and the run goes on', async () => {
    const r = await runAsync(process.execPath, [cli, 'run', 'writer.flow.json', '--input', 'q=write it'], { cwd: dir });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(existsSync(target()), false);
    assert.equal(r.stdout.trim(), 'nobody was there');
  });

  it('allows the call with --yes and says so on stderr', async () => {
    const r = await runAsync(process.execPath, [cli, 'run', 'writer.flow.json', '--yes', '--input', 'q=write it'], { cwd: dir });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(readFileSync(target(), 'utf8'), 'from the agent');
    assert.match(r.stderr, /allowed by --yes: node 'agent' wants to call files\/write_file/);
    assert.equal(r.stdout.trim(), 'Successfully');
  });

  for (const [answer, isWritten] of [
    ['n', false],
    ['y', true],
  ] as const) {
    it(`asks on a terminal and ${isWritten ? 'calls the tool on y' : 'refuses on n'}`, async () => {
      const command = [process.execPath, cli, 'run', 'writer.flow.json', '--input', 'q=write it'].map((a) => `'${a}'`).join(' ');
      // `script` gives the CLI a real pty, so stdin.isTTY is true as in a user's terminal.
      const r = await runAsync('script', ['-qfec', command, '/dev/null'], {
        cwd: dir,
        reply: { when: /Allow it\? \[y\/N\]/, type: `${answer}\r` },
      });
      assert.equal(r.status, 0, r.stdout + r.stderr);
      assert.match(r.stdout, /node 'agent' wants to call files\/write_file with \{"path":/);
      assert.match(r.stdout, /MCP server 'files' marks 'write_file' as destructive\. Allow it\? \[y\/N\]/);
      assert.equal(existsSync(target()), isWritten);
      assert.match(r.stdout, isWritten ? /Successfully/ : /declined/);
    });
  }
});
