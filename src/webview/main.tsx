// Webview entry point: connects the store to the host (every message validated with zod on
// receipt), mounts the editor, and says `ready` so the host sends the document and catalog.
import '@xyflow/react/dist/style.css';
import '@vscode/codicons/dist/codicon.css';
import { createRoot } from 'react-dom/client';
import * as z from 'zod';
import { hostToWebviewSchema, parseMessage } from '../protocol/messages';
import { App } from './App';
import { HostConnection, type VsCodeApi } from './host/host-connection';
import { EditorContext } from './store/editor-context';
import { createEditorStore } from './store/editor-store';
import { flushEditsWhenLeaving } from './store/flush-triggers';
import { markOpening } from './timing/opening-marks';

declare function acquireVsCodeApi(): VsCodeApi;

// The webview's CSP allows no eval, so zod's compiled fast path could only fail (after a CSP
// violation report); jitless also skips compiling a parser that runs a few times.
z.config({ jitless: true });

markOpening('script');
const root = document.getElementById('root');
if (root) {
  const host = new HostConnection(acquireVsCodeApi());
  const store = createEditorStore(host);
  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    const parsed = parseMessage(hostToWebviewSchema, event.data);
    if (parsed.ok) store.getState().receive(parsed.message);
    else console.warn(`FlowStudio: ignored an invalid message from the host: ${parsed.error}`);
  });
  createRoot(root).render(
    <EditorContext.Provider value={{ store, host }}>
      <App />
    </EditorContext.Provider>,
  );
  flushEditsWhenLeaving(store, window);
  // The page is going away (the editor closed or reloads): whatever still waits for an answer learns it will get none.
  window.addEventListener('pagehide', () => host.dispose());
  root.dataset.flowstudio = 'loaded';
  // Not posted from here: with a DevTools session attached (Playwright in the e2e tests and the
  // bench, or the webview's developer tools) postMessage records the caller's stack, and with this
  // bundle's top-level function on it V8 first re-parses the whole bundle to place it (250-450 ms
  // in the webview bench). From a microtask the stack holds only the small callback.
  queueMicrotask(() => {
    host.post({ type: 'ready' });
    markOpening('ready');
  });
}
