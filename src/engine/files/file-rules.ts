// The rules every file a flow reads or writes must pass, and the error that names the rule broken.
// Paths are compared after symlinks are resolved, so a link inside a root cannot lead outside it.
import * as path from 'node:path';

/** Largest file a flow may read (input.file, rag.load, flow.run) unless the run says otherwise. */
export const DEFAULT_MAX_FILE_BYTES = 10 * 1024 * 1024;

export type FileAccessRule =
  'outside-roots' | 'system-file' | 'not-a-regular-file' | 'too-large' | 'not-found' | 'flow-file' | 'not-accepted' | 'symlink';

/** A file refused by the access policy. The message names the path as the caller gave it, never the file's content. */
export class FileAccessError extends Error {
  constructor(
    readonly rule: FileAccessRule,
    readonly requested: string,
    message: string,
  ) {
    super(message);
    this.name = 'FileAccessError';
  }
}

// Kernel pseudo-files look like regular files of size 0 (/proc/self/environ holds the process
// environment) or are endless devices; no flow has a reason to read them even when a root holds them.
const SYSTEM_FOLDERS = ['/proc', '/sys', '/dev'];

export function isSystemPath(realPath: string): boolean {
  return process.platform !== 'win32' && SYSTEM_FOLDERS.some((folder) => isInside(folder, realPath));
}

/** Whether `target` is `root` or lies below it; both absolute and already resolved. */
export function isInside(root: string, target: string): boolean {
  const relative = path.relative(root, target);
  if (relative === '') return true;
  if (path.isAbsolute(relative)) return false;
  return relative !== '..' && !relative.startsWith(`..${path.sep}`);
}

/** Flow and flow-test files are code the user reviews; a run must never write one. */
export function isFlowFileName(name: string): boolean {
  const lower = name.toLowerCase();
  return lower.endsWith('.flow.json') || lower.endsWith('.flowtest.json');
}

/** The endings listed in an `accept` param (".md, txt" -> [".md", ".txt"]); empty accepts any file. */
export function parseAccept(accept: string | undefined): string[] {
  return (accept ?? '')
    .split(',')
    .map((ext) => ext.trim().toLowerCase())
    .filter(Boolean)
    .map((ext) => (ext.startsWith('.') ? ext : `.${ext}`));
}

/** Checked on the real file name, so `notes.md/..` or a link named `a.md` to `secret.env` do not pass. */
export function hasAcceptedEnding(realPath: string, accepted: readonly string[]): boolean {
  if (accepted.length === 0) return true;
  const name = path.basename(realPath).toLowerCase();
  return accepted.some((ext) => name.length > ext.length && name.endsWith(ext));
}

export function outsideRootsError(requested: string, what: string): FileAccessError {
  return new FileAccessError(
    'outside-roots',
    requested,
    `${what} '${requested}' is outside the folders this flow may use (its own folder and the allowed roots); ` +
      'add a folder with --allow-root DIR (CLI) or open it as a workspace folder (editor)',
  );
}

export function describeSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB` : `${bytes} bytes`;
}
