// validate reads MCP config but runs none of it; --connect and run start servers, and on a terminal
// say which command starts and which config file named it. The server is a marker: starting it
// creates a file, then it serves server-everything, so "did anything run" is a file on disk.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { buildCli, repoRoot } from '../helpers/build-cli';

const everything = path.join(repoRoot, 'node_modules/@modelcontextprotocol/server-everything/dist/index.js');

function sumFlow(server: string, a: unknown): string {
  return JSON.stringify({
    version: 1,
    name: 'sum',
    nodes: [
      { id: 'sum', type: 'mcp.tool', position: { x: 0, y: 0 }, params: { server, tool: 'get-sum', arguments: { a, b: 2 } } },
      { id: 'out', type: 'output.text', position: { x: 200, y: 0 }, params: { name: 'answer' } },
    ],
    edges: [{ id: 'e1', source: 'sum', sourceHandle: 'text', target: 'out', targetHandle: 'text' }],
  });
}

describe('flowstudio validate starts no MCP server', function () {
  this.timeout(90_000);
  let dir: string;
  let cli: string;
  let marker: string;
  const cliRun = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { cwd: dir, encoding: 'utf8', timeout: 60_000 });

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'flowstudio-validate-consent-'));
    cli = await buildCli(path.join(dir, 'build'));
    marker = path.join(dir, 'ran-by-flowstudio');
    mkdirSync(path.join(dir, 'ws', '.vscode'), { recursive: true });
    const servers = {
      marked: {
        command: 'sh',
        args: ['-c', `touch '${marker}'; exec node '${everything}' stdio`],
        env: { MARKER_TOKEN: 'not-shown-value' },
      },
    };
    writeFileSync(path.join(dir, 'ws', '.vscode', 'mcp.json'), JSON.stringify({ servers }));
    writeFileSync(path.join(dir, 'ws', 'good.flow.json'), sumFlow('marked', 1));
    writeFileSync(path.join(dir, 'ws', 'bad-argument.flow.json'), sumFlow('marked', 'one'));
    writeFileSync(path.join(dir, 'ws', 'unknown-server.flow.json'), sumFlow('markd', 1));
  });
  beforeEach(() => rmSync(marker, { force: true }));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('checks a flow using a configured server without running its command, and says its tools were not checked', () => {
    const r = cliRun('validate', path.join(dir, 'ws', 'good.flow.json'), path.join(dir, 'ws', 'bad-argument.flow.json'));
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.equal(existsSync(marker), false, 'validate ran the server command');
    const info = r.stderr.split('\n').filter((line) => /MCP tools were not checked/.test(line));
    assert.equal(info.length, 1, r.stderr);
    assert.match(info[0]!, /'marked'.*--connect/);
  });

  it('still reports a server the config does not define, without running anything', () => {
    const r = cliRun('validate', path.join(dir, 'ws', 'unknown-server.flow.json'));
    assert.equal(r.status, 2, r.stdout + r.stderr);
    assert.match(r.stdout, /unknown-server\.flow\.json:\d+:\d+: error: .*MCP server 'markd' is not configured \(did you mean 'marked'\?\)/);
    assert.equal(existsSync(marker), false);
  });

  it('starts the server with --connect and checks fixed arguments against its tool schema', () => {
    const r = cliRun('validate', '--connect', path.join(dir, 'ws', 'bad-argument.flow.json'));
    assert.equal(existsSync(marker), true, 'validate --connect did not start the server');
    assert.equal(r.status, 2, r.stdout + r.stderr);
    assert.match(r.stdout, /bad-argument\.flow\.json:\d+:\d+: error: .*argument 'a' does not fit the tool's schema/);
    assert.doesNotMatch(r.stderr, /were not checked/);
  });

  it('run prints each server command as it starts on a terminal, naming the config file, never env values', () => {
    const config = path.join(dir, 'ws', '.vscode', 'mcp.json');
    const command = [process.execPath, cli, 'run', path.join(dir, 'ws', 'good.flow.json')].map((w) => `'${w}'`).join(' ');
    // script(1) gives the CLI a terminal, as a user's shell would.
    const r = spawnSync('script', ['-qec', command, '/dev/null'], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
    assert.equal(r.status, 0, r.stdout);
    assert.equal(existsSync(marker), true);
    assert.ok(r.stdout.includes(`starting MCP server 'marked': sh -c`), r.stdout);
    assert.ok(r.stdout.includes(`with env MARKER_TOKEN (from ${config})`), r.stdout);
    assert.doesNotMatch(r.stdout, /not-shown-value/);
    assert.match(r.stdout, /The sum of 1 and 2 is 3/);
  });

  it('run names the --mcp-config file when that is where the server came from', () => {
    const other = path.join(dir, 'other-mcp.json');
    writeFileSync(
      other,
      JSON.stringify({ mcpServers: { marked: { command: 'sh', args: ['-c', `touch '${marker}'; exec node '${everything}' stdio`] } } }),
    );
    const command = [process.execPath, cli, 'run', '--mcp-config', other, path.join(dir, 'ws', 'good.flow.json')]
      .map((w) => `'${w}'`)
      .join(' ');
    const r = spawnSync('script', ['-qec', command, '/dev/null'], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
    assert.equal(r.status, 0, r.stdout);
    assert.ok(r.stdout.includes(`(from ${other})`), r.stdout);
  });

  it('run without a terminal starts the server without printing its command', () => {
    const r = cliRun('run', path.join(dir, 'ws', 'good.flow.json'));
    assert.equal(r.status, 0, r.stderr);
    assert.equal(existsSync(marker), true);
    assert.doesNotMatch(r.stderr, /starting MCP server/);
    assert.equal(r.stdout.trim(), 'The sum of 1 and 2 is 3.');
  });
});
