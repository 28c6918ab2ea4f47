// New ids for nodes and edges the canvas adds (palette, paste, duplicate): readable, from the
// component type, and unique in the flow.

/** Families whose members are told apart by their params, not their kind: `input.text` is an `input`. */
const familyNamed = new Set(['input', 'output']);

/**
 * `llm.chat` -> `chat1`, `text.template` -> `template1`, `input.text` -> `input1` (not `text1`, which an
 * output would also get), with the lowest number not taken.
 */
export function newNodeId(type: string, taken: ReadonlySet<string>): string {
  const parts = type.split('.');
  const stem = parts.length > 1 && familyNamed.has(parts[0] ?? '') ? parts[0] : parts.pop();
  const base = (stem ?? 'node').replace(/[^A-Za-z0-9_]/g, '') || 'node';
  return uniqueId(base, taken);
}

export function uniqueId(base: string, taken: ReadonlySet<string>): string {
  const stem = base.replace(/\d+$/, '') || base;
  for (let n = 1; ; n += 1) {
    const id = `${stem}${n}`;
    if (!taken.has(id)) return id;
  }
}

export function newEdgeId(taken: ReadonlySet<string>): string {
  return uniqueId('e', taken);
}
