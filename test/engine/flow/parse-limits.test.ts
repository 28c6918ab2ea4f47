import assert from 'node:assert/strict';
import { FlowError, parseFlow } from '../../../src/engine';
import { MAX_FLOW_NODES, MAX_FLOW_TEXT_LENGTH, MAX_NESTING_DEPTH, findExcessiveNesting } from '../../../src/engine/flow/limits';
import { LineTable } from '../../../src/engine/flow/source';

const flowText = (extra: string, nodes = '[]') => `{\n  "version": 1,\n  "name": "t",\n  "nodes": ${nodes},\n  "edges": []${extra}\n}\n`;

function parseError(text: string): FlowError {
  try {
    parseFlow(text, 'hostile.flow.json');
  } catch (error) {
    if (error instanceof FlowError) return error;
    throw error;
  }
  assert.fail('parseFlow accepted the text');
}

describe('parseFlow limits', () => {
  it('refuses 100,000 levels of nesting with a placed problem instead of a RangeError', () => {
    const depth = 100_000;
    const error = parseError(flowText(`,\n  "deep": ${'['.repeat(depth)}${']'.repeat(depth)}`));
    assert.equal(error.code, 'limit');
    assert.match(error.message, new RegExp(`^hostile\\.flow\\.json:6:\\d+: objects and arrays nest more than ${MAX_NESTING_DEPTH} levels`));
    // The column points at the first bracket past the limit: "deep" opens at depth 2 (flow object is 1).
    assert.equal(error.column, '  "deep": '.length + MAX_NESTING_DEPTH - 1 + 1);
  });

  it('refuses deep nesting even in text that is not valid JSON', () => {
    const error = parseError(`{"a": ${'{"b": '.repeat(5000)}`);
    assert.equal(error.code, 'limit');
    assert.equal(error.line, 1);
  });

  it('accepts nesting up to the limit, and brackets inside strings do not count', () => {
    const inner = MAX_NESTING_DEPTH - 4; // flow, nodes, node, params
    const value = `${'['.repeat(inner)}${']'.repeat(inner)}`;
    const nodes =
      '[{ "id": "j", "type": "input.json", "position": { "x": 0, "y": 0 }, ' +
      `"params": { "name": "j", "default": ${value}, "description": "${'[{'.repeat(500)}" } }]`;
    const flow = parseFlow(flowText('', nodes));
    assert.equal(flow.nodes.length, 1);
    assert.equal(findExcessiveNesting(`"${'['.repeat(1000)}\\"${'{'.repeat(1000)}"`), undefined);
  });

  it('refuses text longer than the limit before parsing it', () => {
    const error = parseError(`${flowText('')}${' '.repeat(MAX_FLOW_TEXT_LENGTH)}`);
    assert.equal(error.code, 'limit');
    assert.match(error.message, /^hostile\.flow\.json:1:1: the file is 10\.0 MB long; flow files may be at most 10 MB/);
  });

  it('refuses more nodes than the limit, naming the count and where the list is', () => {
    const nodes = Array.from({ length: MAX_FLOW_NODES + 1 }, (_, i) => `{"id":"n${i}","type":"input.text","position":{"x":0,"y":0}}`);
    const error = parseError(flowText('', `[${nodes.join(',')}]`));
    assert.equal(error.code, 'limit');
    assert.match(error.message, /:4:3: the flow has 10,001 nodes; a flow may have at most 10,000/);
  });

  it('refuses a __proto__ key wherever it is, at its line and column', () => {
    const nodes = `[\n    { "id": "a", "type": "input.text", "position": { "x": 0, "y": 0 },\n      "params": { "__proto__": { "name": "x" } } }\n  ]`;
    const error = parseError(flowText('', nodes));
    assert.equal(error.line, 6);
    assert.equal(error.column, '      "params": { '.length + 1);
    assert.match(error.message, /'__proto__' is not allowed/);
    // Spelt with an escape it is the same key.
    assert.match(parseError(flowText(',\n  "\\u005f_proto__": {}')).message, /'__proto__' is not allowed/);
  });

  it('lists at most 100 syntax or schema problems and sums up the rest', () => {
    const nodes = Array.from({ length: 500 }, (_, i) => `{"id":"n${i}","type":"input.text"}`);
    const error = parseError(flowText('', `[${nodes.join(',')}]`));
    assert.equal(error.code, 'schema');
    assert.equal(error.problems.length, 101);
    assert.match(error.problems[100]!.message, /^…and 400 more schema problems$/);
  });
});

describe('LineTable', () => {
  it('places offsets exactly as a scan from the start would', () => {
    const text = 'ab\ncde\n\nf\r\ng';
    const table = new LineTable(text);
    for (let offset = 0; offset <= text.length; offset++) {
      const before = text.slice(0, offset);
      const line = before.split('\n').length;
      const column = offset - (before.lastIndexOf('\n') + 1) + 1;
      assert.deepEqual(table.positionAt(offset), { line, column, offset, length: 0 }, `offset ${offset}`);
    }
  });
});
