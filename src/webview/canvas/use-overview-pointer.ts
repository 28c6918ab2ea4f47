// Pressing, clicking and dragging the nodes the overview draws (overview.ts). React Flow does not
// render them, so a press on one reaches its pane, which would pan; here a press on a drawn node is
// taken first (capture phase) and becomes what React Flow would have done: select the node (Ctrl or
// Cmd adds or removes it), then move the selection with the pointer in position changes while it
// drags and one last set on release, which the store turns into one moveNodes edit. A click near a
// drawn edge selects it and shows its last value, as a click on an SVG edge does. React Flow's box
// selection skips hidden nodes, so the drawn nodes inside the box are selected when it closes.
import { useStoreApi, type NodeChange, type XYPosition } from '@xyflow/react';
import { useCallback, useEffect, useRef, type MouseEvent as ReactMouseEvent } from 'react';
import type { EditorStore } from '../store/editor-store';
import type { CanvasInstance } from './canvas-commands';
import { isFlowNode, isNote, type CanvasItem } from './flow-to-canvas';
import { edgeCurve } from './OverviewCanvas';
import { curveNear, draggedPositions, flowNodeAt, flowNodesInside, rectBetween } from './overview';

export interface OverviewPointerOptions {
  enabled: boolean;
  store: EditorStore;
  flow: CanvasInstance;
  grid: readonly [number, number];
  canMove: boolean;
  /** A drawn edge was clicked (it is selected already). */
  edgeClicked(edgeId: string): void;
}

/** How near a click must be to a drawn edge to be on it, in screen pixels. */
const edgeReach = 5;

/** A press that moves less than this many screen pixels is a click, as in React Flow. */
const dragThreshold = 1;

function selectionChanges(items: readonly CanvasItem[], hitId: string, toggle: boolean): NodeChange<CanvasItem>[] {
  if (toggle) return items.filter((n) => n.id === hitId).map((n) => ({ type: 'select', id: n.id, selected: !n.selected }));
  return items.filter((n) => (n.id === hitId) !== Boolean(n.selected)).map((n) => ({ type: 'select', id: n.id, selected: n.id === hitId }));
}

export function useOverviewPointer(
  container: HTMLElement | null,
  { enabled, store, flow, grid, canMove, edgeClicked }: OverviewPointerOptions,
): (event: ReactMouseEvent) => void {
  const boxFrom = useRef<XYPosition | undefined>(undefined);
  const flowStore = useStoreApi();
  useEffect(() => {
    if (!container || !enabled) return;
    // React Flow's pane deselects everything on a click; the click that ends a press taken here is not its.
    let swallowClick = false;
    let endPress: (() => void) | undefined;

    const onPointerDown = (event: PointerEvent) => {
      swallowClick = false;
      // Presses on the minimap or controls are theirs.
      if (event.button !== 0 || !(event.target instanceof Element) || !event.target.closest('.react-flow__renderer')) return;
      // Shift starts React Flow's box selection. Its own start event comes with the first move, so
      // the box's corner is taken here.
      if (event.shiftKey) {
        boxFrom.current = { x: event.clientX, y: event.clientY };
        return;
      }
      const hit = flowNodeAt(store.getState().nodes, flow.screenToFlowPosition({ x: event.clientX, y: event.clientY }));
      if (!hit) return;
      event.stopPropagation();
      event.preventDefault();
      swallowClick = true;
      container.focus({ preventScroll: true });
      const toggle = event.ctrlKey || event.metaKey;
      const state = store.getState();
      const changes = selectionChanges(state.nodes, hit.id, toggle);
      if (changes.length) state.onNodesChange(changes);
      if (!toggle && state.edges.some((e) => e.selected))
        state.onEdgesChange(state.edges.filter((e) => e.selected).map((e) => ({ type: 'select', id: e.id, selected: false })));
      if (!canMove || (toggle && !store.getState().nodes.find((n) => n.id === hit.id)?.selected)) return;

      const starts = new Map<string, XYPosition>(
        store
          .getState()
          .nodes.filter((n) => n.selected && (isFlowNode(n) || isNote(n)))
          .map((n) => [n.id, { ...n.position }]),
      );
      const origin = { x: event.clientX, y: event.clientY };
      let isDragging = false;
      let last = '';
      let pointer = origin;
      const moveTo = (clientX: number, clientY: number, dragging: boolean) => {
        const zoom = flow.getZoom();
        const positions = draggedPositions(starts, { x: (clientX - origin.x) / zoom, y: (clientY - origin.y) / zoom }, grid);
        const key = JSON.stringify([...positions.values()]);
        if (dragging && key === last) return;
        last = key;
        store.getState().onNodesChange([...positions].map(([id, position]) => ({ type: 'position', id, position, dragging })));
      };
      const onMove = (move: PointerEvent) => {
        if (move.pointerId !== event.pointerId) return;
        if (!isDragging && Math.hypot(move.clientX - origin.x, move.clientY - origin.y) <= dragThreshold) return;
        isDragging = true;
        pointer = { x: move.clientX, y: move.clientY };
        moveTo(pointer.x, pointer.y, true);
      };
      // A cancelled press (the pointer lost) drops the nodes where they were last shown.
      const onUp = (up: PointerEvent) => {
        if (up.pointerId !== event.pointerId) return;
        endPress?.();
        if (isDragging) moveTo(up.type === 'pointerup' ? up.clientX : pointer.x, up.type === 'pointerup' ? up.clientY : pointer.y, false);
      };
      endPress = () => {
        window.removeEventListener('pointermove', onMove, true);
        window.removeEventListener('pointerup', onUp, true);
        window.removeEventListener('pointercancel', onUp, true);
        endPress = undefined;
      };
      window.addEventListener('pointermove', onMove, true);
      window.addEventListener('pointerup', onUp, true);
      window.addEventListener('pointercancel', onUp, true);
    };
    const onClick = (event: MouseEvent) => {
      if (swallowClick) {
        swallowClick = false;
        event.stopPropagation();
        return;
      }
      if (
        event.button !== 0 ||
        event.shiftKey ||
        event.ctrlKey ||
        event.metaKey ||
        !(event.target instanceof Element) ||
        !event.target.closest('.react-flow__pane')
      )
        return;
      const { nodeLookup, transform } = flowStore.getState();
      const state = store.getState();
      const curves = state.edges.flatMap((edge) => {
        const curve = edgeCurve(nodeLookup, edge);
        return curve ? [[edge.id, curve] as const] : [];
      });
      const hit = curveNear(curves, flow.screenToFlowPosition({ x: event.clientX, y: event.clientY }), edgeReach / transform[2]);
      if (!hit) return;
      // Not React Flow's pane click, which would clear the selection just made.
      event.stopPropagation();
      const deselect = state.nodes
        .filter((n) => n.selected)
        .map((n): NodeChange<CanvasItem> => ({ type: 'select', id: n.id, selected: false }));
      if (deselect.length) state.onNodesChange(deselect);
      state.onEdgesChange(
        state.edges
          .filter((e) => Boolean(e.selected) !== (e.id === hit))
          .map((e) => ({ type: 'select', id: e.id, selected: e.id === hit })),
      );
      edgeClicked(hit);
    };
    container.addEventListener('pointerdown', onPointerDown, true);
    container.addEventListener('click', onClick, true);
    return () => {
      endPress?.();
      container.removeEventListener('pointerdown', onPointerDown, true);
      container.removeEventListener('click', onClick, true);
    };
  }, [container, enabled, store, flow, flowStore, grid, canMove, edgeClicked]);

  /** Ends React Flow's box selection in the overview (its onSelectionEnd). */
  return useCallback(
    (event: ReactMouseEvent) => {
      const from = boxFrom.current;
      boxFrom.current = undefined;
      if (!from) return;
      const box = rectBetween(flow.screenToFlowPosition(from), flow.screenToFlowPosition({ x: event.clientX, y: event.clientY }));
      const changes = flowNodesInside(store.getState().nodes, box)
        .filter((n) => !n.selected)
        .map((n): NodeChange<CanvasItem> => ({ type: 'select', id: n.id, selected: true }));
      if (changes.length) store.getState().onNodesChange(changes);
    },
    [store, flow],
  );
}
