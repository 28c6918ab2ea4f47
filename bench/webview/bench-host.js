// Stand-in for acquireVsCodeApi() in the bench page, and the paint/frame probes the runner reads.
(() => {
  const messagesFile = document.currentScript.dataset.hostMessages;
  const bench = (window.__bench = { posted: [], readyAt: 0, paintedAt: 0, frames: [] });
  window.acquireVsCodeApi = () => ({
    postMessage(message) {
      bench.posted.push(message);
      if (message.type === 'ready') {
        bench.readyAt = performance.now();
        // As VS Code's host answers `ready`: the messages come from elsewhere once it is said.
        void fetch(messagesFile)
          .then((response) => response.json())
          .then((messages) => {
            for (const m of messages) window.postMessage(m, '*');
          });
      } else if (message.requestId) {
        window.postMessage({ type: 'response', requestId: message.requestId, ok: true }, '*');
      }
    },
    getState: () => undefined,
    setState: () => {},
  });
  // First interactive paint: the first frame painted after React Flow has measured nodes and shows them
  // (it keeps unmeasured nodes hidden) with their edges drawn, as SVG or, far zoomed out, on the
  // edge canvas. A message posted from requestAnimationFrame runs after that frame.
  const afterNextPaint = (callback) =>
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => callback(performance.now());
      channel.port2.postMessage(0);
    });
  const watchPaint = () => {
    const shown =
      document.querySelector('.react-flow__node[style*="visibility: visible"], .react-flow__node:not([style*="visibility"])') &&
      (document.querySelector('.react-flow__edge-path') || Number(document.querySelector('.overview-canvas')?.dataset.drawnEdges) > 0);
    if (shown)
      afterNextPaint((t) => {
        bench.paintedAt = t;
        // Served by page-server.mjs (a browser with no DevTools session): the only way to say it.
        if (location.protocol === 'http:')
          navigator.sendBeacon('report', JSON.stringify({ paintedAt: t, width: innerWidth, height: innerHeight }));
      });
    else requestAnimationFrame(watchPaint);
  };
  requestAnimationFrame(watchPaint);
  // Drag frames: from the first pointermove of a frame to the end of the frame that shows it.
  // Several moves can arrive within one frame; timing each would count the later ones (a
  // millisecond before the frame) as frames of their own.
  window.addEventListener(
    'pointermove',
    (event) => {
      if (!bench.recordFrames || event.buttons === 0 || bench.framePending) return;
      bench.framePending = true;
      const start = performance.now();
      afterNextPaint((t) => {
        bench.framePending = false;
        bench.frames.push(t - start);
      });
    },
    true,
  );
})();
