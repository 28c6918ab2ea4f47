// Canvas edits on a 1,000-node / 1,500-edge flow change exactly the lines they mean to, and nothing
// is lost or rewritten that the user did not touch. (Their speed is measured in bench/engine/edits.mjs.)
import assert from 'node:assert/strict';
import { applyFlowEdits, FlowEditError } from '../../../src/engine/flow/flow-edit';
import { parseFlow } from '../../../src/engine/flow/parse';
import { serializeFlow } from '../../../src/engine/flow/serialize';
import { largeFlowText } from './large-flow';

function changedLines(before: string, after: string): { removed: string[]; added: string[] } {
  const a = before.split('\n');
  const b = after.split('\n');
  assert.equal(a.length, b.length, 'the line count changed');
  return { removed: a.filter((line, i) => b[i] !== line), added: b.filter((line, i) => a[i] !== line) };
}

describe('canvas edits on a 1,000-node flow', () => {
  const text = largeFlowText();

  it('moves one node by changing exactly its two position lines', () => {
    const { text: after, replacement } = applyFlowEdits(text, [{ type: 'moveNodes', nodes: [{ id: 'n500', x: 12345, y: -678 }] }]);
    const diff = changedLines(text, after);
    assert.deepEqual(diff.added, ['        "x": 12345,', '        "y": -678']);
    assert.ok(replacement);
    assert.equal(text.slice(0, replacement.offset) + replacement.content + text.slice(replacement.offset + replacement.length), after);
    assert.ok(replacement.length < 40, `the replacement spans ${replacement.length} characters`);
    assert.deepEqual(parseFlow(after).nodes[500]?.position, { x: 12345, y: -678 });
  });

  it('moves all 1,000 nodes by changing exactly 2,000 lines', () => {
    const moves = Array.from({ length: 1000 }, (_, i) => ({ id: `n${i}`, x: i * 3 + 1, y: -i - 1 }));
    const { text: after } = applyFlowEdits(text, [{ type: 'moveNodes', nodes: moves }]);
    const diff = changedLines(text, after);
    assert.equal(diff.added.length, 2000);
    assert.ok(
      diff.added.every((line) => /^ {8}"[xy]": -?\d+,?$/.test(line)),
      'only x and y lines changed',
    );
    const flow = parseFlow(after);
    assert.deepEqual(
      flow.nodes.map((n) => n.position),
      moves.map(({ x, y }) => ({ x, y })),
    );
    assert.equal(serializeFlow(flow), after, 'the result is still in the saved form');
  });

  it('sets a param by changing exactly its line', () => {
    const { text: after } = applyFlowEdits(text, [{ type: 'setParam', nodeId: 'n999', name: 'template', value: 'Hi "{{a}}"' }]);
    assert.deepEqual(changedLines(text, after).added, ['        "template": "Hi \\"{{a}}\\""']);
  });

  it('keeps unknown fields at every level through a batch of edits', () => {
    const flow = JSON.parse(text) as { nodes: Record<string, unknown>[]; [key: string]: unknown };
    flow['x-owner'] = { team: 'a' };
    flow.nodes[3] = { ...flow.nodes[3], 'x-color': 'red' };
    const withExtras = serializeFlow(flow as never);
    const { text: after } = applyFlowEdits(withExtras, [
      { type: 'moveNodes', nodes: [{ id: 'n3', x: 1, y: 2 }] },
      { type: 'setParam', nodeId: 'n3', name: 'template', value: 'x' },
      { type: 'setLabel', nodeId: 'n3', label: 'three' },
    ]);
    const edited = JSON.parse(after) as typeof flow;
    assert.deepEqual(edited['x-owner'], { team: 'a' });
    assert.equal(edited.nodes[3]?.['x-color'], 'red');
    assert.equal(edited.nodes[3]?.label, 'three');
    assert.equal(serializeFlow(edited as never), after);
  });

  it('changes only the numbers in a file written on one line', () => {
    const compact = JSON.stringify(JSON.parse(text));
    const { replacement } = applyFlowEdits(compact, [{ type: 'moveNodes', nodes: [{ id: 'n7', x: 5, y: 6 }] }]);
    assert.ok(replacement && replacement.length <= 12, JSON.stringify(replacement));
  });

  it('never rewrites a file from a newer FlowStudio or one that is not valid JSON', () => {
    const newer = text.replace('"version": 1', '"version": 2');
    assert.throws(
      () => applyFlowEdits(newer, [{ type: 'moveNodes', nodes: [{ id: 'n1', x: 0, y: 0 }] }]),
      (e: unknown) => e instanceof FlowEditError && /newer FlowStudio/.test(e.message),
    );
    for (const broken of [
      text.slice(0, -3),
      text.replace('"n2"', '"n2",'),
      `${text}x`,
      text.replace('"x": 280', '"x": 0280'),
      '{"nodes": [{"id": "a\u0001"}]}',
    ]) {
      assert.throws(
        () => applyFlowEdits(broken, [{ type: 'setFlowInfo', name: 'x' }]),
        (e: unknown) => e instanceof FlowEditError && /not a valid JSON object/.test(e.message),
      );
    }
  });
});
