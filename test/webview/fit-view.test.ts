// Fitting the whole flow in view works from estimated sizes too: in a large flow only the nodes on
// screen are ever measured, and React Flow's own fitView waits for all of them.
import { getNodesBounds } from '@xyflow/react';
import * as assert from 'node:assert/strict';
import type { Flow } from '../../src/engine/flow/schema';
import { zoomRange } from '../../src/webview/canvas/canvas-commands';
import { canvasNodes, largeFlowNodes, withEstimatedLayout, type CanvasItem } from '../../src/webview/canvas/flow-to-canvas';
import { viewportToFitInRoom } from '../../src/webview/layout/canvas-room';

const fitZoom = { min: zoomRange.min, max: zoomRange.fit };
const viewportToFit = (items: CanvasItem[], size: { width: number; height: number }) =>
  items.length ? viewportToFitInRoom(getNodesBounds(items), size, [], fitZoom) : undefined;

const columns = 40;
function gridFlow(count: number): Flow {
  const nodes = Array.from({ length: count }, (_, i) => ({
    id: `n${i}`,
    type: 'text.template',
    position: { x: (i % columns) * 280, y: Math.floor(i / columns) * 160 },
    params: { template: '{{a}}' },
  }));
  return { version: 1, name: 'grid', nodes, edges: [] };
}
const ports = (count: number) =>
  Object.fromEntries(
    Array.from({ length: count }, (_, i) => [
      `n${i}`,
      { inputs: [{ name: 'a', type: 'text' }], outputs: [{ name: 'text', type: 'text' }] },
    ]),
  );

describe('fit view', () => {
  it('shows every node of a large flow none of which is measured yet', () => {
    const count = 1000;
    assert.ok(count > largeFlowNodes);
    const items = withEstimatedLayout(canvasNodes(gridFlow(count), [], new Set()), ports(count));
    const size = { width: 900, height: 600 };
    const viewport = viewportToFit(items, size);
    assert.ok(viewport, 'a viewport is found although no node has a measured size');
    for (const item of [items[0]!, items[count - 1]!]) {
      const width = item.measured?.width ?? item.initialWidth ?? 0;
      const height = item.measured?.height ?? item.initialHeight ?? 0;
      assert.ok(width > 0 && height > 0, 'estimated sizes are what the fit works from');
      const left = item.position.x * viewport.zoom + viewport.x;
      const top = item.position.y * viewport.zoom + viewport.y;
      assert.ok(
        left >= 0 && top >= 0 && left + width * viewport.zoom <= size.width && top + height * viewport.zoom <= size.height,
        `${item.id} is inside the canvas`,
      );
    }
    assert.ok(viewport.zoom >= zoomRange.min && viewport.zoom < 0.2, `zoomed out to show 40 columns (zoom ${viewport.zoom})`);
  });

  it('does not zoom a small flow past the fit limit, and has nothing to fit in an empty one', () => {
    const items = canvasNodes(gridFlow(1), [], new Set()).map((n) => ({ ...n, measured: { width: 200, height: 100 } }));
    assert.equal(viewportToFit(items, { width: 900, height: 600 })?.zoom, zoomRange.fit);
    assert.equal(viewportToFit([], { width: 900, height: 600 }), undefined);
    assert.equal(viewportToFit(items, { width: 0, height: 0 }), undefined, 'a hidden canvas has no size to fit into');
  });
});
