// Webview entry point. The React Flow canvas (src/webview/canvas/, the canvas issue) mounts here;
// until it lands the bundle only marks the root so the host's CSP and resource wiring can be tested.
const root = document.getElementById('root');
if (root) root.dataset.flowstudio = 'loaded';
