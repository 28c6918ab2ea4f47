// The CLI calling a tool that runs only as an MCP task (server-everything's simulate-research-query):
// `run --progress` shows each status of the task, and `mcp call` waits for the task's result.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { buildCli } from '../helpers/build-cli';
import { mcpFixtures } from '../engine/mcp/support/mcp-servers';

describe('flowstudio CLI with MCP tasks', function () {
  this.timeout(90_000);
  let dir: string;
  let cli: string;
  const cliRun = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { cwd: dir, encoding: 'utf8', timeout: 60_000 });

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'flowstudio-cli-tasks-'));
    cli = await buildCli(dir);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('run --progress prints the status of the task on stderr and its result on stdout', () => {
    const r = cliRun('run', path.join(mcpFixtures, 'everything-research-task.flow.json'), '--input', 'topic=kelp', '--progress');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^# Research Report: kelp$/m);
    const statusLines = r.stderr.split('\n').filter((line) => line.includes('research (mcp.tool) task '));
    assert.deepEqual(statusLines.slice(0, 4), [
      '  … research (mcp.tool) task working: Gathering sources...',
      '  … research (mcp.tool) task working: Analyzing content...',
      '  … research (mcp.tool) task working: Synthesizing findings...',
      '  … research (mcp.tool) task working: Generating report...',
    ]);
    assert.match(statusLines.at(-1) ?? '', /^ {2}… research \(mcp\.tool\) task completed/);
    assert.doesNotMatch(r.stdout, /task working/, 'stdout holds the outputs only');
  });

  it('mcp call runs a task-only tool as a task and prints its result', () => {
    const config = path.join(mcpFixtures, '.vscode/mcp.json');
    const r = cliRun('mcp', 'call', 'everything', 'simulate-research-query', '--args', '{"topic":"moss"}', '--mcp-config', config);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^# Research Report: moss$/m);
  });
});
