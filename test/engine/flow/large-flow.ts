// The 1,000-node / 1,500-edge flow of the webview and extension benchmarks, in its saved form, for the edit tests and benchmarks in Node and in VS Code.
import { serializeFlow } from '../../../src/engine/flow/serialize';

export function largeFlowText(nodeCount = 1000, edgeCount = 1500): string {
  const columns = 40;
  const nodes = Array.from({ length: nodeCount }, (_, i) => ({
    id: `n${i}`,
    type: 'text.template',
    position: { x: (i % columns) * 280, y: Math.floor(i / columns) * 160 },
    params: { template: '{{a}} and {{b}}' },
  }));
  // Every target port gets one edge from an earlier node, so the flow stays acyclic.
  const edges = Array.from({ length: edgeCount }, (_, k) => {
    const target = 1 + (k % (nodeCount - 1));
    return {
      id: `e${k}`,
      source: `n${(target * 7919 + k) % target}`,
      sourceHandle: 'text',
      target: `n${target}`,
      targetHandle: k < nodeCount - 1 ? 'a' : 'b',
    };
  });
  return serializeFlow({ version: 1, name: 'large', nodes, edges });
}
