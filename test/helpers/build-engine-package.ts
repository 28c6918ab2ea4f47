// Builds the engine library from source as an installed `flowstudio` package would be (package.json,
// dist/engine.js), so a test can run a program that imports 'flowstudio' against this repository.
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { build } from 'esbuild';
import { repoRoot } from './build-cli';

/** Writes the package into `dir/flowstudio` and returns that folder. */
export async function buildEnginePackage(dir: string): Promise<string> {
  const packageDir = path.join(dir, 'flowstudio');
  mkdirSync(path.join(packageDir, 'dist'), { recursive: true });
  // The same packages stay external as in esbuild.mjs's engine bundle.
  await build({
    entryPoints: [path.join(repoRoot, 'src/engine/index.ts')],
    outfile: path.join(packageDir, 'dist/engine.js'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    mainFields: ['module', 'main'],
    external: ['@lancedb/lancedb', 'ai', '@ai-sdk/*', 'ollama-ai-provider-v2'],
    logLevel: 'silent',
  });
  writeFileSync(path.join(packageDir, 'package.json'), JSON.stringify({ name: 'flowstudio', main: 'dist/engine.js' }));
  const modules = path.join(packageDir, 'node_modules');
  if (!existsSync(modules)) symlinkSync(path.join(repoRoot, 'node_modules'), modules, 'dir');
  return packageDir;
}
