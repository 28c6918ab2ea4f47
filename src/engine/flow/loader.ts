// Reads flow files from disk for sub-flows, caching each parse until the file changes. Files are
// known by their real path, so a folder link (`d -> .`) cannot make one file look like many.
import { realpathSync, statSync } from 'node:fs';
import * as path from 'node:path';
import type { LoadedFlow } from '../components/define-component';
import type { FileAccess } from '../files/file-access';
import { readFlowFileSync } from '../files/file-access';
import { DEFAULT_MAX_FILE_BYTES } from '../files/file-rules';
import { parseFlow } from './parse';

export interface FlowLoader {
  /** Loads `file` (absolute, or relative to `fromDir`); throws FlowError or a readable Error. `file` of the result is the real path. */
  load(file: string, fromDir: string): LoadedFlow;
}

export class FileFlowLoader implements FlowLoader {
  private readonly cache = new Map<string, { mtimeMs: number; size: number; loaded: LoadedFlow }>();

  constructor(private readonly maxFileBytes: number = DEFAULT_MAX_FILE_BYTES) {}

  load(file: string, fromDir: string): LoadedFlow {
    const absolute = path.resolve(fromDir, file);
    let real: string;
    let stat;
    try {
      real = realpathSync.native(absolute);
      stat = statSync(real);
    } catch {
      throw new Error(`flow file '${file}' was not found (looked for ${absolute})`);
    }
    const cached = this.cache.get(real);
    if (cached && stat.isFile() && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) return cached.loaded;
    const loaded = { file: real, flow: parseFlow(readFlowFileSync(real, file, this.maxFileBytes), real) };
    this.cache.set(real, { mtimeMs: stat.mtimeMs, size: stat.size, loaded });
    return loaded;
  }
}

/** A loader that lets through only flow files inside a run's allowed roots, for sub-flows of that run. */
export class RootedFlowLoader implements FlowLoader {
  constructor(
    private readonly inner: FlowLoader,
    private readonly files: FileAccess,
  ) {}

  load(file: string, fromDir: string): LoadedFlow {
    const real = this.files.flowFilePathSync(file, fromDir);
    return this.inner.load(real, path.dirname(real));
  }
}

export const defaultFlowLoader: FlowLoader = new FileFlowLoader();
