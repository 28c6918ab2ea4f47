// The canvas's keyboard paths. Copy/cut/paste go through the DOM clipboard events so nodes travel
// between flow editors (and VS Code, which lets the browser handle them in a webview, still works).
// Ctrl+Z / Ctrl+Shift+Z / Ctrl+Y post a `history` message: VS Code sees the keydown too (a webview
// forwards keys to the workbench) but does not undo a custom text editor's document from it, which
// the end-to-end test checks by undoing exactly one edit.
import { useEffect } from 'react';
import { selectedGroupIds, selectedNodeIds, type EditorStore } from '../store/editor-store';
import { clipboardMime, readClipboard } from './clipboard';
import type { CanvasRoom } from '../layout/use-canvas-room';
import { autoLayout, nudgeSelection, type CanvasInstance } from './canvas-commands';

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  // Web components (vscode-elements) keep their input in a shadow root; the host element is the target.
  return target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName) || target.tagName.startsWith('VSCODE-');
}

export interface CanvasKeyTargets {
  store: EditorStore;
  flow: CanvasInstance | undefined;
  /** Fit view and where pasted nodes land, both kept clear of the canvas's overlays. */
  room: Pick<CanvasRoom, 'fitView' | 'pasteOffset' | 'duplicateOffset'>;
  focusPalette(): void;
  focusInspector(): void;
  runToSelection(): void;
  history(action: 'undo' | 'redo'): void;
  addNote(): void;
}

export function useCanvasKeys(container: HTMLElement | null, targets: CanvasKeyTargets): void {
  useEffect(() => {
    if (!container) return;
    const { store, flow, room } = targets;
    const onKeyDown = (event: KeyboardEvent) => {
      if (isTyping(event.target)) return;
      const mod = event.ctrlKey || event.metaKey;
      const key = event.key;
      const state = store.getState();
      const handled = (): void => {
        event.preventDefault();
        event.stopPropagation();
      };
      if ((key === 'Delete' || key === 'Backspace') && !mod) return (handled(), state.deleteSelection());
      if (mod && key.toLowerCase() === 'z') return (handled(), targets.history(event.shiftKey ? 'redo' : 'undo'));
      if (mod && key.toLowerCase() === 'y') return (handled(), targets.history('redo'));
      if (mod && key.toLowerCase() === 'a') return (handled(), state.selectAll());
      if (mod && key.toLowerCase() === 'd') return (handled(), state.duplicateSelection(room.duplicateOffset()));
      if (mod && key.toLowerCase() === 'g') return (handled(), event.shiftKey ? state.ungroupSelection() : state.groupSelection());
      const [groupId, ...otherGroups] = selectedGroupIds(state);
      if (key === 'F2' && groupId !== undefined && otherGroups.length === 0) return (handled(), state.startRenamingGroup(groupId));
      if (key === 'Escape') return (handled(), state.select([]));
      if (key === 'F9') {
        handled();
        for (const id of selectedNodeIds(state)) state.toggleBreakpoint(id);
        return;
      }
      if (key === 'Enter' && !mod && state.nodes.some((n) => n.selected)) return (handled(), targets.focusInspector());
      // Not Ctrl+K: VS Code's chords start with it, and the workbench sees every key a webview gets.
      if (key === '/') return (handled(), targets.focusPalette());
      if (event.altKey && key.startsWith('Arrow')) {
        const step = event.shiftKey ? 80 : 16;
        const [dx, dy] = key === 'ArrowLeft' ? [-step, 0] : key === 'ArrowRight' ? [step, 0] : key === 'ArrowUp' ? [0, -step] : [0, step];
        return (handled(), nudgeSelection(store, dx, dy));
      }
      if (!flow) return;
      if (event.shiftKey && key === '!') return (handled(), room.fitView({ isAnimated: true }));
      if (!mod && (key === '+' || key === '=')) return (handled(), void flow.zoomIn());
      if (!mod && key === '-') return (handled(), void flow.zoomOut());
      if (event.shiftKey && key === 'L') return (handled(), void autoLayout(store, flow, () => room.fitView({ isAnimated: true })));
      if (event.shiftKey && key === 'R') return (handled(), targets.runToSelection());
      if (event.shiftKey && key === 'N') return (handled(), targets.addNote());
    };
    const onCopy = (event: ClipboardEvent, cut: boolean) => {
      if (isTyping(event.target) || !event.clipboardData) return;
      const copied = store.getState().copySelection();
      if (!copied) return;
      const text = JSON.stringify(copied, null, 2);
      event.clipboardData.setData('text/plain', text);
      event.clipboardData.setData(clipboardMime, text);
      event.preventDefault();
      if (cut) store.getState().deleteSelection();
    };
    const onPaste = (event: ClipboardEvent) => {
      if (isTyping(event.target) || !event.clipboardData) return;
      const copied = readClipboard(event.clipboardData.getData(clipboardMime) || event.clipboardData.getData('text/plain'));
      if (!copied) return;
      event.preventDefault();
      // Pasted nodes land in view, clear of the minimap and the zoom controls, even when the originals are off screen.
      store.getState().paste(copied, room.pasteOffset(copied.nodes));
    };
    const copy = (e: ClipboardEvent) => onCopy(e, false);
    const cut = (e: ClipboardEvent) => onCopy(e, true);
    container.addEventListener('keydown', onKeyDown);
    document.addEventListener('copy', copy);
    document.addEventListener('cut', cut);
    document.addEventListener('paste', onPaste);
    return () => {
      container.removeEventListener('keydown', onKeyDown);
      document.removeEventListener('copy', copy);
      document.removeEventListener('cut', cut);
      document.removeEventListener('paste', onPaste);
    };
  }, [container, targets]);
}
