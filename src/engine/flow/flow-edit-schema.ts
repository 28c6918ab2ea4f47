// The shape of an edit to a flow by node/edge id: what the canvas sends and the host applies
// (flow-edit.ts). Kept apart from the text machinery so the webview bundle can validate edits cheaply.
import * as z from 'zod';
import { flowEdgeSchema, flowGroupSchema, flowNodeSchema, flowNoteSchema } from './schema';

const positionUpdate = z.object({ id: z.string().min(1), x: z.number(), y: z.number() });

export const flowEditSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('moveNodes'), nodes: z.array(positionUpdate).min(1) }),
  z.object({ type: z.literal('moveNotes'), notes: z.array(positionUpdate).min(1) }),
  /** `value: undefined` (absent) removes the param. */
  z.object({ type: z.literal('setParam'), nodeId: z.string().min(1), name: z.string().min(1), value: z.unknown().optional() }),
  z.object({ type: z.literal('setLabel'), nodeId: z.string().min(1), label: z.string().optional() }),
  z.object({ type: z.literal('addNodes'), nodes: z.array(flowNodeSchema).min(1), edges: z.array(flowEdgeSchema).default([]) }),
  z.object({ type: z.literal('addEdge'), edge: flowEdgeSchema }),
  /** Removing a node also removes every edge that touches it, and drops its id from groups (a group left with no ids goes too). */
  z.object({
    type: z.literal('remove'),
    nodeIds: z.array(z.string()).default([]),
    edgeIds: z.array(z.string()).default([]),
    noteIds: z.array(z.string()).default([]),
  }),
  z.object({ type: z.literal('addNote'), note: flowNoteSchema }),
  z.object({ type: z.literal('setNoteText'), noteId: z.string().min(1), text: z.string() }),
  /** A new group must name at least one node, and every node it names must exist. */
  z.object({ type: z.literal('addGroup'), group: flowGroupSchema.extend({ nodes: z.array(z.string().min(1)).min(1) }) }),
  /** `label` absent or empty removes the label. */
  z.object({ type: z.literal('setGroupLabel'), groupId: z.string().min(1), label: z.string().optional() }),
  /** Removes the groups; their nodes stay where they are. */
  z.object({ type: z.literal('ungroup'), groupIds: z.array(z.string().min(1)).min(1) }),
  z.object({ type: z.literal('setFlowInfo'), name: z.string().min(1).optional(), description: z.string().optional() }),
]);

export type FlowEdit = z.infer<typeof flowEditSchema>;
