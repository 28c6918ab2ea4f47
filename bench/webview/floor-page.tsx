// The floor for the webview bench: React and React Flow alone, drawing the baseline's 20 nodes with
// React Flow's default node, no store, no panels, no message validation. Loading the canvas can get
// no faster than this page in the same browser on the same machine.
import '@xyflow/react/dist/style.css';
import { ReactFlow, type Edge, type Node } from '@xyflow/react';
import { createRoot } from 'react-dom/client';

declare function acquireVsCodeApi(): { postMessage(message: unknown): void };

const count = 20;
const nodes: Node[] = Array.from({ length: count }, (_, i) => ({
  id: `n${i}`,
  position: { x: (i % 40) * 280, y: Math.floor(i / 40) * 160 },
  data: { label: `n${i}` },
}));
const edges: Edge[] = nodes.slice(1).map((node, i) => ({ id: `e${i}`, source: `n${i}`, target: node.id }));
const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <div style={{ width: '100vw', height: '100vh' }}>
      <ReactFlow nodes={nodes} edges={edges} fitView />
    </div>,
  );
  acquireVsCodeApi().postMessage({ type: 'ready' });
}
