// The flow editor: toolbar, palette, canvas, inspector and run panel, wired to one store.
import { ReactFlowProvider, useReactFlow } from '@xyflow/react';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { autoLayout } from './canvas/canvas-commands';
import { FlowCanvas } from './canvas/FlowCanvas';
import type { CanvasEdge, CanvasItem } from './canvas/flow-to-canvas';
import { Inspector, type InspectorHandle } from './inspector/Inspector';
import { CollapsedPanel, PanelHeader } from './layout/SidePanel';
import { useCanvasRoom } from './layout/use-canvas-room';
import { Palette, type PaletteHandle } from './palette/Palette';
import type { Placement } from './palette/palette-drag';
import { flowInputFields, inputValue } from './run/flow-inputs';
import { RunPanel } from './run/RunPanel';
import { useEditor, useEditorContext } from './store/editor-context';
import { selectedNodeIds } from './store/editor-store';
import { Toolbar } from './toolbar/Toolbar';
import { PanelErrorBoundary } from './panel-error-boundary';
import { markOpening } from './timing/opening-marks';

function Notices() {
  const { store } = useEditorContext();
  const untrusted = useEditor((s) => s.untrustedReason);
  const readOnly = useEditor((s) => s.readOnlyReason);
  const notice = useEditor((s) => s.notice);
  return (
    <div className="notices">
      {untrusted ? (
        <div className="notice warning" role="status">
          {untrusted}
        </div>
      ) : null}
      {readOnly ? (
        <div className="notice warning" role="status">
          {readOnly}
        </div>
      ) : null}
      {notice ? (
        <div className="notice error" role="alert">
          {notice}
          <button className="icon-button" aria-label="Dismiss" onClick={() => store.getState().dismissNotice()}>
            <span className="codicon codicon-close" />
          </button>
        </div>
      ) : null}
    </div>
  );
}

function Editor() {
  const { store, host } = useEditorContext();
  const flowInstance = useReactFlow<CanvasItem, CanvasEdge>();
  // The canvas waits for the catalog too, so nodes render once, with their ports, not twice.
  const canvasState = useEditor((s) => (s.flow === null ? 'no flow' : s.catalog === null ? 'waiting' : 'ready'));
  const isPaletteOpen = useEditor((s) => s.view.isPaletteOpen);
  const isInspectorOpen = useEditor((s) => s.view.isInspectorOpen);
  const palette = useRef<PaletteHandle>(null);
  const inspector = useRef<InspectorHandle>(null);
  const canvasArea = useRef<HTMLDivElement>(null);
  const [inputDrafts, setInputDrafts] = useState<Record<string, string>>({});
  const room = useCanvasRoom(store, flowInstance, canvasArea, canvasState === 'ready');
  useEffect(() => markOpening('editor'), []);

  const run = useCallback(
    (mode: 'run' | 'debug', stopAt?: string) => {
      // What is being typed goes first: the host applies it before the run reads the document.
      store.getState().flushEdits();
      const fields = flowInputFields(store.getState().flow);
      // Inputs typed in the run panel go with the run; with none typed, the host asks with input boxes.
      const inputs = Object.fromEntries(
        fields.filter((f) => (inputDrafts[f.name] ?? '') !== '').map((f) => [f.name, inputValue(f, inputDrafts[f.name] ?? '')]),
      );
      store.getState().setView({ panelTab: 'run' });
      void host
        .request((requestId) => ({
          type: 'run',
          requestId,
          mode,
          ...(stopAt ? { stopAt } : {}),
          ...(fields.length === 0 || Object.keys(inputs).length ? { inputs } : {}),
        }))
        .then(
          (response) => {
            if (!response.ok) store.setState({ notice: response.error });
          },
          (error: unknown) => store.setState({ notice: (error as Error).message }),
        );
    },
    [host, store, inputDrafts],
  );
  const runToSelection = useCallback(() => {
    const ids = selectedNodeIds(store.getState());
    if (ids.length === 1) run('run', ids[0]);
  }, [run, store]);
  const place = useCallback(
    (placement: Placement) => store.getState().placeComponent(placement.type, room.spotForNewNode(), placement.params),
    [store, room],
  );
  const setPaletteOpen = useCallback((isOpen: boolean) => store.getState().setView({ isPaletteOpen: isOpen }), [store]);
  const setInspectorOpen = useCallback((isOpen: boolean) => store.getState().setView({ isInspectorOpen: isOpen }), [store]);
  const canvasProps = useMemo(
    () => ({
      room,
      focusPalette: () => {
        setPaletteOpen(true);
        requestAnimationFrame(() => palette.current?.focus());
      },
      focusInspector: () => {
        setInspectorOpen(true);
        requestAnimationFrame(() => inspector.current?.focus());
      },
      addNote: () => store.getState().addNote(room.spotForNewNode()),
      runToSelection,
    }),
    [store, runToSelection, room, setPaletteOpen, setInspectorOpen],
  );

  return (
    <div className="editor">
      <Toolbar
        run={run}
        autoLayout={() => void autoLayout(store, flowInstance, () => room.fitView({ isAnimated: true }))}
        fitView={() => room.fitView({ isAnimated: true })}
        togglePalette={() => setPaletteOpen(!isPaletteOpen)}
        toggleInspector={() => setInspectorOpen(!isInspectorOpen)}
        addNote={canvasProps.addNote}
      />
      <Notices />
      <div className="editor-main">
        {isPaletteOpen ? (
          <PanelErrorBoundary name="palette">
            <Palette ref={palette} place={place} collapse={() => setPaletteOpen(false)} />
          </PanelErrorBoundary>
        ) : (
          <CollapsedPanel side="left" label="Show components" icon="symbol-class" expand={() => setPaletteOpen(true)} />
        )}
        <div className="canvas-area" ref={canvasArea}>
          {canvasState === 'ready' ? (
            <FlowCanvas {...canvasProps} />
          ) : (
            <div className="muted canvas-empty">
              {canvasState === 'waiting'
                ? 'Waiting for the flow…'
                : 'Nothing to draw: this file is not a flow the editor can show (see above, and the Problems tab).'}
            </div>
          )}
        </div>
        {isInspectorOpen ? (
          <div className="side-panel inspector-panel">
            <PanelHeader title="Inspector" side="right" label="Hide the inspector" collapse={() => setInspectorOpen(false)} />
            <PanelErrorBoundary name="inspector">
              <Inspector ref={inspector} runToHere={(id) => run('run', id)} />
            </PanelErrorBoundary>
          </div>
        ) : (
          <CollapsedPanel side="right" label="Show the inspector" icon="inspect" expand={() => setInspectorOpen(true)} />
        )}
      </div>
      <PanelErrorBoundary name="run panel">
        <RunPanel inputDrafts={inputDrafts} setInputDraft={(name, text) => setInputDrafts((d) => ({ ...d, [name]: text }))} />
      </PanelErrorBoundary>
    </div>
  );
}

export function App() {
  // Nothing but this line renders until the first document (and, for a flow, its catalog) is in:
  // the editor's first render then has everything, instead of drawing empty panels, then panels
  // with a flow, then the canvas, each in a frame of its own.
  const isOpen = useEditor((s) => s.version >= 0 && (s.flow === null || s.catalog !== null));
  if (!isOpen) return <div className="muted editor-opening">Opening the flow…</div>;
  return (
    <ReactFlowProvider>
      <Editor />
    </ReactFlowProvider>
  );
}
