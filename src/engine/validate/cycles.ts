// Cycle finding in O(V+E): strongly connected components (Tarjan's algorithm, with an explicit stack so
// a 20,000-node chain cannot overflow the call stack), then one shortest cycle through each component.

/**
 * `next[v]` lists the nodes v has edges to. Returns one cycle per strongly connected component that has
 * one, as node indexes from its first node back to just before it ([a, b] means a -> b -> a).
 */
export function findCycles(next: readonly (readonly number[])[]): number[][] {
  const count = next.length;
  const order = new Int32Array(count).fill(-1);
  const low = new Int32Array(count);
  const isOnStack = new Uint8Array(count);
  const componentStack: number[] = [];
  const callNode: number[] = [];
  const callEdge: number[] = [];
  const cycles: number[][] = [];
  let counter = 0;

  const enter = (v: number) => {
    order[v] = low[v] = counter++;
    componentStack.push(v);
    isOnStack[v] = 1;
    callNode.push(v);
    callEdge.push(0);
  };

  for (let start = 0; start < count; start++) {
    if (order[start] !== -1) continue;
    enter(start);
    while (callNode.length > 0) {
      const top = callNode.length - 1;
      const v = callNode[top]!;
      const targets = next[v]!;
      if (callEdge[top]! < targets.length) {
        const w = targets[callEdge[top]!++]!;
        if (order[w] === -1) enter(w);
        else if (isOnStack[w]) low[v] = Math.min(low[v]!, order[w]!);
        continue;
      }
      callNode.pop();
      callEdge.pop();
      if (callNode.length > 0) {
        const parent = callNode[callNode.length - 1]!;
        low[parent] = Math.min(low[parent]!, low[v]!);
      }
      if (low[v] !== order[v]) continue;
      const members: number[] = [];
      let w: number;
      do {
        w = componentStack.pop()!;
        isOnStack[w] = 0;
        members.push(w);
      } while (w !== v);
      const cycle = shortestCycleIn(members, next);
      if (cycle) cycles.push(cycle);
    }
  }
  return cycles.sort((a, b) => a[0]! - b[0]!);
}

/** Breadth-first from the component's first node back to itself, never leaving the component. */
function shortestCycleIn(members: number[], next: readonly (readonly number[])[]): number[] | undefined {
  const start = members.reduce((a, b) => Math.min(a, b));
  if (members.length === 1) return next[start]!.includes(start) ? [start] : undefined;
  const inComponent = new Set(members);
  const parent = new Map<number, number>([[start, -1]]);
  const queue = [start];
  for (let head = 0; head < queue.length; head++) {
    const v = queue[head]!;
    for (const w of next[v]!) {
      if (w === start) {
        const cycle: number[] = [];
        for (let at = v; at !== -1; at = parent.get(at)!) cycle.push(at);
        return cycle.reverse();
      }
      if (!inComponent.has(w) || parent.has(w)) continue;
      parent.set(w, v);
      queue.push(w);
    }
  }
  return undefined; // unreachable: every member of a component of two or more lies on a cycle through start
}
