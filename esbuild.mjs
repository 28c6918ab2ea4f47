// Builds the bundles: the extension (with its lazily loaded parts under dist/lazy/), the webview and
// its elk layout script, the CLI, the engine library, the flow server library (dist/server.js, which
// the MCP benchmarks drive in-process), and the CLI again for the .vsix.
// `node esbuild.mjs --watch` rebuilds on change.
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import * as esbuild from 'esbuild';

const watch = process.argv.includes('--watch');
// `--metafile` writes dist/<bundle>.meta.json per bundle: what each one holds and who imported it (esbuild.github.io/analyze reads it).
const metafile = process.argv.includes('--metafile');
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

// The extension host loads dist/extension.js before activate() runs, and activation only registers the
// editor, views and commands: the engine's schemas, a model call, an MCP server or a regex come later or
// never. So those parts are bundles of their own (dist/lazy/*.js), required the first time code reads
// one of their exports: in the bundle that imports it, each such module is a stub whose exports are
// getters that load the real bundle. (esbuild splits code only for ES modules; an extension host
// loads CommonJS.)
const lazyPackageGroups = [
  { name: 'ai-sdk', packages: /^(ai|@ai-sdk\/[^/]+|ollama-ai-provider-v2)$/ },
  // ajv (JSON Schema checks of MCP tool arguments) too: the SDK bundles it anyway.
  { name: 'mcp-sdk', packages: /^(@modelcontextprotocol\/sdk\/.+|ajv)$/ },
  // The RE2 engine for regexes in flows builds its Unicode tables when loaded; only a `matches` needs it.
  { name: 're2', packages: /^re2js$/ },
];
// The engine and the host/webview protocol, as the extension's own code imports them: building their
// zod schemas took most of the 75 ms the extension bundle needed to load. The engine bundle in turn
// leaves the packages above to their lazy bundles. The extension's code must not import zod itself: a
// second zod would land in dist/extension.js. Not in watch mode, which rebuilds only what the
// extension's own files import: there the engine stays in dist/extension.js.
const engineGroup = {
  name: 'engine',
  importers: path.resolve('src/extension') + path.sep,
  modules: [path.resolve('src/engine') + path.sep, path.resolve('src/protocol') + path.sep],
  // The engine carries jsonc-parser anyway; the extension needs it only when a command edits an mcp.json.
  packages: /^jsonc-parser$/,
  refused: { packages: /^zod(\/|$)/, reason: 'the extension reaches zod through the engine (dist/lazy/engine.js), never directly' },
};
const requireFromRoot = createRequire(import.meta.url);
/** Per lazy bundle, what it exports: package names, or our modules' paths from the repository root. */
const lazyExports = new Map([engineGroup, ...lazyPackageGroups].map((group) => [group.name, new Set()]));

/**
 * Replaces imports of the groups' modules by stubs that load `${dir}<group>.js` on first use. Only
 * imports from our sources: code in node_modules imports its dependencies as it always did.
 */
function lazyImports(dir, groups) {
  return {
    name: 'lazy-imports',
    setup(build) {
      const stub = (key, group) => {
        lazyExports.get(group.name).add(key);
        return { path: key, namespace: 'lazy-stub', pluginData: group.name };
      };
      build.onResolve({ filter: /^[@a-z]/ }, ({ path: specifier, importer, namespace }) => {
        if (namespace !== 'file' || importer.includes('node_modules')) return undefined;
        const ownGroups = groups.filter((candidate) => !candidate.importers || importer.startsWith(candidate.importers));
        const refusal = ownGroups.find((candidate) => candidate.refused?.packages.test(specifier))?.refused;
        if (refusal) return { errors: [{ text: `${path.relative(process.cwd(), importer)} imports ${specifier}: ${refusal.reason}` }] };
        const group = ownGroups.find((candidate) => candidate.packages?.test(specifier));
        return group ? stub(specifier, group) : undefined;
      });
      build.onResolve({ filter: /^\.\.?\// }, async ({ path: specifier, importer, namespace, resolveDir, kind, pluginData }) => {
        const group = groups.find((candidate) => candidate.modules && importer.startsWith(candidate.importers));
        if (namespace !== 'file' || !group || pluginData === 'lazy-imports') return undefined;
        const resolved = await build.resolve(specifier, { importer, resolveDir, kind, pluginData: 'lazy-imports' });
        if (resolved.errors.length > 0 || !group.modules.some((folder) => resolved.path.startsWith(folder))) return undefined;
        return stub(path.relative(process.cwd(), resolved.path).split(path.sep).join('/'), group);
      });
      // The stub's own require of the lazy bundle stays a require at run time.
      build.onResolve({ filter: /.*/, namespace: 'lazy-stub' }, ({ path: file }) => ({ path: file, external: true }));
      build.onLoad({ filter: /.*/, namespace: 'lazy-stub' }, async ({ path: key, pluginData }) => {
        const names = key.startsWith('src/') ? await exportNames(key) : Object.keys(requireFromRoot(key));
        // The getters sit on the prototype of module.exports, not on it: each importing module's
        // ES-module wrapper copies the own properties of what it imports but keeps its prototype, and
        // copying the engine's 120 getters into ~30 importers was most of the bundle's load time.
        const contents = [
          `let loaded;`,
          `const load = () => (loaded ??= require(${JSON.stringify(`${dir}${pluginData}.js`)})[${JSON.stringify(key)}]);`,
          `const lazy = {};`,
          `for (const name of ${JSON.stringify(names.filter((name) => name !== '__esModule'))})`,
          `  Object.defineProperty(lazy, name, { enumerable: true, get: () => load()[name] });`,
          `module.exports = Object.create(lazy, { __esModule: { value: true } });`,
        ].join('\n');
        return { contents, loader: 'js', resolveDir: process.cwd() };
      });
    },
  };
}

// Each module importing a CommonJS module gets its own ES-module copy of it: for `vscode`, whose API
// object has hundreds of members, that was one copy per importing file (about 40) at every load. One
// ES module re-exports `vscode` for all of them, so it is copied once.
const sharedVscode = {
  name: 'shared-vscode',
  setup(build) {
    build.onResolve({ filter: /^vscode$/ }, ({ namespace }) =>
      namespace === 'shared-vscode' ? { path: 'vscode', external: true } : { path: 'vscode', namespace: 'shared-vscode' },
    );
    build.onLoad({ filter: /.*/, namespace: 'shared-vscode' }, () => ({ contents: "export * from 'vscode';", loader: 'js' }));
  },
};

/** The names a module of ours exports, as esbuild sees them (through `export *` too). */
async function exportNames(file) {
  const result = await esbuild.build({
    entryPoints: [file],
    bundle: true,
    write: false,
    metafile: true,
    format: 'esm',
    platform: 'node',
    packages: 'external',
    logLevel: 'error',
  });
  return Object.values(result.metafile.outputs)[0].exports;
}

/** One bundle exporting each module by its key, each evaluated on first access. */
async function buildLazyBundle(name, keys, plugins = []) {
  const contents = keys
    .map((key) => {
      const specifier = key.startsWith('src/') ? `./${key}` : key;
      return `Object.defineProperty(exports, ${JSON.stringify(key)}, { enumerable: true, get: () => require(${JSON.stringify(specifier)}) });`;
    })
    .join('\n');
  const outfile = `dist/lazy/${name}.js`;
  const result = await esbuild.build({
    ...common,
    stdin: { contents, resolveDir: process.cwd(), loader: 'js' },
    outfile,
    platform: 'node',
    format: 'cjs',
    external: ['vscode', ...native],
    minify: !watch,
    metafile,
    plugins,
  });
  if (metafile) await writeFile(outfile.replace(/\.js$/, '.meta.json'), JSON.stringify(result.metafile));
}

/** After each build of the extension: the engine bundle first (it adds to the packages' exports), then the packages'. */
let builtLazyExports = '';
async function buildLazyBundles(result) {
  if (result.errors.length > 0) return;
  const engineKeys = [...lazyExports.get(engineGroup.name)].sort();
  if (engineKeys.length > 0) await buildLazyBundle(engineGroup.name, engineKeys, [lazyImports('./', lazyPackageGroups)]);
  // Rebuilt when the set of packages imported changes (in watch mode, the code in them never does).
  const key = JSON.stringify(lazyPackageGroups.map((group) => [...lazyExports.get(group.name)].sort()));
  if (key === builtLazyExports) return;
  builtLazyExports = key;
  await Promise.all(lazyPackageGroups.map((group) => buildLazyBundle(group.name, [...lazyExports.get(group.name)].sort())));
}

const afterExtensionBuild = { name: 'lazy-bundles', setup: (build) => build.onEnd(buildLazyBundles) };

const builds = [
  {
    entryPoints: ['src/extension/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    external: ['vscode', ...native],
    minify: !watch,
    plugins: [sharedVscode, lazyImports('./lazy/', watch ? lazyPackageGroups : [engineGroup, ...lazyPackageGroups]), afterExtensionBuild],
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
  await Promise.all(
    builds.map(async (b) => {
      const result = await esbuild.build({ ...common, ...b, metafile });
      if (metafile) await writeFile(b.outfile.replace(/\.js$/, '.meta.json'), JSON.stringify(result.metafile));
    }),
  );
}
