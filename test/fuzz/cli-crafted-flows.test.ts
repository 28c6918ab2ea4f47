// The crafted files that once crashed or hung the CLI: each now ends within seconds with exit 2 and a
// file:line:col message, never a stack trace.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { buildCli, repoRoot } from '../helpers/build-cli';

const DEADLINE_MS = 10_000;

const node = (id: string, type: string, params: Record<string, unknown> = {}) => ({ id, type, position: { x: 0, y: 0 }, params });
const edge = (id: string, source: string, sourceHandle: string, target: string, targetHandle: string) => ({
  id,
  source,
  sourceHandle,
  target,
  targetHandle,
});
const flowText = (name: string, nodes: unknown[], edges: unknown[] = []) => JSON.stringify({ version: 1, name, nodes, edges }, null, 2);

const crafted: Record<string, () => string> = {
  'deep.flow.json': () => `{"version":1,"name":"deep","nodes":[],"edges":[],"x":${'['.repeat(10_000)}${']'.repeat(10_000)}}`,
  'back-edges.flow.json': () => {
    const nodes = Array.from({ length: 2_000 }, (_, i) => node(`n${i}`, 'util.delay', { ms: 0 }));
    const edges = nodes.slice(1).map((_, i) => edge(`f${i}`, `n${i}`, 'value', `n${i + 1}`, 'value'));
    for (let i = 0; i < 20_000; i++) {
      const from = 1 + ((i * 7919) % 1_999);
      edges.push(edge(`b${i}`, `n${from}`, 'value', `n${from - 1 - (i % Math.min(from, 50))}`, 'value'));
    }
    return flowText('back-edges', nodes, edges);
  },
  'unknown-types.flow.json': () =>
    JSON.stringify({
      version: 1,
      name: 'unknown',
      nodes: Array.from({ length: 50_000 }, (_, i) => node(`n${i}`, `no.such.type${i}`)),
      edges: [],
    }),
  'many-unknown-types.flow.json': () =>
    flowText(
      'unknown',
      Array.from({ length: 3_000 }, (_, i) => node(`n${i}`, `no.such.type${i}`)),
    ),
  'duplicate-ids.flow.json': () =>
    flowText(
      'dup',
      Array.from({ length: 3_000 }, () => node('same', 'util.delay')),
    ),
  'backreference.flow.json': () =>
    flowText(
      'backreference',
      [node('in', 'input.text', { name: 'text' }), node('check', 'logic.if', { operator: 'matches', value: '^(a+)+\\1$' })],
      [edge('e1', 'in', 'text', 'check', 'value')],
    ),
  'mcp-tools-unconfigured.flow.json': () => flowText('tools', [node('tools', 'mcp.tools', { server: 'nowhere' })]),
  'oversize.flow.json': () => `${flowText('big', [])}${' '.repeat(11 * 1024 * 1024)}`,
  'redos.flow.json': () =>
    flowText(
      'redos',
      [
        node('in', 'input.text', { name: 'text', required: true }),
        node('check', 'logic.if', { operator: 'matches', value: '^(a+)+$' }),
        node('no', 'output.text', { name: 'no' }),
      ],
      [edge('e1', 'in', 'text', 'check', 'value'), edge('e2', 'check', 'false', 'no', 'text')],
    ),
};

describe('the CLI on crafted hostile flow files', function () {
  this.timeout(120_000);
  let dir: string;
  let cli: string;

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'flowstudio-crafted-'));
    cli = await buildCli(dir);
    for (const [name, make] of Object.entries(crafted)) writeFileSync(path.join(dir, name), make());
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  function cliRun(...args: string[]) {
    const started = Date.now();
    const r = spawnSync(process.execPath, [cli, ...args], { cwd: dir, encoding: 'utf8', timeout: 60_000, maxBuffer: 64 * 1024 * 1024 });
    const output = `${r.stdout}${r.stderr}`;
    assert.ok(Date.now() - started < DEADLINE_MS, `${args.join(' ')} took ${Date.now() - started} ms`);
    assert.doesNotMatch(output, /\n\s+at .+:\d+:\d+\)?\n/, `stack trace in: ${output.slice(0, 2000)}`);
    assert.doesNotMatch(output, /RangeError|TypeError/);
    return { status: r.status, output };
  }

  const expectations: [file: string, message: RegExp][] = [
    ['deep.flow.json', /^deep\.flow\.json:1:\d+: objects and arrays nest more than 64 levels/m],
    ['back-edges.flow.json', /^back-edges\.flow\.json:\d+:\d+: error: cycle: 'n0' → 'n1' → 'n0'; flows must not loop back$/m],
    ['unknown-types.flow.json', /^unknown-types\.flow\.json:\d+:\d+: the flow has 50,000 nodes; a flow may have at most 10,000/m],
    [
      'many-unknown-types.flow.json',
      /^many-unknown-types\.flow\.json:\d+:\d+: error: …and 2,900 more problems of this kind \(unknown-type\)/m,
    ],
    ['duplicate-ids.flow.json', /^duplicate-ids\.flow\.json:\d+:\d+: error: …and 2,899 more problems of this kind \(duplicate-id\)/m],
    [
      'backreference.flow.json',
      /^backreference\.flow\.json:\d+:\d+: error: node 'check' \(logic\.if\): params\.value: not a supported regular expression: backreferences/m,
    ],
    [
      'mcp-tools-unconfigured.flow.json',
      /^mcp-tools-unconfigured\.flow\.json:\d+:\d+: error: node 'tools' \(mcp\.tools\): MCP server 'nowhere' is not configured/m,
    ],
    ['oversize.flow.json', /^oversize\.flow\.json:1:1: the file is 11\.0 MB long; flow files may be at most 10 MB/m],
  ];

  for (const [file, message] of expectations) {
    it(`validate ${file} exits 2 with a placed message`, () => {
      const r = cliRun('validate', file);
      assert.equal(r.status, 2, r.output.slice(0, 2000));
      assert.match(r.output, message);
    });
  }

  for (const file of ['deep.flow.json', 'backreference.flow.json', 'oversize.flow.json']) {
    it(`run ${file} exits 2 with a placed message`, () => {
      const r = cliRun('run', file, '--input', 'text=a');
      assert.equal(r.status, 2, r.output.slice(0, 2000));
      assert.match(r.output, new RegExp(`^(flowstudio: )?${file.replace(/\./g, '\\.')}:\\d+:\\d+: `, 'm'));
    });
  }

  it('runs a catastrophic-backtracking pattern on a hostile input within seconds', () => {
    const r = cliRun('run', 'redos.flow.json', '--input', `text=${'a'.repeat(50)}b`);
    assert.equal(r.status, 0, r.output);
    assert.equal(r.output, `${'a'.repeat(50)}b\n`);
  });

  it('does not let --inputs-json {"__proto__": ...} stand in for a required input', () => {
    const r = cliRun('run', path.join(repoRoot, 'examples', 'greet.flow.json'), '--inputs-json', '{"__proto__":{"person":"x"}}');
    assert.equal(r.status, 2, r.output);
    assert.match(r.output, /input '__proto__': this flow has no such input/);
  });
});
