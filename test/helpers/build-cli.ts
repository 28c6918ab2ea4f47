// Builds the CLI from source into a folder, the way esbuild.mjs does, so CLI tests run what users run.
import * as path from 'node:path';
import { build } from 'esbuild';

export const repoRoot = path.resolve(__dirname, '../..');

export async function buildCli(outDir: string): Promise<string> {
  const outfile = path.join(outDir, 'cli.js');
  await build({ entryPoints: [path.join(repoRoot, 'src/cli/main.ts')], outfile, bundle: true, platform: 'node', format: 'cjs', mainFields: ['module', 'main'], logLevel: 'silent' });
  return outfile;
}
