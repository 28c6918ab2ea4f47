// Webview entry point. Until the React Flow canvas (the canvas issue) lands, this draws the flow as
// an SVG graph with drag-to-move, selection, run/debug buttons, live node states and the run's
// outputs, speaking the same protocol the canvas will.
import { hostToWebviewSchema, parseMessage, type HostToWebview, type WebviewToHost } from '../protocol/messages';
import { FlowView } from './flow-view';

interface VsCodeApi {
  postMessage(message: WebviewToHost): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const root = document.getElementById('root');
if (root) {
  const view = new FlowView(root, (message) => vscode.postMessage(message), vscode.getState(), (state) => vscode.setState(state));
  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    const parsed = parseMessage(hostToWebviewSchema, event.data);
    if (parsed.ok) view.receive(parsed.message as HostToWebview);
    else console.warn(`FlowStudio: ignored an invalid message from the host: ${parsed.error}`);
  });
  root.dataset.flowstudio = 'loaded';
  vscode.postMessage({ type: 'ready' });
}
