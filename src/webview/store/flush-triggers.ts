// Moments the page may stop being the place the user works in, when typed values still waiting for
// their typing pause must reach the document at once: focus leaving the webview (a click on Run in the
// editor title, on the tab's close button, on another editor), the page hiding, and Ctrl/Cmd+S,
// which the workbench turns into a save of the document.
import type { EditorStore } from './editor-store';

export function flushEditsWhenLeaving(store: EditorStore, page: Window): () => void {
  const flush = () => store.getState().flushEdits();
  const onVisibility = () => {
    if (page.document.visibilityState === 'hidden') flush();
  };
  const onKey = (event: KeyboardEvent) => {
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 's') flush();
  };
  page.addEventListener('blur', flush);
  page.addEventListener('pagehide', flush);
  page.document.addEventListener('visibilitychange', onVisibility);
  // Capture: the key must be seen before any handler of the page stops it.
  page.addEventListener('keydown', onKey, true);
  return () => {
    page.removeEventListener('blur', flush);
    page.removeEventListener('pagehide', flush);
    page.document.removeEventListener('visibilitychange', onVisibility);
    page.removeEventListener('keydown', onKey, true);
  };
}
