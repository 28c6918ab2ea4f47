// The React Flow canvas: nodes and edges from the store, edits to the host on drop, connect and
// delete, palette drops, minimap (which can be hidden), zoom controls, snap to grid, live run state
// on edges, and the value that last crossed an edge when one is clicked. Far zoomed out, a large
// flow is drawn as an overview on one canvas instead (overview.ts).
import {
  Background,
  ControlButton,
  Controls,
  ReactFlow,
  useReactFlow,
  useStore,
  type Edge,
  type NodeTypes,
  type ReactFlowState,
  type Viewport,
} from '@xyflow/react';
import { useCallback, useMemo, useState, type DragEvent } from 'react';
import type { Problem } from '../../protocol/messages';
import { edgeValue, isEdgeActive } from '../run/run-state';
import { useEditor, useEditorContext } from '../store/editor-context';
import type { CanvasRoom } from '../layout/use-canvas-room';
import { opensFitted } from '../layout/use-canvas-room';
import { zoomRange } from './canvas-commands';
import { CanvasMiniMap } from './CanvasMiniMap';
import { FlowNodeCard } from './FlowNodeCard';
import { GroupFrame } from './GroupFrame';
import { largeFlowNodes, openingViewport, type CanvasEdge, type CanvasItem } from './flow-to-canvas';
import { NoteCard } from './NoteCard';
import { OverviewCanvas, type NodeDecorations } from './OverviewCanvas';
import { withFlowNodesHidden } from './overview';
import { useOverviewPointer } from './use-overview-pointer';
import { decodePlacement, paletteMime } from '../palette/palette-drag';
import { useCanvasKeys, type CanvasKeyTargets } from './use-canvas-keys';

const nodeTypes: NodeTypes = { flowNode: FlowNodeCard, note: NoteCard, flowGroup: GroupFrame };
const grid: [number, number] = [16, 16];
/**
 * Below this zoom a card's text is under 5 px and its handles under 4 px: only its box is painted
 * (.zoomed-out in flow-editor.css), and a large flow becomes the overview (overview.ts).
 */
const farZoom = 0.35;
const isFarOut = (s: ReactFlowState) => s.transform[2] < farZoom;
const noEdges: Edge[] = [];

export interface FlowCanvasProps {
  room: CanvasRoom;
  focusPalette(): void;
  focusInspector(): void;
  runToSelection(): void;
  addNote(): void;
}

function ValueView({ value }: { value: unknown }) {
  return <pre className="edge-value-text">{typeof value === 'string' ? value : JSON.stringify(value, null, 2)}</pre>;
}

export function FlowCanvas(props: FlowCanvasProps) {
  const { store, host } = useEditorContext();
  const flowInstance = useReactFlow<CanvasItem, CanvasEdge>();
  const nodes = useEditor((s) => s.nodes);
  const edges = useEditor((s) => s.edges);
  const run = useEditor((s) => s.run);
  const problems = useEditor((s) => s.problems);
  const refusal = useEditor((s) => s.connectionRefusal);
  const isMiniMapOpen = useEditor((s) => s.view.isMiniMapOpen);
  const isReadOnly = useEditor((s) => s.readOnlyReason !== undefined);
  const isZoomedOut = useStore(isFarOut);
  // A small flow's few cards and edges cost little as DOM, and there they keep every gesture.
  const isOverview = isZoomedOut && nodes.length > largeFlowNodes;
  const [hiddenCopies] = useState(() => new WeakMap<CanvasItem, CanvasItem>());
  const shownNodes = useMemo(() => (isOverview ? withFlowNodesHidden(nodes, hiddenCopies) : nodes), [isOverview, nodes, hiddenCopies]);
  const actions = store.getState();
  const [container, setContainer] = useState<HTMLDivElement | null>(null);
  // Where the canvas opens: fitted when it has no saved view or the saved one was still a fit (the
  // canvas room then refines the fit around the overlays once nodes are measured), else the saved
  // view, else a large flow's top-left corner at 100% (only what is on screen renders).
  const [openingView] = useState(() => {
    const { view } = store.getState();
    if (opensFitted(view, nodes.length)) return { fitView: true, fitViewOptions: { maxZoom: zoomRange.fit } };
    return { defaultViewport: view.viewport ?? openingViewport(nodes) };
  });
  const [inspectedEdgeId, setInspectedEdgeId] = useState<string | undefined>();

  const keyTargets = useMemo<CanvasKeyTargets>(
    () => ({ store, flow: flowInstance, ...props, history: (action) => host.post({ type: 'history', action }) }),
    [store, host, flowInstance, props],
  );
  useCanvasKeys(container, keyTargets);

  // Run state and problems decorate edges; recomputed only when edges, the run or problems change.
  const shownEdges = useMemo<Edge[]>(() => {
    const edgeProblems = new Map(problems.filter((p) => p.edgeId).map((p) => [p.edgeId, p]));
    return edges.map((edge) => {
      const active = run.status === 'running' && isEdgeActive(run, edge);
      const problem = edgeProblems.get(edge.id);
      const hasValue = run.status !== 'idle' && edgeValue(run, { source: edge.source, sourceHandle: edge.sourceHandle ?? '' }).has;
      const className = [problem ? `edge-${problem.severity}` : '', hasValue ? 'edge-has-value' : ''].filter(Boolean).join(' ');
      if (!active && !className) return edge;
      return { ...edge, animated: active, className, ...(problem ? { label: '!', ariaLabel: problem.message } : {}) };
    });
  }, [edges, run, problems]);

  const decorations = useMemo<NodeDecorations>(() => {
    const worst = new Map<string, Problem['severity']>();
    for (const p of problems) if (p.nodeId && worst.get(p.nodeId) !== 'error') worst.set(p.nodeId, p.severity);
    return { run: run.nodes, problems: worst };
  }, [run.nodes, problems]);

  // Stable handlers: React Flow hands them to every edge, and a new function each render (this
  // component renders on every drag frame) re-rendered every edge on screen each frame.
  const inspectEdge = useCallback((_: unknown, edge: Edge) => setInspectedEdgeId(edge.id), []);
  const closeEdgeValue = useCallback(() => setInspectedEdgeId(undefined), []);
  const { room } = props;
  const endMove = useCallback(
    (_: unknown, viewport: Viewport) => {
      store.getState().setViewport(viewport);
      room.viewMoved();
    },
    [store, room],
  );
  const toggleMiniMap = useCallback(() => store.getState().setView({ isMiniMapOpen: !isMiniMapOpen }), [store, isMiniMapOpen]);
  const endOverviewBox = useOverviewPointer(container, {
    enabled: isOverview,
    store,
    flow: flowInstance,
    grid,
    canMove: !isReadOnly,
    edgeClicked: setInspectedEdgeId,
  });

  const onDragOver = useCallback((event: DragEvent) => {
    if (event.dataTransfer.types.includes(paletteMime)) {
      event.preventDefault();
      event.dataTransfer.dropEffect = 'copy';
    }
  }, []);
  const onDrop = useCallback(
    (event: DragEvent) => {
      const placement = decodePlacement(event.dataTransfer.getData(paletteMime));
      if (!placement) return;
      event.preventDefault();
      // Dropped over the minimap or the zoom controls, the node still lands where it can be seen.
      const spot = room.spotForNewNode(flowInstance.screenToFlowPosition({ x: event.clientX, y: event.clientY }));
      store.getState().placeComponent(placement.type, spot, placement.params);
    },
    [store, flowInstance, room],
  );

  const inspectedEdge = inspectedEdgeId ? edges.find((e) => e.id === inspectedEdgeId) : undefined;
  const inspected = inspectedEdge
    ? edgeValue(run, { source: inspectedEdge.source, sourceHandle: inspectedEdge.sourceHandle ?? '' })
    : undefined;

  return (
    <div
      className={isZoomedOut ? 'canvas zoomed-out' : 'canvas'}
      ref={setContainer}
      tabIndex={-1}
      onDragOver={onDragOver}
      onDrop={onDrop}
      aria-label="Flow canvas"
    >
      <ReactFlow<CanvasItem, CanvasEdge>
        nodes={shownNodes}
        edges={isOverview ? noEdges : shownEdges}
        nodeTypes={nodeTypes}
        onNodesChange={actions.onNodesChange}
        onEdgesChange={actions.onEdgesChange}
        onConnect={actions.connect}
        isValidConnection={actions.isValidConnection}
        onConnectEnd={actions.endConnection}
        onEdgeClick={inspectEdge}
        onPaneClick={closeEdgeValue}
        onMoveEnd={endMove}
        onSelectionEnd={isOverview ? endOverviewBox : undefined}
        {...openingView}
        nodesDraggable={!isReadOnly}
        nodesConnectable={!isReadOnly}
        snapToGrid
        snapGrid={grid}
        deleteKeyCode={null}
        selectionKeyCode="Shift"
        multiSelectionKeyCode={['Meta', 'Control']}
        minZoom={zoomRange.min}
        maxZoom={zoomRange.max}
        onlyRenderVisibleElements
        // Auto-pan while drawing an edge moved the view up to 15 px a frame whenever the pointer rested
        // within 40 px of the canvas's edge (a port near the edge, or a release outside the webview that
        // it never heard), a jump of ~950 px in a second: the view moves only when the user moves it.
        autoPanOnConnect={false}
        proOptions={{ hideAttribution: true }}
      >
        <Background gap={grid} />
        {isOverview ? <OverviewCanvas edges={shownEdges} decorations={decorations} /> : null}
        {isMiniMapOpen ? <CanvasMiniMap /> : null}
        <Controls showInteractive={false} showFitView={false}>
          <ControlButton onClick={() => room.fitView({ isAnimated: true })} title="Fit view (Shift+1)" aria-label="Fit view">
            <span className="codicon codicon-screen-full" aria-hidden="true" />
          </ControlButton>
          <ControlButton
            className="minimap-toggle"
            onClick={toggleMiniMap}
            title={isMiniMapOpen ? 'Hide the minimap' : 'Show the minimap'}
            aria-label={isMiniMapOpen ? 'Hide the minimap' : 'Show the minimap'}
            aria-pressed={isMiniMapOpen}
          >
            <span className={`codicon codicon-${isMiniMapOpen ? 'map-filled' : 'map'}`} aria-hidden="true" />
          </ControlButton>
        </Controls>
      </ReactFlow>
      {refusal ? (
        <div className="connection-refusal" role="status">
          <span className="codicon codicon-circle-slash" aria-hidden="true" /> {refusal}
        </div>
      ) : null}
      {inspectedEdge ? (
        <div className="edge-value" data-canvas-overlay role="dialog" aria-label={`Value on edge ${inspectedEdge.id}`}>
          <div className="edge-value-title">
            {inspectedEdge.source}.{inspectedEdge.sourceHandle} → {inspectedEdge.target}.{inspectedEdge.targetHandle}
            <button className="icon-button" onClick={() => setInspectedEdgeId(undefined)} aria-label="Close">
              <span className="codicon codicon-close" />
            </button>
          </div>
          {inspected?.has ? (
            <ValueView value={inspected.value} />
          ) : (
            <div className="muted">No value has crossed this edge in the last run.</div>
          )}
        </div>
      ) : null}
    </div>
  );
}
