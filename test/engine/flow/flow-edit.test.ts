import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { applyFlowEdits, FlowEditError, flowEditSchema, smallestReplacement } from '../../../src/engine/flow/flow-edit';
import { parseFlow } from '../../../src/engine/flow/parse';
import { serializeFlow } from '../../../src/engine/flow/serialize';

const greet = readFileSync('examples/greet.flow.json', 'utf8');

function changedLines(before: string, after: string): { removed: string[]; added: string[] } {
  const a = before.split('\n');
  const b = after.split('\n');
  return { removed: a.filter((line, i) => b[i] !== line), added: b.filter((line, i) => a[i] !== line) };
}

describe('flow edits applied to the file text', () => {
  it('moves a node by changing only its x and y lines', () => {
    const { text, replacement } = applyFlowEdits(greet, [{ type: 'moveNodes', nodes: [{ id: 'tpl', x: 300, y: 40 }] }]);
    const diff = changedLines(greet, text);
    assert.equal(diff.added.length, 2, diff.added.join('\n'));
    assert.match(diff.added.join('\n'), /300/);
    assert.match(diff.added.join('\n'), /40/);
    assert.deepEqual(parseFlow(text).nodes.find((n) => n.id === 'tpl')?.position, { x: 300, y: 40 });
    assert.ok(replacement && replacement.length < 20, 'the replacement covers only the changed numbers');
  });

  it('sets, replaces and removes a param, creating params when the node has none', () => {
    const base = serializeFlow({ version: 1, name: 'p', nodes: [{ id: 'a', type: 'util.delay', position: { x: 0, y: 0 } }], edges: [] });
    const set = applyFlowEdits(base, [{ type: 'setParam', nodeId: 'a', name: 'ms', value: 5 }]).text;
    assert.deepEqual(parseFlow(set).nodes[0]?.params, { ms: 5 });
    const replaced = applyFlowEdits(set, [{ type: 'setParam', nodeId: 'a', name: 'ms', value: 7 }]).text;
    assert.deepEqual(parseFlow(replaced).nodes[0]?.params, { ms: 7 });
    const removed = applyFlowEdits(replaced, [{ type: 'setParam', nodeId: 'a', name: 'ms' }]).text;
    assert.deepEqual(parseFlow(removed).nodes[0]?.params, {});
  });

  it('appends nodes and edges in the saved key order, so a re-save is byte-identical', () => {
    const { text } = applyFlowEdits(greet, [
      {
        type: 'addNodes',
        nodes: [{ params: { ms: 1 }, position: { y: 5, x: 600 }, type: 'util.delay', id: 'wait' }],
        edges: [{ targetHandle: 'value', target: 'wait', sourceHandle: 'text', source: 'tpl', id: 'e9' }],
      },
    ]);
    const flow = parseFlow(text);
    assert.equal(flow.nodes.at(-1)?.id, 'wait');
    assert.equal(flow.edges.at(-1)?.id, 'e9');
    assert.equal(serializeFlow(parseFlow(text)), text);
  });

  it('removes a node together with every edge that touches it, keeping unknown fields', () => {
    const withExtra = greet.replace('"version": 1,', '"version": 1,\n  "x-owner": "team-a",');
    const { text } = applyFlowEdits(withExtra, [{ type: 'remove', nodeIds: ['tpl'], edgeIds: [], noteIds: [] }]);
    const flow = parseFlow(text);
    assert.deepEqual(
      flow.nodes.map((n) => n.id),
      ['who', 'out'],
    );
    assert.deepEqual(flow.edges, []);
    assert.equal((flow as Record<string, unknown>)['x-owner'], 'team-a');
  });

  it('adds a note to a flow that has none, then edits its text', () => {
    const added = applyFlowEdits(greet, [{ type: 'addNote', note: { id: 'n1', position: { x: 1, y: 2 }, text: 'hi' } }]).text;
    const edited = applyFlowEdits(added, [{ type: 'setNoteText', noteId: 'n1', text: 'hello' }]).text;
    assert.deepEqual(parseFlow(edited).notes, [{ id: 'n1', position: { x: 1, y: 2 }, text: 'hello' }]);
  });

  it('refuses an edit that names a missing node or a duplicate id, naming it', () => {
    assert.throws(
      () => applyFlowEdits(greet, [{ type: 'moveNodes', nodes: [{ id: 'ghost', x: 0, y: 0 }] }]),
      (e: unknown) => e instanceof FlowEditError && /"ghost"/.test(e.message),
    );
    assert.throws(
      () =>
        applyFlowEdits(greet, [
          { type: 'addEdge', edge: { id: 'e1', source: 'who', sourceHandle: 'text', target: 'out', targetHandle: 'text' } },
        ]),
      /an edge with id "e1" already exists/,
    );
    assert.throws(
      () =>
        applyFlowEdits(greet, [
          { type: 'addEdge', edge: { id: 'e7', source: 'who', sourceHandle: 'text', target: 'nowhere', targetHandle: 'text' } },
        ]),
      /node "nowhere", which is not in the flow/,
    );
  });

  it('refuses text that is not a JSON object', () => {
    assert.throws(() => applyFlowEdits('[1, 2]', [{ type: 'setFlowInfo', name: 'x' }]), FlowEditError);
  });

  it('validates edits arriving from outside with zod', () => {
    assert.equal(flowEditSchema.safeParse({ type: 'moveNodes', nodes: [] }).success, false);
    assert.equal(flowEditSchema.safeParse({ type: 'rm -rf' }).success, false);
    assert.equal(flowEditSchema.safeParse({ type: 'setParam', nodeId: 'a', name: 'ms', value: 3 }).success, true);
  });

  it('computes the smallest single replacement between two texts', () => {
    assert.deepEqual(smallestReplacement('abcdef', 'abXYef'), { offset: 2, length: 2, content: 'XY' });
    assert.deepEqual(smallestReplacement('aaa', 'aaaa'), { offset: 3, length: 0, content: 'a' });
    assert.equal(smallestReplacement('same', 'same'), undefined);
  });
});
