// Builds the host messages the bench page sends the canvas for a generated flow: the document and
// the catalog, computed by the extension's own catalog module (no VS Code needed for it).
import { createCoreRegistry, parseFlow, serializeFlow, type Flow } from '../../src/engine';
import { buildCatalog } from '../../src/extension/editor/flow-catalog';
import type { HostToWebview } from '../../src/protocol/messages';

/** A flow of `nodeCount` text.template nodes on a grid with `edgeCount` edges, each input fed once. */
export function generatedFlow(nodeCount: number, edgeCount: number): Flow {
  const columns = 40;
  const nodes = Array.from({ length: nodeCount }, (_, i) => ({
    id: `n${i}`,
    type: 'text.template',
    position: { x: (i % columns) * 280, y: Math.floor(i / columns) * 160 },
    params: { template: '{{a}} and {{b}}' },
  }));
  const edges = [];
  // Inputs a of nodes 1..n-1 first, then inputs b: every target port has one edge, as a flow must.
  for (let k = 0; k < edgeCount; k += 1) {
    const target = 1 + (k % (nodeCount - 1));
    const handle = k < nodeCount - 1 ? 'a' : 'b';
    const source = (target * 7919 + k) % target; // an earlier node: the flow stays acyclic
    edges.push({ id: `e${k}`, source: `n${source}`, sourceHandle: 'text', target: `n${target}`, targetHandle: handle });
  }
  return { version: 1, name: 'bench', nodes, edges };
}

export function hostMessages(flow: Flow, file: string): HostToWebview[] {
  const parsed = parseFlow(serializeFlow(flow), file);
  return [
    { type: 'workspace', isTrusted: true },
    { type: 'document', version: 1, flow: parsed, problems: [] },
    buildCatalog(parsed, 1, { registry: createCoreRegistry(), file, secretNames: [] }),
  ];
}
