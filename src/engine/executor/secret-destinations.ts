// Where a value resolved in one node can travel: along its out-edges to nodes that send their inputs
// somewhere (a model's endpoint, an MCP server). Used to bind a `{{secret:}}` written in a template
// or another node that sends nothing by itself.
import { destinationOfUnresolved } from '../secrets/resolve-node';
import type { Plan } from './plan';

export function downstreamDestinations(plan: Plan, index: number): string[] {
  const destinations = new Set<string>();
  const seen = new Set<number>([index]);
  const queue = [index];
  for (let head = 0; head < queue.length; head++) {
    const node = plan.nodes[queue[head]!]!;
    for (const e of node.outEdges) {
      const target = plan.edges[e]!.target;
      if (seen.has(target)) continue;
      seen.add(target);
      const next = plan.nodes[target]!;
      const destination = destinationOfUnresolved(next.node.type, next.node.params);
      if (destination !== undefined) destinations.add(destination);
      // A node that sends its inputs out may still pass them on (an MCP tool's result can echo its
      // arguments), so the walk goes on past it.
      queue.push(target);
    }
  }
  return [...destinations];
}
