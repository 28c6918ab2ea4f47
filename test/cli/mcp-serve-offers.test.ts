// `flowstudio mcp serve` of examples/conformance/, read by an independent client: its prompt and
// resource flows as @modelcontextprotocol/inspector-cli sees them over stdio.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { buildCli, repoRoot } from '../helpers/build-cli';

// Its v1 build resolves its own package.json against the working directory, so it runs from its build folder.
const inspectorDir = path.join(repoRoot, 'node_modules/@modelcontextprotocol/inspector-cli/build');
const flows = path.join(repoRoot, 'examples/conformance');

function inspector(cli: string, args: string[]): unknown {
  const r = spawnSync(process.execPath, ['index.js', process.execPath, cli, 'mcp', 'serve', '--flows', flows, ...args], {
    cwd: inspectorDir,
    encoding: 'utf8',
    timeout: 60_000,
  });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

describe('flowstudio mcp serve: prompts and resources, checked by @modelcontextprotocol/inspector-cli', function () {
  // Each inspector-cli call starts two processes (several seconds each on a busy machine).
  this.timeout(120_000);
  let dir: string;
  let cli: string;

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'flowstudio-serve-offers-'));
    cli = await buildCli(dir);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('lists the prompt flows with their arguments and gets one with the arguments filled in', () => {
    const listed = inspector(cli, ['--method', 'prompts/list']) as { prompts: { name: string; arguments?: { name: string }[] }[] };
    const names = listed.prompts.map((p) => p.name).sort();
    assert.deepEqual(names, [
      'test_prompt_with_arguments',
      'test_prompt_with_embedded_resource',
      'test_prompt_with_image',
      'test_simple_prompt',
    ]);
    const withArgs = listed.prompts.find((p) => p.name === 'test_prompt_with_arguments');
    assert.deepEqual(
      withArgs?.arguments?.map((a) => a.name),
      ['arg1', 'arg2'],
    );

    const got = inspector(cli, [
      '--method',
      'prompts/get',
      '--prompt-name',
      'test_prompt_with_arguments',
      '--prompt-args',
      'arg1=sun',
      'arg2=moon',
    ]);
    assert.deepEqual((got as { messages: unknown[] }).messages, [
      { role: 'user', content: { type: 'text', text: "Prompt with arguments: arg1='sun', arg2='moon'" } },
    ]);
  });

  it('reads a resource template through its URI', () => {
    const read = inspector(cli, ['--method', 'resources/read', '--uri', 'test://template/7/data']) as { contents: unknown[] };
    assert.deepEqual(read.contents, [
      { uri: 'test://template/7/data', mimeType: 'application/json', text: '{"id":"7","templateTest":true,"data":"Data for ID: 7"}' },
    ]);
  });
});
