// The TypeScript exporter's text: literals that mean exactly the flow's values, names that are valid,
// and a program whose code does not depend on what a flow's ids, labels and params say.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vm from 'node:vm';
import * as ts from 'typescript';
import { parseFlow, type Flow } from '../../../src/engine';
import { exporterFor, exportFlowToTypeScript } from '../../../src/engine/export';
import { commentText, identifierFor, stringLiteral, valueLiteral } from '../../../src/engine/export/ts-literal';

const repoRoot = path.resolve(__dirname, '../../..');
const readFlow = (file: string) => parseFlow(readFileSync(path.join(repoRoot, file), 'utf8'), file);

const hostileStrings = [
  'a"; process.exit(7); //',
  `x'"; process.exit(1); //`,
  `y"''"; process.exit(1); '"//`,
  "b'); require('node:fs').writeFileSync('pwned', ''); ('",
  'c`${process.exit(9)}`',
  'line\nbreak\r\nand\ttab',
  'separators\u2028process.exit(1)\u2029',
  'bidi \u202e reversed \u2066 isolate \u200b zero width \ufeff',
  'lone \ud800 surrogate and a pair 😀',
  "\\'; process.exit(13); '",
  '*/ /* // <!-- -->',
  '\u0000\u001b[31m',
];

/** Line terminators and characters that change how a line reads, none of which may appear raw in the program. */
const RAW_DANGEROUS = /[\r\u2028\u2029\u202a-\u202e\u2066-\u2069\u200b-\u200f\ufeff\u0000-\u0009\u000b-\u001f]/u;

describe('TypeScript literals from flow values', () => {
  it('writes every string as a literal that evaluates to exactly that string', () => {
    for (const text of hostileStrings) {
      const literal = stringLiteral(text);
      assert.equal(vm.runInNewContext(literal), text, literal);
      assert.doesNotMatch(literal, RAW_DANGEROUS, literal);
      assert.ok(!literal.includes('\n'), literal);
    }
  });

  it('quotes with whichever quote needs fewer escapes', () => {
    assert.equal(stringLiteral("it's"), '"it\'s"');
    assert.equal(stringLiteral('say "hi"'), '\'say "hi"\'');
  });

  it('writes nested values that evaluate equal, keeping a __proto__ key an own property', () => {
    const value = JSON.parse(
      '{"a":[1,-0,2.5e-7,1e21,true,null,"x"],"b c":{"__proto__":{"polluted":true},"constructor":"k"},"d":{"e":{"f":[[]]}},"\u2028":""}',
    ) as Record<string, unknown>;
    const evaluated = vm.runInNewContext(`(${valueLiteral(value)})`) as Record<string, unknown>;
    assert.equal(JSON.stringify(evaluated), JSON.stringify(value));
    const inner = evaluated['b c'] as Record<string, unknown>;
    assert.ok(Object.hasOwn(inner, '__proto__'), 'the __proto__ key is an own property');
    assert.equal((inner as { polluted?: boolean }).polluted, undefined, 'the prototype did not change');
    assert.ok(Object.is((evaluated.a as unknown[])[1], -0));
  });

  it('makes valid, unique identifiers from any node id, avoiding reserved words and taken names', () => {
    const taken = new Set(['flow']);
    const ids = [...hostileStrings, 'fan-out', '2nd', 'class', 'flow', 'fan_out', 'fanOut', '', 'ünïcode', 'x'.repeat(500)];
    const names = ids.map((id) => identifierFor(id, taken));
    for (const name of names) {
      assert.match(name, /^[A-Za-z_$][A-Za-z0-9_$]*$/);
      assert.ok(name.length <= 48, name);
      assert.doesNotThrow(() => new vm.Script(`const ${name} = 1;`), name);
    }
    assert.equal(new Set(names).size, names.length, 'no two nodes share a name');
    assert.equal(names[0], 'aProcessExit7');
    assert.deepEqual(names.slice(12, 18), ['fanOut', 'node2nd', 'classNode', 'flow2', 'fanOut2', 'fanOut3']);
  });

  it('keeps comment text on one visible line', () => {
    for (const text of hostileStrings) {
      const comment = commentText(text);
      assert.doesNotMatch(comment, RAW_DANGEROUS, comment);
      assert.ok(!comment.includes('\n'));
    }
    assert.equal(commentText('a'.repeat(500)).length, 160);
  });
});

describe('exportFlowToTypeScript', () => {
  it('names the source flow, its description and its options in the header', () => {
    const program = exportFlowToTypeScript(readFlow('examples/greet.flow.json'), { flowFileName: 'greet.flow.json' });
    const header = program.split('\n').filter((line) => line.startsWith('//'));
    assert.match(header[0]!, /^\/\/ greet\.ts: runs the flow 'greet' from greet\.flow\.json/);
    assert.match(program, /^\/\/ Greets a person by name\.$/m);
    assert.match(program, /^\/\/ {3}npx tsx greet\.ts --person TEXT \[--json\]$/m);
    assert.match(program, /\{ option: 'person', input: 'person', kind: 'text', required: true, help: 'Who to greet' \}/);
    assert.match(program, /^const flowFileName = 'greet\.flow\.json';$/m);
  });

  it('writes each node as a constant named after its id, and the flow from them', () => {
    const program = exportFlowToTypeScript(readFlow('examples/fan-out-fan-in.flow.json'), { flowFileName: 'fan-out-fan-in.flow.json' });
    for (const name of ['topic', 'pros', 'cons', 'wait', 'risks', 'report', 'out'])
      assert.match(program, new RegExp(`^const ${name}: FlowNode = \\{`, 'm'));
    assert.match(program, /nodes: \[topic, pros, cons, wait, risks, report, out\],/);
    assert.match(program, /params: \{ separator: '\\n' \}/);
  });

  it('gives an input named like one of the program options an option of its own', () => {
    const flow: Flow = {
      version: 1,
      name: 'clash',
      nodes: [
        { id: 'a', type: 'input.text', position: { x: 0, y: 0 }, params: { name: 'json' } },
        { id: 'b', type: 'input.number', position: { x: 0, y: 0 }, params: { name: 'help' } },
        { id: 'c', type: 'input.json', position: { x: 0, y: 0 }, params: { name: 'data' } },
      ],
      edges: [],
    };
    const program = exportFlowToTypeScript(flow, { flowFileName: 'clash.flow.json' });
    assert.match(program, /\{ option: 'input-json', input: 'json', kind: 'text'/);
    assert.match(program, /\{ option: 'input-help', input: 'help', kind: 'number'/);
    assert.match(program, /\{ option: 'data', input: 'data', kind: 'json'/);
  });

  it('names its exporters by own keys only', () => {
    assert.equal(exporterFor('ts')?.extension, '.ts');
    for (const inherited of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) assert.equal(exporterFor(inherited), undefined);
  });

  it('adds the MCP servers only for a flow that uses them', () => {
    const withMcp = exportFlowToTypeScript(readFlow('examples/mcp-sum.flow.json'), { flowFileName: 'mcp-sum.flow.json' });
    assert.match(withMcp, /^const mcpServers: string\[\] = \['everything'\];$/m);
    assert.match(withMcp, /--mcp-config/);
    const withoutMcp = exportFlowToTypeScript(readFlow('examples/greet.flow.json'), { flowFileName: 'greet.flow.json' });
    assert.doesNotMatch(withoutMcp, /McpConnectionPool|mcp-config/);
  });

  it("writes a hostile flow's program with the same code as a plain one: ids, labels and params stay data", () => {
    const hostile = readFlow('test/fixtures/export/hostile.flow.json');
    const plain = renameStrings(hostile);
    const hostileProgram = exportFlowToTypeScript(hostile, { flowFileName: "x'.flow.json\nprocess.exit(1)" });
    const plainProgram = exportFlowToTypeScript(plain, { flowFileName: 'plain.flow.json' });

    assert.deepEqual(syntaxErrors(hostileProgram), []);
    assert.doesNotMatch(hostileProgram, RAW_DANGEROUS);
    assert.deepEqual(codeShape(hostileProgram), codeShape(plainProgram));
    const calls = codeShape(hostileProgram).filter((entry) => entry.startsWith('call '));
    assert.ok(!calls.some((call) => /exit|writeFileSync|require/.test(call)), calls.join('\n'));
  });
});

/** The flow with every string replaced by a plain one (the same string always by the same replacement). */
function renameStrings(flow: Flow): Flow {
  const names = new Map<string, string>();
  const rename = (value: unknown): unknown => {
    if (typeof value === 'string') {
      if (/^(input|output|text)\.[a-z]+$|^(text|name|json)$/.test(value)) return value;
      if (!names.has(value)) names.set(value, `s${names.size}`);
      return names.get(value);
    }
    if (Array.isArray(value)) return value.map(rename);
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rename(v)]));
    return value;
  };
  return rename(flow) as Flow;
}

function syntaxErrors(program: string): string[] {
  const out = ts.transpileModule(program, { reportDiagnostics: true, compilerOptions: { module: ts.ModuleKind.NodeNext } });
  return (out.diagnostics ?? []).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

/** Every syntax node's kind, with the callee of each call: what the program does, not what its strings say. */
function codeShape(program: string): string[] {
  const source = ts.createSourceFile('program.ts', program, ts.ScriptTarget.ES2022, true);
  const shape: string[] = [];
  const visit = (node: ts.Node) => {
    shape.push(ts.SyntaxKind[node.kind]);
    if (ts.isCallExpression(node)) shape.push(`call ${node.expression.getText(source)}`);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return shape;
}
