// The one way a run touches the disk: input.file, output.file, rag.load, flow.run and flow.tool all go
// through a FileAccess made for the run, which keeps every path inside the allowed roots.
import { closeSync, constants, fstatSync, openSync, readSync, realpathSync } from 'node:fs';
import { mkdir, open, readdir, realpath, type FileHandle } from 'node:fs/promises';
import * as path from 'node:path';
import {
  DEFAULT_MAX_FILE_BYTES,
  describeSize,
  FileAccessError,
  hasAcceptedEnding,
  isFlowFileName,
  isInside,
  isSystemPath,
  outsideRootsError,
} from './file-rules';

export interface FileAccessOptions {
  /**
   * Folders besides the flow's own that flows may read and write (the workspace folders, `--allow-root DIR`);
   * relative ones resolve against the flow's folder.
   */
  roots?: readonly string[];
  /** Largest file read or written, in bytes (default 10 MB). */
  maxFileBytes?: number;
}

export interface ReadOptions {
  signal?: AbortSignal;
  /** File endings the caller accepts (from parseAccept); empty or absent accepts any. */
  accept?: readonly string[];
  /** How the error names the path, e.g. "input 'doc': file". */
  what?: string;
}

export interface ListedFile {
  /** Real absolute path. */
  path: string;
  /** Path relative to the flow's folder, with forward slashes. */
  relative: string;
}

/** Folders never worth reading as documents: dependencies, VCS data and our own vector data. */
const SKIPPED_FOLDERS = new Set(['node_modules', '.git', '.flowstudio']);
const MAX_LISTED_FILES = 10_000;
const READ_CHUNK = 1024 * 1024;
// O_NONBLOCK makes opening a FIFO return at once instead of waiting for a writer; fstat then refuses it.
const NONBLOCK = constants.O_NONBLOCK ?? 0;
const NOFOLLOW = constants.O_NOFOLLOW ?? 0;

export class FileAccess {
  readonly maxFileBytes: number;
  private readonly rootList: readonly string[];
  private realRootList: string[] | undefined;

  constructor(
    /** The flow's folder: relative paths resolve against it and it is always a root. */
    readonly baseDir: string,
    options: FileAccessOptions = {},
  ) {
    this.maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
    this.rootList = [baseDir, ...(options.roots ?? [])].map((root) => path.resolve(baseDir, root));
  }

  /** The allowed roots with symlinks resolved; roots that do not exist are left out. */
  get roots(): readonly string[] {
    if (!this.realRootList) {
      const real: string[] = [];
      for (const root of this.rootList) {
        try {
          real.push(realpathSync.native(root));
        } catch {
          // A root that does not exist holds no file to allow.
        }
      }
      this.realRootList = real;
    }
    return this.realRootList;
  }

  /** The options a sub-flow's run gets: the same roots and cap, so a sub-flow reaches no further than its caller. */
  get options(): FileAccessOptions {
    return { roots: this.roots, maxFileBytes: this.maxFileBytes };
  }

  /** Reads a text file a caller or a param names, after every rule has passed. */
  async readText(requested: string, options: ReadOptions = {}): Promise<{ path: string; text: string }> {
    const what = options.what ?? 'file';
    const real = await this.realPathInside(requested, what);
    if (options.accept && !hasAcceptedEnding(real, options.accept)) {
      throw new FileAccessError('not-accepted', requested, `${what} '${requested}' is not one of ${options.accept.join(', ')}`);
    }
    options.signal?.throwIfAborted();
    const handle = await open(real, constants.O_RDONLY | NONBLOCK);
    try {
      const stat = await handle.stat();
      this.checkRegularAndSize(requested, what, stat.isFile(), stat.size);
      return { path: real, text: await this.readCapped(handle, requested, what, options.signal) };
    } finally {
      await handle.close();
    }
  }

  /**
   * Writes text (UTF-8) or bytes to a file inside the roots; never a flow file, never through a symlink.
   * Returns the real path written.
   */
  async writeText(requested: string, text: string | Uint8Array, options: { signal?: AbortSignal; what?: string } = {}): Promise<string> {
    const what = options.what ?? 'file';
    const target = path.resolve(this.baseDir, requested);
    if (isFlowFileName(path.basename(target))) {
      throw new FileAccessError('flow-file', requested, `${what} '${requested}' is a flow or flow-test file; a run never writes those`);
    }
    const bytes = typeof text === 'string' ? Buffer.byteLength(text, 'utf8') : text.byteLength;
    if (bytes > this.maxFileBytes) {
      throw new FileAccessError(
        'too-large',
        requested,
        `${what} '${requested}': the text is ${describeSize(bytes)}, over the limit of ${describeSize(this.maxFileBytes)}`,
      );
    }
    const folder = await this.realFolderFor(path.dirname(target), requested, what);
    await mkdir(folder, { recursive: true });
    // The folder may have been swapped for a link while it was made; check the real one again.
    const realFolder = await realpath(folder);
    if (!this.isInsideRoots(realFolder)) throw outsideRootsError(requested, what);
    const realTarget = path.join(realFolder, path.basename(target));
    let handle: FileHandle;
    try {
      handle = await open(realTarget, constants.O_WRONLY | constants.O_CREAT | NOFOLLOW | NONBLOCK, 0o666);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ELOOP')
        throw new FileAccessError('symlink', requested, `${what} '${requested}' is a symbolic link; a run writes only plain files`);
      if (code === 'ENXIO' || code === 'EISDIR')
        throw new FileAccessError('not-a-regular-file', requested, `${what} '${requested}' is not a regular file`);
      throw error;
    }
    try {
      const stat = await handle.stat();
      if (!stat.isFile()) throw new FileAccessError('not-a-regular-file', requested, `${what} '${requested}' is not a regular file`);
      await handle.truncate(0);
      await handle.writeFile(text, typeof text === 'string' ? { encoding: 'utf8', signal: options.signal } : { signal: options.signal });
    } finally {
      await handle.close();
    }
    return realTarget;
  }

  /** Every regular file under a folder with one of the endings, skipping links, dependencies and VCS data. */
  async listFiles(
    requested: string,
    endings: readonly string[],
    options: { signal?: AbortSignal; what?: string } = {},
  ): Promise<ListedFile[]> {
    const what = options.what ?? 'folder';
    const root = await this.realPathInside(requested, what);
    const base = this.realBaseDir();
    const found: ListedFile[] = [];
    const walk = async (folder: string): Promise<void> => {
      options.signal?.throwIfAborted();
      let entries;
      try {
        entries = await readdir(folder, { withFileTypes: true });
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOTDIR') throw new FileAccessError('not-a-regular-file', requested, `${what} '${requested}' is not a folder`);
        throw error;
      }
      for (const entry of entries) {
        const full = path.join(folder, entry.name);
        // Dirent types describe the link itself, so links (which could lead out of the roots) are neither.
        if (entry.isDirectory() && !SKIPPED_FOLDERS.has(entry.name)) {
          await walk(full);
        } else if (entry.isFile() && endings.some((ext) => entry.name.toLowerCase().endsWith(ext))) {
          if (found.length >= MAX_LISTED_FILES) {
            throw new FileAccessError(
              'too-large',
              requested,
              `${what} '${requested}' holds more than ${MAX_LISTED_FILES} matching files; point it at a smaller folder`,
            );
          }
          found.push({ path: full, relative: path.relative(base, full).split(path.sep).join('/') });
        }
      }
    };
    await walk(root);
    return found;
  }

  /**
   * The real path of a folder a param names (a vector store's, say), which may not exist yet: its
   * nearest existing ancestor is resolved, links and all, and must lie inside the roots. With `create`
   * it is made, then resolved and checked again, since a part of it may have been swapped for a link.
   */
  async folderPath(requested: string, options: { what?: string; create?: boolean } = {}): Promise<string> {
    const what = options.what ?? 'folder';
    const folder = await this.realFolderFor(path.resolve(this.baseDir, requested), requested, what);
    if (!options.create) return folder;
    await mkdir(folder, { recursive: true });
    const real = await realpath(folder);
    if (isSystemPath(real)) throw systemFileError(requested, what);
    if (!this.isInsideRoots(real)) throw outsideRootsError(requested, what);
    return real;
  }

  /**
   * The real path of a flow file a flow.run or flow.tool names, synchronously (ports are computed
   * synchronously). Throws FileAccessError when it breaks a rule.
   */
  flowFilePathSync(requested: string, fromDir: string = this.baseDir): string {
    const what = 'flow file';
    const absolute = path.resolve(fromDir, requested);
    let real: string;
    try {
      real = realpathSync.native(absolute);
    } catch {
      throw this.missingFileError(absolute, requested, what);
    }
    if (isSystemPath(real)) throw systemFileError(requested, what);
    if (!this.isInsideRoots(real)) throw outsideRootsError(requested, what);
    return real;
  }

  isInsideRoots(realPath: string): boolean {
    return this.roots.some((root) => isInside(root, realPath));
  }

  private realBaseDir(): string {
    return this.roots[0] ?? this.baseDir;
  }

  private async realPathInside(requested: string, what: string): Promise<string> {
    const absolute = path.resolve(this.baseDir, requested);
    let real: string;
    try {
      real = await realpath(absolute);
    } catch {
      throw this.missingFileError(absolute, requested, what);
    }
    if (isSystemPath(real)) throw systemFileError(requested, what);
    if (!this.isInsideRoots(real)) throw outsideRootsError(requested, what);
    return real;
  }

  /**
   * "Not found" only for a path inside the roots: outside them the answer is the same whether the
   * file exists or not, so a caller cannot probe the rest of the disk.
   */
  private missingFileError(absolute: string, requested: string, what: string): FileAccessError {
    let existing = absolute;
    for (;;) {
      const parent = path.dirname(existing);
      if (parent === existing) return outsideRootsError(requested, what);
      existing = parent;
      let real: string;
      try {
        real = realpathSync.native(existing);
      } catch {
        continue;
      }
      if (isSystemPath(real)) return systemFileError(requested, what);
      if (!this.isInsideRoots(real)) return outsideRootsError(requested, what);
      return new FileAccessError('not-found', requested, `${what} '${requested}' was not found`);
    }
  }

  /** The real form of a folder that may not exist yet: its nearest existing ancestor resolved, the rest appended. */
  private async realFolderFor(folder: string, requested: string, what: string): Promise<string> {
    let existing = folder;
    const missing: string[] = [];
    for (;;) {
      let realExisting: string | undefined;
      try {
        realExisting = await realpath(existing);
      } catch {
        const parent = path.dirname(existing);
        if (parent === existing) throw outsideRootsError(requested, what);
        missing.unshift(path.basename(existing));
        existing = parent;
        continue;
      }
      const real = path.join(realExisting, ...missing);
      if (isSystemPath(real)) throw systemFileError(requested, what);
      if (!this.isInsideRoots(real)) throw outsideRootsError(requested, what);
      return real;
    }
  }

  private checkRegularAndSize(requested: string, what: string, isFile: boolean, size: number): void {
    if (!isFile)
      throw new FileAccessError(
        'not-a-regular-file',
        requested,
        `${what} '${requested}' is not a regular file (folders, devices and pipes are refused)`,
      );
    if (size > this.maxFileBytes) throw tooLargeError(requested, what, this.maxFileBytes);
  }

  /** Reads at most the cap, checking the signal between chunks: a file may grow, or report a size it does not have. */
  private async readCapped(handle: FileHandle, requested: string, what: string, signal: AbortSignal | undefined): Promise<string> {
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      signal?.throwIfAborted();
      const chunk = Buffer.allocUnsafe(Math.min(READ_CHUNK, this.maxFileBytes + 1 - total));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      chunks.push(bytesRead === chunk.length ? chunk : chunk.subarray(0, bytesRead));
      total += bytesRead;
      if (total > this.maxFileBytes) throw tooLargeError(requested, what, this.maxFileBytes);
    }
    return Buffer.concat(chunks, total).toString('utf8');
  }
}

/**
 * Reads a flow file synchronously with the rules that need no roots: a regular file, not a system
 * file, at most `maxBytes`. Used by the flow loader, which validation also calls without a run.
 */
export function readFlowFileSync(realPath: string, requested: string, maxBytes: number = DEFAULT_MAX_FILE_BYTES): string {
  const what = 'flow file';
  if (isSystemPath(realPath)) throw systemFileError(requested, what);
  const fd = openSync(realPath, constants.O_RDONLY | NONBLOCK);
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile())
      throw new FileAccessError(
        'not-a-regular-file',
        requested,
        `${what} '${requested}' is not a regular file (folders, devices and pipes are refused)`,
      );
    if (stat.size > maxBytes) throw tooLargeError(requested, what, maxBytes);
    const buffer = Buffer.allocUnsafe(Math.min(stat.size, maxBytes) + 1);
    let total = 0;
    for (;;) {
      const bytesRead = readSync(fd, buffer, total, buffer.length - total, null);
      if (bytesRead === 0) break;
      total += bytesRead;
      if (total > maxBytes) throw tooLargeError(requested, what, maxBytes);
      if (total === buffer.length) break;
    }
    return buffer.toString('utf8', 0, total);
  } finally {
    closeSync(fd);
  }
}

function systemFileError(requested: string, what: string): FileAccessError {
  return new FileAccessError(
    'system-file',
    requested,
    `${what} '${requested}' is a system file (under /proc, /sys or /dev); flows may not read those`,
  );
}

function tooLargeError(requested: string, what: string, maxBytes: number): FileAccessError {
  return new FileAccessError('too-large', requested, `${what} '${requested}' is larger than the limit of ${describeSize(maxBytes)}`);
}
