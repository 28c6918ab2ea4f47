// New ids for nodes and edges the canvas adds (palette, paste, duplicate): readable, from the
// component type, and unique in the flow.

/** `llm.chat` -> `chat1`, `chat2`, ... skipping ids already taken. */
export function newNodeId(type: string, taken: ReadonlySet<string>): string {
  const base = (type.split('.').pop() ?? 'node').replace(/[^A-Za-z0-9_]/g, '') || 'node';
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
