// serializeFlow: Flow -> text with 2-space indentation and a stable key order, keeping unknown fields.
// Known keys come first in a fixed order, unknown keys follow in the order they were read, so a
// re-save is byte-identical and moving one node changes only that node's position lines.
import type { Flow } from './schema';

type KeyOrder = { keys: readonly string[]; children?: Record<string, KeyOrder | { items: KeyOrder }> };

const position: KeyOrder = { keys: ['x', 'y'] };
const node: KeyOrder = {
  keys: ['id', 'type', 'label', 'position', 'params', 'run'],
  children: { position },
};
const edge: KeyOrder = { keys: ['id', 'source', 'sourceHandle', 'target', 'targetHandle'] };
const note: KeyOrder = { keys: ['id', 'position', 'text'], children: { position } };
const group: KeyOrder = { keys: ['id', 'label', 'nodes'] };
const viewport: KeyOrder = { keys: ['x', 'y', 'zoom'] };

const flowOrder: KeyOrder = {
  keys: ['version', 'name', 'description', 'nodes', 'edges', 'notes', 'groups', 'viewport'],
  children: {
    nodes: { items: node },
    edges: { items: edge },
    notes: { items: note },
    groups: { items: group },
    viewport,
  },
};

export function serializeFlow(flow: Flow): string {
  return `${JSON.stringify(ordered(flow, flowOrder), null, 2)}\n`;
}

const partOrders = { node, edge, note, group } as const;

/** A node, edge, note or group with its keys in the order a saved file has them, for inserting into a file. */
export function orderedFlowPart(kind: keyof typeof partOrders, value: unknown): unknown {
  return ordered(value, partOrders[kind]);
}

/**
 * Where a new top-level `key` goes among a file's `properties` so the file keeps the saved order:
 * right after the last known key that a saved file has before it.
 */
export function topLevelInsertionIndex(properties: readonly string[], key: string): number {
  return insertionIndex(flowOrder, properties, key);
}

/** The same for a new `key` of a node, edge, note or group (a label added to a node goes before its position). */
export function partInsertionIndex(kind: keyof typeof partOrders, properties: readonly string[], key: string): number {
  return insertionIndex(partOrders[kind], properties, key);
}

function insertionIndex(order: KeyOrder, properties: readonly string[], key: string): number {
  const rank = order.keys.indexOf(key);
  // An unknown key goes last, where a saved file has unknown keys.
  if (rank < 0) return properties.length;
  let index = 0;
  properties.forEach((property, i) => {
    const other = order.keys.indexOf(property);
    if (other >= 0 && other < rank) index = i + 1;
  });
  return index;
}

function ordered(value: unknown, order: KeyOrder): unknown {
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const key of order.keys) {
    if (key in value && value[key] !== undefined) out[key] = orderChild(key, value[key], order);
  }
  for (const [key, child] of Object.entries(value)) {
    if (!order.keys.includes(key) && child !== undefined) out[key] = child;
  }
  return out;
}

function orderChild(key: string, value: unknown, parent: KeyOrder): unknown {
  const child = parent.children?.[key];
  if (!child) return value;
  if ('items' in child) return Array.isArray(value) ? value.map((item) => ordered(item, child.items)) : value;
  return ordered(value, child);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
