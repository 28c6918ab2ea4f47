// Reads flow files from disk for sub-flows, caching each parse until the file changes.
import { readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import type { LoadedFlow } from '../components/define-component';
import { parseFlow } from './parse';

export interface FlowLoader {
  /** Loads `file` (absolute, or relative to `fromDir`); throws FlowError or a readable Error. */
  load(file: string, fromDir: string): LoadedFlow;
}

export class FileFlowLoader implements FlowLoader {
  private readonly cache = new Map<string, { mtimeMs: number; size: number; loaded: LoadedFlow }>();

  load(file: string, fromDir: string): LoadedFlow {
    const absolute = path.resolve(fromDir, file);
    let stat;
    try {
      stat = statSync(absolute);
    } catch {
      throw new Error(`flow file '${file}' was not found (looked for ${absolute})`);
    }
    const cached = this.cache.get(absolute);
    if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) return cached.loaded;
    const loaded = { file: absolute, flow: parseFlow(readFileSync(absolute, 'utf8'), absolute) };
    this.cache.set(absolute, { mtimeMs: stat.mtimeMs, size: stat.size, loaded });
    return loaded;
  }
}

export const defaultFlowLoader: FlowLoader = new FileFlowLoader();
