// `flowstudio run` of a flow whose model is the MCP caller's (provider mcp-client): there is no caller
// on the command line, so the run stops at validation with the node and the reason, before any node runs.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { buildCli, repoRoot } from '../helpers/build-cli';

describe('flowstudio run: provider mcp-client', function () {
  this.timeout(60_000);
  let dir: string;
  let cli: string;

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'flowstudio-mcp-client-cli-'));
    cli = await buildCli(dir);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses the flow at validation, exit 2, naming the node and how to use it instead', () => {
    const file = path.join(repoRoot, 'examples/conformance/sampling.flow.json');
    const r = spawnSync(process.execPath, [cli, 'run', file, '--input', 'prompt=hi', '--json'], { encoding: 'utf8', timeout: 30_000 });
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /sampling\.flow\.json:\d+:\d+: error: node 'model': provider 'mcp-client'/);
    assert.match(r.stderr, /only available when the flow is served with `flowstudio mcp serve` or run in the editor/);
    assert.equal(r.stdout, '');
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  });

  it('still lets `flowstudio validate` pass the same flow, which is valid to serve', () => {
    const file = path.join(repoRoot, 'examples/conformance/sampling.flow.json');
    const r = spawnSync(process.execPath, [cli, 'validate', file], { encoding: 'utf8', timeout: 30_000 });
    assert.equal(r.status, 0, r.stdout + r.stderr);
  });
});
