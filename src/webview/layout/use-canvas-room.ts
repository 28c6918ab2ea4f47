// The canvas's room: Fit view into the part no overlay covers, a re-fit whenever the canvas changes
// size while the view is still the last fit (side bars, panels collapsed, the webview resized), and
// where new nodes go (inside that free part, beside the nodes already there).
import { getNodesBounds, useNodesInitialized, type Viewport } from '@xyflow/react';
import { useCallback, useEffect, useMemo, useRef, type RefObject } from 'react';
import type { CanvasInstance } from '../canvas/canvas-commands';
import { zoomRange } from '../canvas/canvas-commands';
import type { CanvasItem } from '../canvas/flow-to-canvas';
import { largeFlowNodes } from '../canvas/flow-to-canvas';
import { isGroup } from '../canvas/group-frames';
import { freeSpot } from '../canvas/placement';
import { selectedNodeIds, type EditorStore } from '../store/editor-store';
import { markOpening } from '../timing/opening-marks';
import type { SavedView } from '../store/saved-view';
import {
  centredIn,
  duplicateOffset,
  isSameViewport,
  keepInside,
  largestFreeRect,
  pasteOffset,
  toFlowRect,
  viewportToFitInRoom,
  type Rect,
  type Size,
} from './canvas-room';

/** What covers part of the canvas: React Flow panels (minimap, zoom controls) and our own overlays. */
const overlaySelector = '.react-flow__panel, [data-canvas-overlay]';
/**
 * A new node's box for finding it a spot, a little larger than the store's own estimate for an
 * unmeasured node, so a spot free for this box is free when the store checks it again.
 */
const newNodeBox: Size = { width: 220, height: 120 };

/** Opens fitted: no saved view of a flow small enough to fit legibly, or a saved view that was still a fit. */
export function opensFitted(view: Pick<SavedView, 'viewport' | 'isViewFitted'>, nodeCount: number): boolean {
  return view.viewport ? view.isViewFitted : nodeCount <= largeFlowNodes;
}

function measure(container: HTMLElement): { canvas: Size; overlays: Rect[] } {
  const box = container.getBoundingClientRect();
  const overlays: Rect[] = [];
  for (const element of Array.from(container.querySelectorAll<HTMLElement>(overlaySelector))) {
    const r = element.getBoundingClientRect();
    if (r.width > 0 && r.height > 0) overlays.push({ x: r.left - box.left, y: r.top - box.top, width: r.width, height: r.height });
  }
  return { canvas: { width: box.width, height: box.height }, overlays };
}

function takenRects(items: readonly CanvasItem[]): Rect[] {
  return items
    .filter((n) => !isGroup(n))
    .map((n) => ({
      x: n.position.x,
      y: n.position.y,
      width: n.measured?.width ?? newNodeBox.width,
      height: n.measured?.height ?? newNodeBox.height,
    }));
}

export interface CanvasRoom {
  /** Fits the whole flow into the free part of the canvas; animated when the user asked for it. */
  fitView(options?: { isAnimated?: boolean }): void;
  /** Called when a pan or zoom ends: a view the user moved stops following the canvas's size. */
  viewMoved(): void;
  /** The free part of the canvas, in flow coordinates (undefined before the canvas is laid out). */
  freeFlowRect(): Rect | undefined;
  /** Where a new node goes: near `wanted` (a drop point), else the middle of the free part; never under an overlay or another node. */
  spotForNewNode(wanted?: { x: number; y: number }): { x: number; y: number };
  /** How far pasted nodes move from their originals so they land in view. */
  pasteOffset(nodes: readonly { position: { x: number; y: number } }[]): { x: number; y: number } | undefined;
  /** How far a duplicate (Ctrl+D) of the selected nodes moves: clear of every node, inside the free part of the view. */
  duplicateOffset(): { x: number; y: number };
}

/** `area` is the element the canvas fills; `canvas` the element holding React Flow, once it is drawn. */
export function useCanvasRoom(
  store: EditorStore,
  flow: CanvasInstance,
  area: RefObject<HTMLElement | null>,
  isCanvasShown: boolean,
): CanvasRoom {
  // The viewport of the last fit; 'pending' until the first fit of a canvas that opens fitted.
  const fitted = useRef<Viewport | 'pending' | 'moved'>(
    opensFitted(store.getState().view, store.getState().nodes.length) ? 'pending' : 'moved',
  );
  const hasFittedMeasured = useRef(false);
  const nodesInitialized = useNodesInitialized();

  const fitView = useCallback(
    (options?: { isAnimated?: boolean }) => {
      const container = area.current;
      const items = flow.getNodes();
      if (!container || items.length === 0) return;
      const { canvas, overlays } = measure(container);
      const viewport = viewportToFitInRoom(getNodesBounds(items), canvas, overlays, { min: zoomRange.min, max: zoomRange.fit });
      if (!viewport) return;
      fitted.current = viewport;
      void flow.setViewport(viewport, options?.isAnimated ? { duration: 200 } : undefined);
      if (!store.getState().view.isViewFitted) store.getState().setView({ isViewFitted: true });
    },
    [area, flow, store],
  );

  const viewMoved = useCallback(() => {
    const last = fitted.current;
    if (typeof last !== 'object' || isSameViewport(flow.getViewport(), last)) return;
    fitted.current = 'moved';
    if (store.getState().view.isViewFitted) store.getState().setView({ isViewFitted: false });
  }, [flow, store]);

  // The first fit that knows every node's size, then one whenever the canvas changes size. A canvas
  // drawn again (the document was not a flow for a while) opens as the first did.
  useEffect(() => {
    if (isCanvasShown) return;
    hasFittedMeasured.current = false;
    if (fitted.current !== 'moved') fitted.current = 'pending';
  }, [isCanvasShown]);
  useEffect(() => {
    if (!isCanvasShown || !nodesInitialized || hasFittedMeasured.current) return;
    hasFittedMeasured.current = true;
    if (fitted.current !== 'moved') fitView();
    markOpening('fitted');
  }, [isCanvasShown, nodesInitialized, fitView]);
  useEffect(() => {
    const container = area.current;
    if (!container || !isCanvasShown) return;
    let last = { width: -1, height: -1 };
    const observer = new ResizeObserver(() => {
      const { width, height } = container.getBoundingClientRect();
      if (width === last.width && height === last.height) return;
      last = { width, height };
      if (fitted.current !== 'moved' && hasFittedMeasured.current) fitView();
    });
    observer.observe(container);
    return () => observer.disconnect();
  }, [area, isCanvasShown, fitView]);

  const freeFlowRect = useCallback((): Rect | undefined => {
    const container = area.current;
    if (!container) return undefined;
    const { canvas, overlays } = measure(container);
    if (canvas.width <= 0 || canvas.height <= 0) return undefined;
    return toFlowRect(largestFreeRect(canvas, overlays), flow.getViewport());
  }, [area, flow]);

  return useMemo<CanvasRoom>(
    () => ({
      fitView,
      viewMoved,
      freeFlowRect,
      spotForNewNode(wanted) {
        const room = freeFlowRect();
        const taken = takenRects(store.getState().nodes);
        if (!room) return freeSpot(wanted ?? { x: 0, y: 0 }, newNodeBox, taken);
        const start = wanted ? keepInside(wanted, newNodeBox, room) : centredIn(newNodeBox, room);
        return freeSpot(start, newNodeBox, taken, room);
      },
      pasteOffset(nodes) {
        const room = freeFlowRect();
        if (!room || nodes.length === 0) return undefined;
        const xs = nodes.map((n) => n.position.x);
        const ys = nodes.map((n) => n.position.y);
        const x = Math.min(...xs);
        const y = Math.min(...ys);
        const bounds = { x, y, width: Math.max(...xs) - x + newNodeBox.width, height: Math.max(...ys) - y + newNodeBox.height };
        return pasteOffset(bounds, room);
      },
      duplicateOffset() {
        const state = store.getState();
        const copied = new Set(selectedNodeIds(state)); // flow nodes only: notes and frames are not duplicated
        return duplicateOffset(takenRects(state.nodes.filter((n) => copied.has(n.id))), takenRects(state.nodes), freeFlowRect());
      },
    }),
    [fitView, viewMoved, freeFlowRect, store],
  );
}
