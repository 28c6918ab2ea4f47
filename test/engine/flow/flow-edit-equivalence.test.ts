// The batched edit function against the one it replaced (one full parse per change): for random flows
// and random runs of canvas edits, both give the same text byte for byte, or the same error.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { applyFlowEdits, FlowEditError, type FlowEdit } from '../../../src/engine/flow/flow-edit';
import { serializeFlow } from '../../../src/engine/flow/serialize';
import type { Flow, FlowEdge } from '../../../src/engine/flow/schema';
import { referenceApplyFlowEdits } from './reference-flow-edit';

const ids = ['a', 'b', 'c', 'd', 'e', 'note:a', 'x"y', 'ünï'];
const id = fc.constantFrom(...ids);
const coordinate = fc.oneof(
  fc.integer({ min: -5000, max: 5000 }),
  fc.double({ min: -1e4, max: 1e4, noNaN: true, noDefaultInfinity: true }),
);
const paramValue = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 4 }), fc.string(), { maxKeys: 2 }),
);
const unknownFields = fc.dictionary(
  fc.constantFrom('x-owner', 'meta', 'zeta'),
  fc.oneof(fc.string(), fc.integer(), fc.dictionary(fc.string({ maxLength: 3 }), fc.integer(), { maxKeys: 2 })),
  { maxKeys: 2 },
);

const node = fc
  .record(
    {
      id,
      type: fc.constantFrom('text.template', 'util.delay', 'input.text'),
      label: fc.string({ minLength: 1, maxLength: 8 }),
      position: fc.record({ x: coordinate, y: coordinate }),
      params: fc.dictionary(fc.constantFrom('template', 'ms', 'name'), paramValue, { maxKeys: 3 }),
      extra: unknownFields,
    },
    { requiredKeys: ['id', 'type', 'position', 'extra'] },
  )
  .map(({ extra, ...rest }) => ({ ...extra, ...rest }));

const flow = fc
  .record({
    nodes: fc.uniqueArray(node, { selector: (n) => n.id, maxLength: 6 }),
    edges: fc.array(fc.record({ source: id, target: id }), { maxLength: 4 }),
    notes: fc.option(
      fc.uniqueArray(fc.record({ id, position: fc.record({ x: coordinate, y: coordinate }), text: fc.string() }), {
        selector: (n) => n.id,
        maxLength: 3,
      }),
      { nil: undefined },
    ),
    groups: fc.option(
      fc.uniqueArray(fc.record({ id, nodes: fc.array(id, { minLength: 1, maxLength: 3 }) }), { selector: (g) => g.id, maxLength: 2 }),
      { nil: undefined },
    ),
    extra: unknownFields,
  })
  .map(({ nodes, edges, notes, groups, extra }) => {
    const value: Record<string, unknown> = {
      ...extra,
      version: 1,
      name: 'random',
      nodes,
      edges: edges.map((e, i) => ({ id: `e${i}`, source: e.source, sourceHandle: 'text', target: e.target, targetHandle: 'a' })),
    };
    if (notes) value.notes = notes;
    if (groups) value.groups = groups;
    return value as unknown as Flow;
  });

const position = fc.record({ id, x: coordinate, y: coordinate });
const edit: fc.Arbitrary<FlowEdit> = fc.oneof(
  fc.record({ type: fc.constant('moveNodes' as const), nodes: fc.array(position, { minLength: 1, maxLength: 4 }) }),
  fc.record({ type: fc.constant('moveNotes' as const), notes: fc.array(position, { minLength: 1, maxLength: 2 }) }),
  fc.record({
    type: fc.constant('setParam' as const),
    nodeId: id,
    name: fc.constantFrom('template', 'ms', 'other'),
    value: fc.option(paramValue, { nil: undefined }),
  }),
  fc.record({ type: fc.constant('setLabel' as const), nodeId: id, label: fc.option(fc.string({ maxLength: 6 }), { nil: undefined }) }),
  fc.record({ type: fc.constant('setNoteText' as const), noteId: id, text: fc.string() }),
  fc.record({
    type: fc.constant('setGroupLabel' as const),
    groupId: id,
    label: fc.option(fc.string({ maxLength: 6 }), { nil: undefined }),
  }),
  fc.record({
    type: fc.constant('addNodes' as const),
    nodes: fc.array(fc.record({ id, type: fc.constant('util.delay'), position: fc.record({ x: coordinate, y: coordinate }) }), {
      minLength: 1,
      maxLength: 2,
    }),
    edges: fc.constant([] as FlowEdge[]),
  }),
  fc.record({
    type: fc.constant('addEdge' as const),
    edge: fc.record({
      id: fc.constantFrom('e0', 'e9', 'new'),
      source: id,
      sourceHandle: fc.constant('text'),
      target: id,
      targetHandle: fc.constant('a'),
    }),
  }),
  fc.record({
    type: fc.constant('remove' as const),
    nodeIds: fc.array(id, { maxLength: 2 }),
    edgeIds: fc.array(fc.constantFrom('e0', 'e1'), { maxLength: 1 }),
    noteIds: fc.array(id, { maxLength: 1 }),
  }),
  fc.record({
    type: fc.constant('addNote' as const),
    note: fc.record({ id, position: fc.record({ x: coordinate, y: coordinate }), text: fc.string() }),
  }),
  fc.record({ type: fc.constant('addGroup' as const), group: fc.record({ id, nodes: fc.array(id, { minLength: 1, maxLength: 2 }) }) }),
  fc.record({ type: fc.constant('ungroup' as const), groupIds: fc.array(id, { minLength: 1, maxLength: 2 }) }),
  fc.record({
    type: fc.constant('setFlowInfo' as const),
    name: fc.option(fc.string({ minLength: 1, maxLength: 5 }), { nil: undefined }),
    description: fc.option(fc.string({ maxLength: 5 }), { nil: undefined }),
  }),
);

type Outcome = { text: string; replacement?: unknown } | { error: string };

function outcome(apply: () => { text: string; replacement?: unknown }): Outcome {
  try {
    return apply();
  } catch (error) {
    assert.ok(error instanceof Error && error.name === 'FlowEditError', `expected a FlowEditError, got ${String(error)}`);
    return { error: error.message };
  }
}

describe('batched flow edits match one-parse-per-change edits', () => {
  it('gives the same text and replacement, or the same error, for random flows and edit runs', () => {
    fc.assert(
      fc.property(flow, fc.array(edit, { minLength: 1, maxLength: 6 }), (value, edits) => {
        const text = serializeFlow(value);
        assert.deepEqual(
          outcome(() => applyFlowEdits(text, edits)),
          outcome(() => referenceApplyFlowEdits(text, edits)),
        );
      }),
      { numRuns: 400 },
    );
  });

  it('agrees when each edit applies to the text the one before produced, as in an editor', () => {
    fc.assert(
      fc.property(flow, fc.array(edit, { minLength: 1, maxLength: 8 }), (value, edits) => {
        let text = serializeFlow(value);
        let expected = text;
        for (const one of edits) {
          const got = outcome(() => applyFlowEdits(text, [one]));
          const want = outcome(() => referenceApplyFlowEdits(expected, [one]));
          assert.deepEqual(got, want);
          if ('text' in got && 'text' in want) {
            // A copy, as an editor's getText() returns: equal content, another string.
            text = got.text.split('').join('');
            expected = want.text;
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('agrees on a file indented with four spaces', () => {
    fc.assert(
      fc.property(flow, fc.array(edit, { minLength: 1, maxLength: 4 }), (value, edits) => {
        const text = `${JSON.stringify(value, null, 4)}\n`;
        assert.deepEqual(
          outcome(() => applyFlowEdits(text, edits)),
          outcome(() => referenceApplyFlowEdits(text, edits)),
        );
      }),
      { numRuns: 150 },
    );
  });

  it('reports errors as FlowEditError', () => {
    assert.throws(
      () => applyFlowEdits('{"version": 1, "nodes": []}', [{ type: 'moveNodes', nodes: [{ id: 'a', x: 0, y: 0 }] }]),
      FlowEditError,
    );
  });
});
