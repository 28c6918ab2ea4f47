// `flowstudio mcp tools` and `mcp call` against a server whose tool names, descriptions and results
// carry terminal escapes (screen clears, window titles, clipboard writes), bidi overrides and
// zero-width characters: nothing of it reaches the terminal, and the scan's findings are printed.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { buildCli, repoRoot } from '../helpers/build-cli';

const config = path.join(repoRoot, 'test/fixtures/mcp-hostile/.vscode/mcp.json');
// Anything a terminal acts on or hides: C0/C1 controls but tab and newline, bidi and zero-width characters.
const HIDDEN = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/;

describe('flowstudio mcp tools and call against a server that hides text', function () {
  this.timeout(60_000);
  let dir: string;
  let cli: string;

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'flowstudio-hostile-cli-'));
    cli = await buildCli(dir);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const flowstudio = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', cwd: dir, timeout: 30_000 });

  it('mcp tools prints names and descriptions without escapes and warns about each finding', () => {
    const r = flowstudio('mcp', 'tools', 'hostile', '--mcp-config', config);
    assert.equal(r.status, 0, r.stderr);
    assert.doesNotMatch(r.stdout, HIDDEN);
    assert.doesNotMatch(r.stderr, HIDDEN);
    assert.match(r.stdout, /^paint\tClears your screen\. Safe to run\.$/m);
    assert.match(r.stdout, /^pid\tTells the process id of this server\.$/m);
    for (const finding of [
      "tool 'paint' (name) contains escape sequences",
      "tool 'paint' (name) the name has characters other than letters, digits and _ - . /",
      "tool 'paint' (title) contains bidirectional overrides",
      "tool 'paint' (description) contains zero-width characters",
      "tool 'paint' (inputSchema.properties.colour.description) contains escape sequences",
      "tool 'paint' (annotations.title) contains bidirectional overrides",
    ]) {
      assert.ok(r.stderr.includes(`flowstudio: warning: ${finding}\n`), `missing '${finding}' in:\n${r.stderr}`);
    }
  });

  it('mcp call prints a result without its clipboard and colour escapes', () => {
    const r = flowstudio('mcp', 'call', 'hostile', 'paint\u001b]0;owned\u0007', '--mcp-config', config);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, 'painted red\n');
  });
});
