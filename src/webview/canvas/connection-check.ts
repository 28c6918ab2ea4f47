// Decides whether a connection being dragged may be made, with the reason when not, from the
// ports the host resolved and the engine's compatibility table (both sent in the catalog).
import type { PortView } from '../../protocol/messages';
import type { Catalog } from '../store/catalog';

export interface ConnectionAttempt {
  source: string;
  sourceHandle: string | null;
  target: string;
  targetHandle: string | null;
}

export type ConnectionVerdict = { ok: true } | { ok: false; reason: string };

export interface ExistingEdge {
  source: string;
  sourceHandle: string;
  target: string;
  targetHandle: string;
}

function findPort(ports: readonly PortView[] | undefined, name: string | null): PortView | undefined {
  return name === null ? undefined : ports?.find((p) => p.name === name);
}

export function checkConnection(
  attempt: ConnectionAttempt,
  catalog: Pick<Catalog, 'nodePorts' | 'portCompatibility'>,
  edges: readonly ExistingEdge[],
): ConnectionVerdict {
  if (attempt.source === attempt.target) return { ok: false, reason: 'A node cannot feed itself.' };
  const from = findPort(catalog.nodePorts[attempt.source]?.outputs, attempt.sourceHandle);
  if (!from) return { ok: false, reason: `${attempt.source} has no output '${attempt.sourceHandle ?? ''}'.` };
  const to = findPort(catalog.nodePorts[attempt.target]?.inputs, attempt.targetHandle);
  if (!to) return { ok: false, reason: `${attempt.target} has no input '${attempt.targetHandle ?? ''}'.` };
  const accepted = catalog.portCompatibility[from.type] ?? [];
  if (from.type !== 'any' && to.type !== 'any' && !accepted.includes(to.type)) {
    return {
      ok: false,
      reason:
        `${from.type} cannot feed ${to.type}: ${attempt.source}.${from.name} → ${attempt.target}.${to.name}` +
        (accepted.length ? ` (${from.type} feeds ${accepted.join(', ')}).` : '.'),
    };
  }
  const sameTarget = edges.filter((e) => e.target === attempt.target && e.targetHandle === to.name);
  if (sameTarget.some((e) => e.source === attempt.source && e.sourceHandle === from.name))
    return { ok: false, reason: 'These ports are already connected.' };
  if (!to.many && sameTarget.length > 0)
    return { ok: false, reason: `${attempt.target}.${to.name} takes one edge and already has one; delete it first.` };
  return { ok: true };
}
