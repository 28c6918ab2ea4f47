// Webview benchmark: a generated 1,000-node / 1,500-edge flow opened in the real canvas bundle in
// headless Debian chromium: time to first interactive paint (in a browser with no DevTools session,
// as a webview runs; and again under Playwright, which attaches one), frame times while dragging a
// node, and the bundle sizes. `npm run bench:webview` (after `npm run build`). Prints a Markdown row.
import { copyFileSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { chromium } from 'playwright-core';
import { tsImport } from 'tsx/esm/api';
import { startPageServer } from './page-server.mjs';
import { launchUnattachedChromium } from './unattached-chromium.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const here = path.join(root, 'bench', 'webview');
const out = path.resolve(process.env.BENCH_OUT ?? path.join(root, 'out', 'bench-webview'));
const nodeCount = Number(process.env.BENCH_NODES ?? 1000);
const edgeCount = Number(process.env.BENCH_EDGES ?? 1500);
const runs = Number(process.env.BENCH_RUNS ?? 5);

const { generatedFlow, hostMessages } = await tsImport('./messages.ts', import.meta.url);
const { fontUrlsIn } = await tsImport('../../src/extension/editor/preloaded-fonts.ts', import.meta.url);
// The webview's page preloads the fonts its stylesheet uses (webview-html.ts); so does the bench page.
const fontPreloads = fontUrlsIn(readFileSync(path.join(root, 'dist', 'webview.css'), 'utf8'))
  .map((url) => `<link rel="preload" href="${url}" as="font" crossorigin>\n`)
  .join('');
mkdirSync(out, { recursive: true });
// The same page with a 20-node flow is the baseline: what loading the canvas costs whatever the flow.
const baselineNodes = 20;
for (const [name, nodes, edges] of [
  ['large', nodeCount, edgeCount],
  ['baseline', baselineNodes, baselineNodes],
]) {
  const messages = hostMessages(generatedFlow(nodes, edges), path.join(out, `${name}.flow.json`));
  // Fetched by the page on `ready`, as a webview gets them from its host, not carried in the page: as
  // JSON in the page (until the evening 2026-12-01 rows) the 263 KB held the bundle's own loading up by about
  // 80 ms, and before that as a script of object literals ahead of the bundle by about 45 ms more.
  writeFileSync(path.join(out, `${name}.messages.json`), JSON.stringify(messages));
  writeFileSync(
    path.join(out, `page-${name}.html`),
    readFileSync(path.join(here, 'page.html'), 'utf8')
      .replace('HOST_MESSAGES', `${name}.messages.json`)
      .replace('FONT_PRELOADS', () => fontPreloads),
  );
}
for (const file of readdirSync(path.join(root, 'dist')).filter((f) => /^(webview\.(js|css)|elk\.js|codicon-.*\.ttf)$/.test(f)))
  copyFileSync(path.join(root, 'dist', file), path.join(out, file));
for (const file of ['bench-host.js']) copyFileSync(path.join(here, file), path.join(out, file));
copyFileSync(path.join(root, 'media', 'flow-editor.css'), path.join(out, 'flow-editor.css'));
// The floor: React and React Flow alone on the same page, built like webview.js (see floor-page.tsx).
await esbuild.build({
  entryPoints: [path.join(here, 'floor-page.tsx')],
  outfile: path.join(out, 'floor.js'),
  bundle: true,
  minify: true,
  platform: 'browser',
  format: 'iife',
  jsx: 'automatic',
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'error',
});
writeFileSync(
  path.join(out, 'page-floor.html'),
  readFileSync(path.join(out, 'page-baseline.html'), 'utf8')
    .replace(fontPreloads, '')
    .replace('src="webview.js"', 'src="floor.js"')
    .replace('href="webview.css"', 'href="floor.css"'),
);
// VS Code sets these on a webview's root; a dark theme's values stand in for them here.
writeFileSync(
  path.join(out, 'theme.css'),
  `:root { --vscode-font-family: sans-serif; --vscode-font-size: 13px; --vscode-editor-background: #1e1e1e; --vscode-editor-foreground: #d4d4d4; --vscode-editorWidget-background: #252526; --vscode-editorWidget-border: #454545; --vscode-focusBorder: #007fd4; --vscode-panel-border: #333; --vscode-descriptionForeground: #999; --vscode-editorLineNumber-foreground: #858585; }`,
);

if (process.env.BENCH_PAGES_ONLY) {
  // For ab.mjs: the pages and this build's files, not run.
  console.log(`wrote the bench pages to ${out}`);
  process.exit(0);
}

const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const viewport = { width: 1400, height: 900 };
const pageNames = ['floor', 'baseline', 'large'];

// First paint as a webview gets it: pages over HTTP in a chromium no DevTools session is attached to,
// each reporting its paint time to the page server. The three pages take turns in every round.
const unattached = Object.fromEntries(pageNames.map((name) => [name, []]));
const server = await startPageServer(out);
/** Opens one bench page in `browser` and resolves with what it reports once it has painted. */
const reportOf = async (browser, name) => {
  const id = await browser.open(server.url(`page-${name}.html`));
  const report = await server.next(30_000);
  await browser.close(id);
  return report;
};
// The first page of a fresh browser pays for starting its renderer: a warm-up, not measured. It
// also says how much of the window headless chromium keeps for itself, so the window is sized to
// give the pages the same viewport as Playwright's.
let plain = await launchUnattachedChromium(executablePath, viewport);
const shown = await reportOf(plain, 'floor');
if (shown.width !== viewport.width || shown.height !== viewport.height) {
  await plain.dispose();
  plain = await launchUnattachedChromium(executablePath, {
    width: 2 * viewport.width - shown.width,
    height: 2 * viewport.height - shown.height,
  });
  await reportOf(plain, 'floor');
}
try {
  for (let i = 0; i < runs; i += 1) {
    for (const name of pageNames) {
      const report = await reportOf(plain, name);
      if (report.width !== viewport.width || report.height !== viewport.height)
        throw new Error(`the page was ${report.width}×${report.height}, not ${viewport.width}×${viewport.height}`);
      unattached[name].push(report.paintedAt);
    }
  }
} finally {
  await plain.dispose();
}

const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu'] });
const paints = [];
const baselinePaints = [];
const floorPaints = [];
const frameSets = [];
const fullViewFrameSets = [];
const dragNode = `n${nodeCount > 41 ? 41 : 5}`;

/**
 * Where the node to drag is on screen: its element's box, or, in the overview (where nodes are
 * drawn on a canvas, not elements), its flow position, as its element last had it (an earlier drag
 * moved it), through the viewport's transform.
 */
let dragNodePosition;
async function dragNodeBox(page) {
  const element = page.locator(`.react-flow__node[data-id="${dragNode}"]`);
  if (await element.count()) return element.boundingBox();
  if (!dragNodePosition) throw new Error(`${dragNode} was never drawn as an element`);
  return page.evaluate(({ x, y }) => {
    const pane = document.querySelector('.react-flow')?.getBoundingClientRect();
    const transform = /translate\((-?[\d.]+)px, ?(-?[\d.]+)px\) scale\(([\d.]+)\)/.exec(
      document.querySelector('.react-flow__viewport')?.style.transform ?? '',
    );
    if (!pane || !transform) return null;
    const [tx, ty, zoom] = transform.slice(1).map(Number);
    return { x: pane.left + tx + x * zoom, y: pane.top + ty + y * zoom, width: 160 * zoom, height: 60 * zoom };
  }, dragNodePosition);
}

/** The flow position React Flow gives the node to drag, read from its element's transform. */
async function readDragNodePosition(page) {
  const transform = await page.locator(`.react-flow__node[data-id="${dragNode}"]`).evaluate((el) => el.style.transform);
  const [x, y] = /translate\((-?[\d.]+)px, ?(-?[\d.]+)px\)/.exec(transform).slice(1).map(Number);
  dragNodePosition = { x, y };
}

/** Drags one node across the canvas in 60 moves; the time of each frame the drag showed in. */
async function dragFrames(page) {
  const box = await dragNodeBox(page);
  if (!box) throw new Error('the node to drag is not on screen');
  await page.evaluate(() => {
    window.__bench.frames = [];
    window.__bench.posted = [];
    window.__bench.recordFrames = true;
  });
  const [x, y] = [box.x + box.width / 2, box.y + Math.min(8, box.height / 2)];
  await page.mouse.move(x, y);
  await page.mouse.down();
  for (let step = 1; step <= 60; step += 1) await page.mouse.move(x + step * 5, y + step * 2);
  await page.mouse.up();
  await page.waitForFunction(() => !window.__bench.framePending, undefined, { timeout: 10_000 });
  const frames = await page.evaluate(() => ((window.__bench.recordFrames = false), window.__bench.frames));
  if (frames.length < 10) throw new Error(`a drag of 60 moves showed in only ${frames.length} frames`);
  const moved = await page.evaluate(() => window.__bench.posted.filter((m) => m.type === 'edit').map((m) => m.edits[0].type));
  if (!moved.includes('moveNodes')) throw new Error(`the drag sent no moveNodes edit (sent: ${moved.join(', ') || 'nothing'})`);
  return frames;
}

/** Resolves once the canvas's transform has not changed for three frames (fit view animates). */
function viewportSettled() {
  return new Promise((resolve) => {
    let last = '';
    let same = 0;
    const check = () => {
      const now = document.querySelector('.react-flow__viewport')?.getAttribute('style') ?? '';
      same = now === last ? same + 1 : 0;
      last = now;
      if (same >= 3) resolve();
      else requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  });
}

try {
  for (let i = 0; i < runs; i += 1) {
    const floor = await browser.newPage({ viewport });
    await floor.goto(server.url('page-floor.html'));
    await floor.waitForFunction(() => window.__bench.paintedAt > 0, undefined, { timeout: 30_000 });
    floorPaints.push(await floor.evaluate(() => window.__bench.paintedAt));
    await floor.close();

    const baseline = await browser.newPage({ viewport });
    await baseline.goto(server.url('page-baseline.html'));
    await baseline.waitForFunction(() => window.__bench.paintedAt > 0, undefined, { timeout: 30_000 });
    baselinePaints.push(await baseline.evaluate(() => window.__bench.paintedAt));
    await baseline.close();

    const page = await browser.newPage({ viewport });
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(server.url('page-large.html'));
    await page.waitForFunction(() => window.__bench.paintedAt > 0, undefined, { timeout: 30_000 });
    const shown = await page.evaluate(
      () =>
        `${document.querySelectorAll('.react-flow__node').length} node and ${document.querySelectorAll('.react-flow__edge').length} edge`,
    );
    if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
    paints.push(await page.evaluate(() => window.__bench.paintedAt));

    // Drag one node as the flow opens (at 100%), then again with the whole flow in view, where
    // every node and edge is drawn: the most a drag can have to redraw.
    frameSets.push(await dragFrames(page));
    await readDragNodePosition(page);
    await page.locator('#fit-view').click();
    // Every node shown, as elements or drawn on the overview canvas.
    await page.waitForFunction(
      (count) =>
        document.querySelectorAll('.react-flow__node').length +
          Number(document.querySelector('.overview-canvas')?.dataset.drawnNodes ?? 0) >=
        count,
      nodeCount,
      { timeout: 30_000 },
    );
    await page.evaluate(viewportSettled);
    const shownAll = await page.evaluate(() => {
      const canvas = document.querySelector('.overview-canvas');
      return `${document.querySelectorAll('.react-flow__node').length} node and ${document.querySelectorAll('.react-flow__edge').length} edge elements and ${canvas?.dataset.drawnNodes ?? 0} nodes and ${canvas?.dataset.drawnEdges ?? 0} edges drawn on the overview canvas`;
    });
    fullViewFrameSets.push(await dragFrames(page));
    if (i === 0) console.error(`rendered ${shown} elements at 100%, ${shownAll} with the whole flow in view`);
    await page.close();
  }
} finally {
  await browser.close();
  await server.close();
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const percentile = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];
const frames = frameSets.flat();
const fullViewFrames = fullViewFrameSets.flat();
const kb = (file) => (statSync(path.join(root, 'dist', file)).size / 1024).toFixed(0);
const result = {
  date: new Date().toISOString().slice(0, 10),
  machine: `${os.cpus()[0]?.model ?? 'cpu'} ×${os.cpus().length}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GB`,
  nodes: nodeCount,
  edges: edgeCount,
  firstPaintMs: { median: median(unattached.large), max: Math.max(...unattached.large) },
  // Per round, as the pages of one round ran within seconds of each other: steadier than either time
  // when the VM's speed drifts.
  timesFloor: median(unattached.large.map((ms, i) => ms / unattached.floor[i])),
  baselineFirstPaintMs: { nodes: baselineNodes, median: median(unattached.baseline) },
  floorFirstPaintMs: { nodes: baselineNodes, median: median(unattached.floor) },
  underPlaywrightFirstPaintMs: { median: median(paints), baseline: median(baselinePaints), floor: median(floorPaints) },
  loadAverage: os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' '),
  dragFrameMs: { median: median(frames), p95: percentile(frames, 0.95), max: Math.max(...frames), count: frames.length },
  dragFrameWholeFlowInViewMs: {
    median: median(fullViewFrames),
    p95: percentile(fullViewFrames, 0.95),
    max: Math.max(...fullViewFrames),
    count: fullViewFrames.length,
  },
  bundleKb: { webviewJs: kb('webview.js'), webviewCss: kb('webview.css'), elkJs: kb('elk.js') },
};
console.log(JSON.stringify(result, null, 2));
console.log(
  `| ${result.date} | ${result.machine}, load ${result.loadAverage} | ${nodeCount} / ${edgeCount} | ${result.firstPaintMs.median.toFixed(0)} ms (${result.timesFloor.toFixed(2)}× the floor; max ${result.firstPaintMs.max.toFixed(0)}; ${baselineNodes}-node baseline ${result.baselineFirstPaintMs.median.toFixed(0)} ms; bare React Flow floor ${result.floorFirstPaintMs.median.toFixed(0)} ms; under Playwright ${result.underPlaywrightFirstPaintMs.median.toFixed(0)} / ${result.underPlaywrightFirstPaintMs.baseline.toFixed(0)} / ${result.underPlaywrightFirstPaintMs.floor.toFixed(0)} ms) | ${result.dragFrameMs.median.toFixed(1)} / ${result.dragFrameMs.p95.toFixed(1)} / ${result.dragFrameMs.max.toFixed(1)} ms at 100%; ${result.dragFrameWholeFlowInViewMs.median.toFixed(1)} / ${result.dragFrameWholeFlowInViewMs.p95.toFixed(1)} / ${result.dragFrameWholeFlowInViewMs.max.toFixed(1)} ms with all of it in view | ${result.bundleKb.webviewJs} KB + ${result.bundleKb.webviewCss} KB css (+ ${result.bundleKb.elkJs} KB elk.js on first auto-layout) |`,
);
