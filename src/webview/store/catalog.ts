// The catalog as the canvas uses it: the host's catalog message with each node's ports looked up
// once on receipt (the message sends each distinct port list once and an index per node).
import type { CatalogMessage, NodePorts } from '../../protocol/messages';

export interface Catalog extends Omit<CatalogMessage, 'portSets' | 'nodePorts'> {
  /** Resolved ports per node id of the current flow; nodes with the same ports share one object. */
  nodePorts: Readonly<Record<string, NodePorts>>;
}

export function catalogOf(message: CatalogMessage): Catalog {
  const { portSets, nodePorts, ...rest } = message;
  const ports: Record<string, NodePorts> = {};
  // The message schema checked every index is in range.
  for (const [nodeId, index] of Object.entries(nodePorts)) ports[nodeId] = portSets[index] as NodePorts;
  return { ...rest, nodePorts: ports };
}
