// Why a connection dropped on a node was not made, when no handle there took it: the node has no
// port of that side at all yet (a template without placeholders), or none by that name. React Flow
// only reports that nothing connected; the canvas says why.
import type { FinalConnectionState } from '@xyflow/react';
import type { NodePorts } from '../../protocol/messages';

export interface ConnectionDrop {
  fromNodeId: string;
  fromPort: string | null;
  /** `source`: dragged from an output, looking for an input; `target` the other way round. */
  fromSide: 'source' | 'target';
  /** The node the pointer was released over, if any. */
  onNodeId: string | undefined;
  /** React Flow's verdict on the handle under the pointer: null when there was none. */
  isValid: boolean | null;
}

/** What a finished connection drag did, from React Flow's end event; undefined when no drag was going. */
export function connectionDropOf(
  event: MouseEvent | TouchEvent | undefined,
  state: FinalConnectionState | undefined,
): ConnectionDrop | undefined {
  if (!state?.fromNode || !state.fromHandle) return undefined;
  const under = typeof Element !== 'undefined' && event?.target instanceof Element ? event.target.closest('.react-flow__node') : null;
  const onNodeId = state.toNode?.id ?? under?.getAttribute('data-id') ?? undefined;
  return {
    fromNodeId: state.fromNode.id,
    fromPort: state.fromHandle.id ?? null,
    fromSide: state.fromHandle.type,
    onNodeId,
    isValid: state.isValid,
  };
}

/** The notice for a drop on another node that connected nothing, or undefined (a drop on empty canvas says nothing). */
export function missedDropReason(
  drop: ConnectionDrop,
  portsOf: (nodeId: string) => NodePorts | undefined,
  typeOf: (nodeId: string) => string | undefined,
): string | undefined {
  if (drop.isValid === true || drop.onNodeId === undefined || drop.onNodeId === drop.fromNodeId) return undefined;
  const target = drop.onNodeId;
  const wanted = drop.fromSide === 'source' ? 'input' : 'output';
  const ports = portsOf(target);
  const offered = (drop.fromSide === 'source' ? ports?.inputs : ports?.outputs) ?? [];
  const from = `${drop.fromNodeId}.${drop.fromPort ?? ''}`;
  if (offered.length === 0) {
    const hint = wanted === 'input' && typeOf(target) === 'text.template' ? ' Add a {{placeholder}} to its template to give it one.' : '';
    return `Not connected: ${target} has no ${wanted} port for ${from}.${hint}`;
  }
  return `Not connected: drop ${from} on one of ${target}'s ${wanted} ports (${offered.map((p) => p.name).join(', ')}).`;
}
