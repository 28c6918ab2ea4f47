// The editor's toolbar: run, debug and its controls, run to the selected node, undo/redo through
// the document, layout and view actions, and open as text. Shortcuts are in each button's title.
// Plain buttons styled with the theme's toolbar colours: sixteen vscode-button elements (a shadow
// root and a lit render each) were about 6% of a large flow's first paint.
import { useShallow } from 'zustand/react/shallow';
import { availableControls, isRunActive } from '../run/run-state';
import { useEditor, useEditorContext } from '../store/editor-context';
import { selectedNodeIds } from '../store/editor-store';

export interface ToolbarProps {
  run(mode: 'run' | 'debug', stopAt?: string): void;
  autoLayout(): void;
  fitView(): void;
  togglePalette(): void;
  toggleInspector(): void;
  addNote(): void;
}

function IconButton({
  icon,
  label,
  onClick,
  disabled,
  id,
}: {
  icon: string;
  label: string;
  onClick(): void;
  disabled?: boolean;
  id: string;
}) {
  return (
    <button type="button" id={id} className="tool-button" title={label} aria-label={label} disabled={disabled ?? false} onClick={onClick}>
      <span className={`codicon codicon-${icon}`} aria-hidden="true" />
    </button>
  );
}

export function Toolbar({ run, autoLayout, fitView, togglePalette, toggleInspector, addNote }: ToolbarProps) {
  const { host, store } = useEditorContext();
  const name = useEditor((s) => s.flow?.name ?? 'Flow');
  const status = useEditor((s) => s.run.status);
  const isActive = useEditor((s) => isRunActive(s.run));
  const canRun = useEditor((s) => s.flow !== null && s.untrustedReason === undefined);
  const selected = useEditor(useShallow((s) => selectedNodeIds(s)));
  const debug = (action: 'pause' | 'step' | 'resume' | 'stop') => host.post({ type: 'debug', action });
  const controls = availableControls(status);
  return (
    <div className="toolbar" role="toolbar" aria-label="Flow actions">
      <span className="title">{name}</span>
      <button
        type="button"
        id="run"
        className="tool-button primary"
        disabled={!canRun || isActive}
        onClick={() => run('run')}
        title="Run flow"
      >
        <span className="codicon codicon-play" aria-hidden="true" /> Run
      </button>
      <IconButton
        id="debug"
        icon="debug-alt"
        label="Debug flow (starts paused; breakpoints: F9)"
        disabled={!canRun || isActive}
        onClick={() => run('debug')}
      />
      <IconButton
        id="run-to-here"
        icon="debug-step-into"
        label="Run to the selected node (Shift+R)"
        disabled={!canRun || isActive || selected.length !== 1}
        onClick={() => run('run', selected[0])}
      />
      <IconButton id="pause" icon="debug-pause" label="Pause" disabled={!controls.pause} onClick={() => debug('pause')} />
      <IconButton id="step" icon="debug-step-over" label="Step to the next node" disabled={!controls.step} onClick={() => debug('step')} />
      <IconButton id="resume" icon="debug-continue" label="Resume" disabled={!controls.resume} onClick={() => debug('resume')} />
      <IconButton id="stop" icon="debug-stop" label="Stop" disabled={!controls.stop} onClick={() => debug('stop')} />
      <span className="separator" />
      <IconButton id="undo" icon="discard" label="Undo (Ctrl+Z)" onClick={() => host.post({ type: 'history', action: 'undo' })} />
      <IconButton id="redo" icon="redo" label="Redo (Ctrl+Shift+Z)" onClick={() => host.post({ type: 'history', action: 'redo' })} />
      <IconButton id="auto-layout" icon="type-hierarchy-sub" label="Auto-layout (Shift+L)" onClick={autoLayout} />
      <IconButton id="fit-view" icon="screen-full" label="Fit view (Shift+1)" onClick={fitView} />
      <IconButton id="add-note" icon="note" label="Add a sticky note (Shift+N)" onClick={addNote} />
      <IconButton
        id="group-selection"
        icon="group-by-ref-type"
        label="Group the selected nodes (Ctrl+G; Ctrl+Shift+G ungroups)"
        disabled={selected.length === 0}
        onClick={() => store.getState().groupSelection()}
      />
      <IconButton id="toggle-palette" icon="layout-sidebar-left" label="Show or hide components (/ to search)" onClick={togglePalette} />
      <IconButton
        id="toggle-inspector"
        icon="layout-sidebar-right"
        label="Show or hide the inspector (Enter on a node)"
        onClick={toggleInspector}
      />
      <IconButton id="open-as-text" icon="go-to-file" label="Open as text" onClick={() => host.post({ type: 'openAsText' })} />
    </div>
  );
}
