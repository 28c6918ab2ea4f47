// Builds the bundles: the extension (with its lazily loaded parts under dist/lazy/), the webview and
// its elk layout script, the CLI, the engine library, the flow server library (dist/server.js, which
// the MCP benchmarks drive in-process), and the CLI again for the .vsix.
// `node esbuild.mjs --watch` rebuilds on change.
import { copyFile, mkdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import * as esbuild from 'esbuild';

const watch = process.argv.includes('--watch');
// jsonc-parser's UMD main cannot be bundled (dynamic requires); its ESM build can, hence 'module' first.
const common = { bundle: true, sourcemap: true, logLevel: 'info', target: 'es2022', mainFields: ['module', 'main'] };
// LanceDB loads a platform-specific native binary at run time; it stays in node_modules.
const native = ['@lancedb/lancedb'];
// The AI SDK and its providers stay installed packages for the CLI and the engine library: bundled,
// their 3.5 MB roughly doubled the CLI's start time even though they load only when a model runs.
const models = ['ai', '@ai-sdk/*', 'ollama-ai-provider-v2'];

// @xyflow/react 12.12 mounts its selection listener whenever `onSelectionChangeHandlers` is truthy,
// and it is always an array, so every store update (each drag frame too) walks every node and edge
// to collect the selection nobody listens for: about 5% of a 1,000-node flow's first paint. This
// mounts it only when a handler is registered, as intended; the build fails if the line changes,
// so an upgrade is checked against upstream instead of silently losing or keeping the fix.
const xyflowSelectionListener = {
  name: 'xyflow-selection-listener',
  setup(build) {
    build.onLoad({ filter: /@xyflow[\\/]react[\\/]dist[\\/]esm[\\/]index\.js$/ }, async ({ path }) => {
      const source = await readFile(path, 'utf8');
      const line = 'const changeSelector = (s) => !!s.onSelectionChangeHandlers;';
      if (!source.includes(line))
        throw new Error(
          `${path}: the selection listener line to fix was not found; check whether @xyflow/react fixed it and drop this plugin`,
        );
      return { contents: source.replace(line, 'const changeSelector = (s) => s.onSelectionChangeHandlers.length > 0;'), loader: 'js' };
    });
  },
};

// The extension host loads dist/extension.js before activate() runs, and most sessions never call a
// model, start an MCP server or match a regex, so the AI SDK with its providers, the MCP SDK (with ajv) and re2js are
// bundles of their own (dist/lazy/*.js), required the first time code reads one of their exports: in
// the extension bundle each such package is a stub whose exports are getters that load the real
// bundle. (esbuild splits code only for ES modules, and an extension host loads CommonJS.)
const lazyGroups = [
  { name: 'ai-sdk', packages: /^(ai|@ai-sdk\/[^/]+|ollama-ai-provider-v2)$/ },
  // ajv (JSON Schema checks of MCP tool arguments) too: the SDK bundles it anyway.
  { name: 'mcp-sdk', packages: /^(@modelcontextprotocol\/sdk\/.+|ajv)$/ },
  // The RE2 engine for regexes in flows builds its Unicode tables when loaded; only a `matches` needs it.
  { name: 're2', packages: /^re2js$/ },
];
const requireFromRoot = createRequire(import.meta.url);

function lazyPackages() {
  const used = new Map(lazyGroups.map((group) => [group.name, new Set()]));
  const groupOf = (specifier) => lazyGroups.find((group) => group.packages.test(specifier));
  const plugin = {
    name: 'lazy-packages',
    setup(build) {
      build.onResolve({ filter: /^[@a-z]/ }, ({ path, importer, namespace }) => {
        const group = namespace === 'file' && !importer.includes('node_modules') ? groupOf(path) : undefined;
        if (!group) return undefined;
        used.get(group.name).add(path);
        return { path, namespace: 'lazy-package', pluginData: group.name };
      });
      build.onResolve({ filter: /^\.\/lazy\// }, ({ path }) => ({ path, external: true }));
      build.onLoad({ filter: /.*/, namespace: 'lazy-package' }, ({ path, pluginData }) => {
        const names = Object.keys(requireFromRoot(path)).filter((name) => name !== '__esModule');
        const contents = [
          `let loaded;`,
          `const load = () => (loaded ??= require(${JSON.stringify(`./lazy/${pluginData}.js`)})[${JSON.stringify(path)}]);`,
          `Object.defineProperty(exports, '__esModule', { value: true });`,
          `for (const name of ${JSON.stringify(names)}) Object.defineProperty(exports, name, { enumerable: true, get: () => load()[name] });`,
        ].join('\n');
        return { contents, loader: 'js', resolveDir: process.cwd() };
      });
      // The lazy bundles hold exactly the packages the extension imports; rebuilt when that set changes.
      let built = '';
      build.onEnd(async (result) => {
        const key = JSON.stringify([...used].map(([name, specifiers]) => [name, [...specifiers].sort()]));
        if (result.errors.length > 0 || key === built) return;
        built = key;
        await Promise.all([...used].map(([name, specifiers]) => buildLazyBundle(name, [...specifiers].sort())));
      });
    },
  };
  return plugin;
}

/** One bundle exporting each package by its name, each evaluated on first access. */
function buildLazyBundle(name, specifiers) {
  const contents = specifiers
    .map(
      (specifier) =>
        `Object.defineProperty(exports, ${JSON.stringify(specifier)}, { enumerable: true, get: () => require(${JSON.stringify(specifier)}) });`,
    )
    .join('\n');
  return esbuild.build({
    ...common,
    stdin: { contents, resolveDir: process.cwd(), loader: 'js' },
    outfile: `dist/lazy/${name}.js`,
    platform: 'node',
    format: 'cjs',
    external: ['vscode', ...native],
    minify: !watch,
  });
}

const builds = [
  {
    entryPoints: ['src/extension/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    external: ['vscode', ...native],
    minify: !watch,
    plugins: [lazyPackages()],
  },
  // The canvas: React + React Flow. The CSS it imports (React Flow, codicons) becomes dist/webview.css, the codicon font a file beside it.
  {
    entryPoints: ['src/webview/main.tsx'],
    outfile: 'dist/webview.js',
    platform: 'browser',
    format: 'iife',
    minify: !watch,
    jsx: 'automatic',
    loader: { '.ttf': 'file' },
    define: { 'process.env.NODE_ENV': watch ? '"development"' : '"production"' },
    plugins: [xyflowSelectionListener],
  },
  { entryPoints: ['src/webview/layout/elk-script.ts'], outfile: 'dist/elk.js', platform: 'browser', format: 'iife', minify: !watch },
  {
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli.js',
    platform: 'node',
    format: 'cjs',
    external: [...native, ...models],
    banner: { js: '#!/usr/bin/env node' },
  },
  { entryPoints: ['src/engine/index.ts'], outfile: 'dist/engine.js', platform: 'node', format: 'cjs', external: [...native, ...models] },
  { entryPoints: ['src/server/index.ts'], outfile: 'dist/server.js', platform: 'node', format: 'cjs', external: [...native, ...models] },
  // The CLI again with the models bundled, for the .vsix (which carries no node_modules): the extension
  // runs it as `flowstudio mcp serve` to offer the workspace's flows to the editor's assistant.
  { entryPoints: ['src/cli/main.ts'], outfile: 'dist/flows-server.js', platform: 'node', format: 'cjs', external: native, minify: !watch },
  // The worker thread running code.js snippets in QuickJS. The interpreter's loader is an ES module that
  // finds its .wasm through import.meta.url, which a CommonJS bundle must supply: the bundle's own URL,
  // with the .wasm copied beside it.
  {
    entryPoints: ['src/engine/components/code/sandbox-worker.ts'],
    outfile: 'dist/code-sandbox.js',
    platform: 'node',
    format: 'cjs',
    define: { 'import.meta.url': 'bundleUrl' },
    banner: { js: "const bundleUrl = require('node:url').pathToFileURL(__filename).href;" },
  },
];
await mkdir('dist', { recursive: true });
await copyFile(requireFromRoot.resolve('@jitl/quickjs-wasmfile-release-sync/wasm'), 'dist/emscripten-module.wasm');

if (watch) {
  const contexts = await Promise.all(builds.map((b) => esbuild.context({ ...common, ...b })));
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  await Promise.all(builds.map((b) => esbuild.build({ ...common, ...b })));
}
