// Builds the CLI from source into a folder, the way esbuild.mjs does, so CLI tests run what users run.
import { copyFileSync, existsSync, symlinkSync } from 'node:fs';
import * as path from 'node:path';
import { build } from 'esbuild';

export const repoRoot = path.resolve(__dirname, '../..');

export async function buildCli(outDir: string): Promise<string> {
  const outfile = path.join(outDir, 'cli.js');
  // The same packages stay external as in esbuild.mjs; a node_modules link lets the bundle find them as an installed package would.
  await build({
    entryPoints: [path.join(repoRoot, 'src/cli/main.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    mainFields: ['module', 'main'],
    external: ['@lancedb/lancedb', 'ai', '@ai-sdk/*', 'ollama-ai-provider-v2'],
    logLevel: 'silent',
  });
  // code.js runs in a worker bundled beside the CLI, with the QuickJS .wasm next to it, as in dist/.
  await build({
    entryPoints: [path.join(repoRoot, 'src/engine/components/code/sandbox-worker.ts')],
    outfile: path.join(outDir, 'code-sandbox.js'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    mainFields: ['module', 'main'],
    define: { 'import.meta.url': 'bundleUrl' },
    banner: { js: "const bundleUrl = require('node:url').pathToFileURL(__filename).href;" },
    logLevel: 'silent',
  });
  copyFileSync(require.resolve('@jitl/quickjs-wasmfile-release-sync/wasm'), path.join(outDir, 'emscripten-module.wasm'));
  const modules = path.join(outDir, 'node_modules');
  if (!existsSync(modules)) symlinkSync(path.join(repoRoot, 'node_modules'), modules, 'dir');
  return outfile;
}
