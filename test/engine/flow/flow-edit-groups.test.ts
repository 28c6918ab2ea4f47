// Group edits (add, rename, ungroup) and how removing nodes keeps groups consistent, checked on the
// file text: each edit changes only the lines it must, and a re-save stays byte-identical.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { applyFlowEdits, FlowEditError, flowEditSchema } from '../../../src/engine/flow/flow-edit';
import { parseFlow } from '../../../src/engine/flow/parse';
import { serializeFlow } from '../../../src/engine/flow/serialize';

const greet = readFileSync('examples/greet.flow.json', 'utf8');

/** The lines only `before` has and the lines only `after` has, by a longest common subsequence. */
function lineDiff(before: string, after: string): { removed: string[]; added: string[] } {
  const a = before.split('\n');
  const b = after.split('\n');
  const common = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--)
      common[i]![j] = a[i] === b[j] ? common[i + 1]![j + 1]! + 1 : Math.max(common[i + 1]![j]!, common[i]![j + 1]!);
  }
  const removed: string[] = [];
  const added: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      i++;
      j++;
    } else if (j < b.length && (i === a.length || common[i]![j + 1]! >= common[i + 1]![j]!)) added.push(b[j++]!.trim());
    else removed.push(a[i++]!.trim());
  }
  return { removed, added };
}

const grouped = applyFlowEdits(greet, [{ type: 'addGroup', group: { id: 'g1', label: 'Greeting', nodes: ['who', 'tpl'] } }]).text;

describe('group edits applied to the file text', () => {
  it('adds a group after the edges, where a saved file has it, touching only the lines it adds', () => {
    const { replacement } = applyFlowEdits(greet, [{ type: 'addGroup', group: { id: 'g1', label: 'Greeting', nodes: ['who', 'tpl'] } }]);
    assert.equal(replacement?.length, 0, 'nothing in the file changes; the group is inserted');
    assert.equal(replacement?.offset, greet.lastIndexOf(']') + 1, 'right after the edges');
    assert.equal(
      replacement?.content,
      ',\n  "groups": [\n    {\n      "id": "g1",\n      "label": "Greeting",\n      "nodes": [\n        "who",\n        "tpl"\n      ]\n    }\n  ]',
    );
    assert.deepEqual(parseFlow(grouped).groups, [{ id: 'g1', label: 'Greeting', nodes: ['who', 'tpl'] }]);
    assert.equal(serializeFlow(parseFlow(grouped)), grouped, 'a re-save is byte-identical');
  });

  it('puts a new groups list before a viewport and after notes, and appends to an existing one', () => {
    const flow = parseFlow(greet);
    const base = serializeFlow({ ...flow, notes: [{ id: 'n1', position: { x: 0, y: 0 }, text: 'hi' }], viewport: { x: 0, y: 0, zoom: 1 } });
    const first = applyFlowEdits(base, [{ type: 'addGroup', group: { id: 'g1', nodes: ['who'] } }]).text;
    assert.deepEqual(Object.keys(JSON.parse(first) as object), [
      'version',
      'name',
      'description',
      'nodes',
      'edges',
      'notes',
      'groups',
      'viewport',
    ]);
    assert.equal(serializeFlow(parseFlow(first)), first);
    const second = applyFlowEdits(first, [{ type: 'addGroup', group: { nodes: ['out', 'out'], label: 'Out', id: 'g2' } }]).text;
    assert.deepEqual(parseFlow(second).groups, [
      { id: 'g1', nodes: ['who'] },
      { id: 'g2', label: 'Out', nodes: ['out'] },
    ]);
    assert.equal(serializeFlow(parseFlow(second)), second, 'keys in saved order, a node named twice kept once');
  });

  it('renames a group by changing only its label line, and removes the label when it is emptied', () => {
    const renamed = applyFlowEdits(grouped, [{ type: 'setGroupLabel', groupId: 'g1', label: 'Say hello' }]).text;
    assert.deepEqual(lineDiff(grouped, renamed), { removed: ['"label": "Greeting",'], added: ['"label": "Say hello",'] });
    const unlabelled = applyFlowEdits(renamed, [{ type: 'setGroupLabel', groupId: 'g1', label: '' }]).text;
    assert.deepEqual(lineDiff(renamed, unlabelled), { removed: ['"label": "Say hello",'], added: [] });
  });

  it('ungroups by removing the group and keeps its nodes; the last group takes the list with it', () => {
    const twoGroups = applyFlowEdits(grouped, [{ type: 'addGroup', group: { id: 'g2', nodes: ['out'] } }]).text;
    const one = applyFlowEdits(twoGroups, [{ type: 'ungroup', groupIds: ['g1'] }]).text;
    assert.deepEqual(parseFlow(one).groups, [{ id: 'g2', nodes: ['out'] }]);
    assert.deepEqual(
      parseFlow(one).nodes.map((n) => n.id),
      ['who', 'tpl', 'out'],
    );
    assert.equal(
      applyFlowEdits(grouped, [{ type: 'ungroup', groupIds: ['g1'] }]).text,
      greet,
      'group then ungroup gives back the same file',
    );
  });

  it('keeps unknown fields of groups and of the flow through every group edit', () => {
    const extra = grouped
      .replace('"label": "Greeting",', '"label": "Greeting",\n      "color": "teal",')
      .replace('"version": 1,', '"version": 1,\n  "x-owner": "team-a",');
    const text = applyFlowEdits(extra, [
      { type: 'setGroupLabel', groupId: 'g1', label: 'Hello' },
      { type: 'addGroup', group: { id: 'g2', nodes: ['out'], collapsed: false } },
      { type: 'remove', nodeIds: ['who'], edgeIds: [], noteIds: [] },
    ]).text;
    const flow = parseFlow(text) as Record<string, unknown> & ReturnType<typeof parseFlow>;
    assert.equal(flow['x-owner'], 'team-a');
    assert.deepEqual(flow.groups, [
      { id: 'g1', label: 'Hello', nodes: ['tpl'], color: 'teal' },
      { id: 'g2', nodes: ['out'], collapsed: false },
    ]);
  });

  it('drops removed nodes from their groups, changing only those lines', () => {
    const { text } = applyFlowEdits(grouped, [{ type: 'remove', nodeIds: ['tpl'], edgeIds: [], noteIds: [] }]);
    assert.deepEqual(parseFlow(text).groups, [{ id: 'g1', label: 'Greeting', nodes: ['who'] }]);
    const groupLines = lineDiff(grouped.slice(grouped.indexOf('"groups"')), text.slice(text.indexOf('"groups"')));
    assert.deepEqual(groupLines, { removed: ['"who",', '"tpl"'], added: ['"who"'] });
  });

  it('removes a group whose every node is removed, and the groups list when it was the last', () => {
    const withTwo = applyFlowEdits(grouped, [{ type: 'addGroup', group: { id: 'g2', nodes: ['out'] } }]).text;
    const { text } = applyFlowEdits(withTwo, [{ type: 'remove', nodeIds: ['who', 'tpl'], edgeIds: [], noteIds: [] }]);
    assert.deepEqual(parseFlow(text).groups, [{ id: 'g2', nodes: ['out'] }]);
    const none = applyFlowEdits(text, [{ type: 'remove', nodeIds: ['out'], edgeIds: [], noteIds: [] }]).text;
    assert.equal('groups' in (JSON.parse(none) as object), false);
  });

  it('leaves a group alone when none of its ids is removed, even if it names a missing node', () => {
    const dangling = grouped.replace('"tpl"\n', '"tpl",\n        "ghost"\n');
    const { text } = applyFlowEdits(dangling, [{ type: 'remove', nodeIds: ['out'], edgeIds: [], noteIds: [] }]);
    assert.deepEqual(parseFlow(text).groups, [{ id: 'g1', label: 'Greeting', nodes: ['who', 'tpl', 'ghost'] }]);
  });

  it('refuses a group with a taken id or a missing node, and a rename or ungroup of a missing group, naming it', () => {
    assert.throws(
      () => applyFlowEdits(grouped, [{ type: 'addGroup', group: { id: 'g1', nodes: ['out'] } }]),
      /a group with id "g1" already exists/,
    );
    assert.throws(
      () => applyFlowEdits(greet, [{ type: 'addGroup', group: { id: 'g1', nodes: ['who', 'ghost'] } }]),
      /group "g1" names node "ghost", which is not in the flow/,
    );
    assert.throws(
      () => applyFlowEdits(greet, [{ type: 'setGroupLabel', groupId: 'g9', label: 'x' }]),
      (e: unknown) => e instanceof FlowEditError && /no group with id "g9"/.test(e.message),
    );
    assert.throws(() => applyFlowEdits(grouped, [{ type: 'ungroup', groupIds: ['g1', 'g9'] }]), /no group with id "g9"/);
  });

  it('validates group edits arriving from outside with zod', () => {
    assert.equal(flowEditSchema.safeParse({ type: 'addGroup', group: { id: 'g1', nodes: [] } }).success, false, 'a group needs a node');
    assert.equal(flowEditSchema.safeParse({ type: 'addGroup', group: { id: 'g1', nodes: [''] } }).success, false);
    assert.equal(flowEditSchema.safeParse({ type: 'ungroup', groupIds: [] }).success, false);
    assert.equal(flowEditSchema.safeParse({ type: 'setGroupLabel', groupId: 'g1' }).success, true);
  });
});
