// The CLI over real MCP servers: run and validate find .vscode/mcp.json next to the flow.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { buildCli } from '../helpers/build-cli';
import { mcpFixtures } from '../engine/mcp/support/mcp-servers';

describe('flowstudio CLI with real MCP servers', function () {
  let dir: string;
  let cli: string;
  const cliRun = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { cwd: dir, encoding: 'utf8', timeout: 60_000 });

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'flowstudio-cli-mcp-'));
    cli = await buildCli(dir);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('runs a flow calling server-everything and prints its output', () => {
    const r = cliRun('run', path.join(mcpFixtures, 'everything-sum.flow.json'), '--input', 'a=5', '--input', 'b=6', '--json');
    assert.equal(r.status, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).outputs.answer, 'Echo: The sum of 5 and 6 is 11.');
  });

  it('validate places a bad argument and an unknown tool at file:line:col and exits 2', () => {
    const r = cliRun('validate', path.join(mcpFixtures, 'bad-arguments.flow.json'), path.join(mcpFixtures, 'unknown-tool.flow.json'));
    assert.equal(r.status, 2, r.stdout + r.stderr);
    const output = r.stdout + r.stderr;
    assert.match(output, /bad-arguments\.flow\.json:\d+:\d+: .*argument 'a' does not fit the tool's schema/);
    assert.match(output, /unknown-tool\.flow\.json:\d+:\d+: .*has no tool 'get-summ' \(did you mean 'get-sum'\?\)/);
  });

  it('run refuses a flow with a bad argument before starting it (exit 2)', () => {
    const r = cliRun('run', path.join(mcpFixtures, 'bad-arguments.flow.json'));
    assert.equal(r.status, 2, r.stdout + r.stderr);
    assert.match(r.stderr, /argument 'a' does not fit/);
  });

  it('mcp tools and mcp call talk to a configured server', () => {
    const config = path.join(mcpFixtures, '.vscode/mcp.json');
    const listed = cliRun('mcp', 'tools', 'everything', '--mcp-config', config);
    assert.equal(listed.status, 0, listed.stderr);
    assert.match(listed.stdout, /^get-sum\tReturns the sum of two numbers$/m);
    const called = cliRun('mcp', 'call', 'everything', 'get-sum', '--args', '{"a":2,"b":2}', '--mcp-config', config);
    assert.equal(called.status, 0, called.stderr);
    assert.equal(called.stdout.trim(), 'The sum of 2 and 2 is 4.');
  });
});
