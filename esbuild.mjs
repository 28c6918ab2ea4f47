// Builds the four bundles named in DESIGN.md. `node esbuild.mjs --watch` rebuilds on change.
import * as esbuild from 'esbuild';

const watch = process.argv.includes('--watch');
// jsonc-parser's UMD main cannot be bundled (dynamic requires); its ESM build can, hence 'module' first.
const common = { bundle: true, sourcemap: true, logLevel: 'info', target: 'es2022', mainFields: ['module', 'main'] };
// LanceDB loads a platform-specific native binary at run time; it stays in node_modules.
const native = ['@lancedb/lancedb'];

const builds = [
  { entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', platform: 'node', format: 'cjs', external: ['vscode', ...native], minify: !watch },
  { entryPoints: ['src/webview/main.ts'], outfile: 'dist/webview.js', platform: 'browser', format: 'iife', minify: !watch },
  { entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', platform: 'node', format: 'cjs', external: native, banner: { js: '#!/usr/bin/env node' } },
  { entryPoints: ['src/engine/index.ts'], outfile: 'dist/engine.js', platform: 'node', format: 'cjs', external: native },
];

if (watch) {
  const contexts = await Promise.all(builds.map((b) => esbuild.context({ ...common, ...b })));
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  await Promise.all(builds.map((b) => esbuild.build({ ...common, ...b })));
}
