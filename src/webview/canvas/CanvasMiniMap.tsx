// The minimap, drawn on one <canvas>. React Flow's own minimap renders an SVG element per node,
// which for a 1,000-node flow was a sixth of the time to first paint; a canvas redraw of every node
// costs about a millisecond and is done at most once a frame, whatever changed.
import { Panel, useReactFlow, useStore, useStoreApi, type InternalNode, type ReactFlowState } from '@xyflow/react';
import { useRef, type PointerEvent, type WheelEvent } from 'react';
import type { GroupNode } from './flow-to-canvas';
import { sizeBackingStore, useStoreDrawing, type Colours, type Palette } from './store-drawing';
import { hasRoomForMiniMap } from '../layout/canvas-room';
import { fitFrame, toMiniMap, unionRect, viewportCentredOn, visibleFlowRect, type MiniMapFrame, type Rect } from './minimap-geometry';

// Small, so it covers little of the canvas; on a canvas too small to spare even that it is not drawn
// (and never reaches the zoom controls at the other bottom corner).
const width = 150;
const height = 100;
const isRoomy = (s: ReactFlowState) => hasRoomForMiniMap(s, { width, height });
const fallbackNodeSize = { width: 180, height: 80 };
const groupType: GroupNode['type'] = 'flowGroup';
// Every node is drawn, hidden or not: the overview (overview.ts) hides the flow's nodes from React
// Flow's rendering, not from the flow.

function nodeRect(node: InternalNode): Rect {
  return {
    x: node.internals.positionAbsolute.x,
    y: node.internals.positionAbsolute.y,
    width: node.measured.width ?? node.width ?? node.initialWidth ?? fallbackNodeSize.width,
    height: node.measured.height ?? node.height ?? node.initialHeight ?? fallbackNodeSize.height,
  };
}

function frameOf(state: ReactFlowState): MiniMapFrame {
  const [x, y, zoom] = state.transform;
  const shown = visibleFlowRect({ x, y, zoom }, state.width, state.height);
  const rects: Rect[] = [shown];
  for (const node of state.nodeLookup.values()) rects.push(nodeRect(node));
  return fitFrame(unionRect(rects) ?? shown, width, height);
}

const palette = {
  background: ['--minimap-background', '#252526'],
  node: ['--minimap-node', '#858585'],
  selected: ['--minimap-selected', '#007fd4'],
  mask: ['--minimap-mask', '#1e1e1e'],
} as const satisfies Palette<string>;

function draw(canvas: HTMLCanvasElement, state: ReactFlowState, colour: Colours<keyof typeof palette>): MiniMapFrame {
  const frame = frameOf(state);
  const context = canvas.getContext('2d');
  if (!context) return frame;
  const ratio = sizeBackingStore(canvas, width, height);
  context.setTransform(ratio, 0, 0, ratio, 0, 0);
  context.fillStyle = colour.background;
  context.fillRect(0, 0, width, height);
  const selected: Rect[] = [];
  // A group's frame is outlined, not filled, so its member nodes stay visible inside it.
  context.strokeStyle = colour.node;
  context.lineWidth = 1;
  for (const node of state.nodeLookup.values()) {
    if (node.type !== groupType) continue;
    const r = toMiniMap(frame, nodeRect(node));
    context.strokeRect(r.x + 0.5, r.y + 0.5, Math.max(1, r.width - 1), Math.max(1, r.height - 1));
  }
  context.fillStyle = colour.node;
  for (const node of state.nodeLookup.values()) {
    if (node.type === groupType) continue;
    const r = toMiniMap(frame, nodeRect(node));
    if (node.selected) selected.push(r);
    else context.fillRect(r.x, r.y, Math.max(1, r.width), Math.max(1, r.height));
  }
  context.fillStyle = colour.selected;
  for (const r of selected) context.fillRect(r.x, r.y, Math.max(1, r.width), Math.max(1, r.height));

  // Dim everything outside what the canvas shows, then outline it.
  const [x, y, zoom] = state.transform;
  const shown = toMiniMap(frame, visibleFlowRect({ x, y, zoom }, state.width, state.height));
  context.save();
  context.globalAlpha = 0.6;
  context.fillStyle = colour.mask;
  context.beginPath();
  context.rect(0, 0, width, height);
  context.rect(shown.x, shown.y, shown.width, shown.height);
  context.fill('evenodd');
  context.restore();
  context.strokeStyle = colour.selected;
  context.lineWidth = 1;
  context.strokeRect(shown.x + 0.5, shown.y + 0.5, shown.width - 1, shown.height - 1);
  return frame;
}

export function CanvasMiniMap() {
  const hasRoom = useStore(isRoomy);
  return hasRoom ? <MiniMapCanvas /> : null;
}

function MiniMapCanvas() {
  const storeApi = useStoreApi();
  const flow = useReactFlow();
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const frame = useRef<MiniMapFrame | undefined>(undefined);
  // While the pointer is down the frame is held still, so the map does not slide under it as the
  // viewport (part of the fitted bounds) moves.
  const dragFrame = useRef<MiniMapFrame | undefined>(undefined);

  useStoreDrawing(canvasRef, palette, (canvas, state, colours) => {
    frame.current = draw(canvas, state, colours);
  });

  const centreOn = (event: PointerEvent<HTMLCanvasElement>) => {
    const shownFrame = dragFrame.current ?? frame.current;
    if (!shownFrame) return;
    const box = event.currentTarget.getBoundingClientRect();
    const state = storeApi.getState();
    void flow.setViewport(
      viewportCentredOn(shownFrame, event.clientX - box.left, event.clientY - box.top, state.transform[2], state.width, state.height),
    );
  };
  const onPointerDown = (event: PointerEvent<HTMLCanvasElement>) => {
    event.currentTarget.setPointerCapture(event.pointerId);
    dragFrame.current = frame.current;
    centreOn(event);
  };
  const onPointerMove = (event: PointerEvent<HTMLCanvasElement>) => {
    if (dragFrame.current) centreOn(event);
  };
  const onPointerUp = () => {
    dragFrame.current = undefined;
  };
  const onWheel = (event: WheelEvent<HTMLCanvasElement>) => {
    void flow.zoomTo(flow.getZoom() * Math.exp(-event.deltaY * 0.002));
  };

  return (
    <Panel position="bottom-right" className="canvas-minimap">
      <canvas
        ref={canvasRef}
        role="img"
        aria-label="Minimap"
        style={{ width, height }}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={onPointerUp}
        onWheel={onWheel}
      />
    </Panel>
  );
}
