import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { FileAccess } from '../../../src/engine/files/file-access';
import { FileAccessError, parseAccept, type FileAccessRule } from '../../../src/engine/files/file-rules';

/** Asserts the promise rejects with a FileAccessError for `rule` whose message leaks none of `secretText`. */
async function refused(promise: Promise<unknown>, rule: FileAccessRule, secretText?: string): Promise<FileAccessError> {
  const error = await promise.then(
    () => assert.fail(`expected the '${rule}' rule to refuse it`),
    (e: unknown) => e,
  );
  assert.ok(error instanceof FileAccessError, `expected a FileAccessError, got ${String(error)}`);
  assert.equal(error.rule, rule, error.message);
  if (secretText !== undefined) assert.ok(!error.message.includes(secretText), error.message);
  return error;
}

describe('file access policy', () => {
  let dir: string;
  let flowDir: string;
  let outside: string;
  let files: FileAccess;

  before(() => {
    dir = realpathSync(mkdtempSync(path.join(tmpdir(), 'flowstudio-files-')));
    flowDir = path.join(dir, 'flows');
    outside = path.join(dir, 'outside');
    mkdirSync(path.join(flowDir, 'docs'), { recursive: true });
    mkdirSync(outside);
    writeFileSync(path.join(flowDir, 'docs', 'notes.md'), '# notes\n');
    writeFileSync(path.join(flowDir, 'secret.env'), 'TOKEN=inside-secret\n');
    writeFileSync(path.join(outside, 'private.txt'), 'outside-secret-content');
    symlinkSync(outside, path.join(flowDir, 'escape'), 'dir');
    symlinkSync(path.join(flowDir, 'secret.env'), path.join(flowDir, 'looks.md'));
    symlinkSync('/dev/zero', path.join(flowDir, 'zero.txt'));
    execFileSync('mkfifo', [path.join(flowDir, 'pipe.txt')]);
    files = new FileAccess(flowDir);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('reads a file in the flow folder, relative or absolute', async () => {
    assert.equal((await files.readText('docs/notes.md')).text, '# notes\n');
    const read = await files.readText(path.join(flowDir, 'docs', 'notes.md'));
    assert.equal(read.path, path.join(flowDir, 'docs', 'notes.md'));
  });

  it('refuses ../ traversal and absolute paths outside the roots, naming the rule and not the content', async () => {
    const error = await refused(files.readText('../../../../../../etc/passwd'), 'outside-roots', 'root:');
    assert.match(error.message, /outside the folders this flow may use.*--allow-root/);
    await refused(files.readText('/etc/passwd'), 'outside-roots', 'root:');
    await refused(files.readText('../outside/private.txt'), 'outside-roots', 'outside-secret-content');
  });

  it('answers a missing file outside the roots as outside, so callers cannot probe the disk', async () => {
    await refused(files.readText('/etc/no-such-file-here'), 'outside-roots');
    await refused(files.readText('escape/no-such-file'), 'outside-roots');
    await refused(files.readText('docs/no-such-file.md'), 'not-found');
  });

  it('resolves symlinks before the check: a linked folder pointing out is outside', async () => {
    await refused(files.readText('escape/private.txt'), 'outside-roots', 'outside-secret-content');
  });

  it('refuses /proc and device files even when a root would hold them', async () => {
    const everywhere = new FileAccess(flowDir, { roots: ['/'] });
    await refused(everywhere.readText('/proc/self/environ'), 'system-file');
    await refused(everywhere.readText('/dev/zero'), 'system-file');
    await refused(files.readText('zero.txt'), 'system-file');
  });

  it('refuses a FIFO at once instead of waiting for a writer', async () => {
    const started = Date.now();
    await refused(files.readText('pipe.txt'), 'not-a-regular-file');
    assert.ok(Date.now() - started < 5000);
  });

  it('refuses folders and files over the size cap', async () => {
    await refused(files.readText('docs'), 'not-a-regular-file');
    const small = new FileAccess(flowDir, { maxFileBytes: 4 });
    const error = await refused(small.readText('docs/notes.md'), 'too-large', '# notes');
    assert.match(error.message, /larger than the limit of 4 bytes/);
  });

  it('checks accept on the real file name, so folder tricks and renamed links do not pass', async () => {
    const accept = parseAccept('.md, txt');
    assert.deepEqual(accept, ['.md', '.txt']);
    assert.equal((await files.readText('docs/notes.md', { accept })).text, '# notes\n');
    await refused(files.readText('docs/notes.md/..', { accept }), 'not-accepted');
    await refused(files.readText('looks.md', { accept }), 'not-accepted', 'inside-secret');
  });

  it('reads outside the flow folder only from an allowed root', async () => {
    const withRoot = new FileAccess(flowDir, { roots: [outside] });
    assert.equal((await withRoot.readText('../outside/private.txt')).text, 'outside-secret-content');
    assert.equal((await withRoot.readText('escape/private.txt')).text, 'outside-secret-content');
  });

  it('stops reading when the signal is aborted', async () => {
    const controller = new AbortController();
    controller.abort(new Error('run cancelled'));
    await assert.rejects(files.readText('docs/notes.md', { signal: controller.signal }), /run cancelled/);
  });

  it('writes inside the flow folder, making folders as needed', async () => {
    const written = await files.writeText('out/result.txt', 'hello');
    assert.equal(written, path.join(flowDir, 'out', 'result.txt'));
    assert.equal(readFileSync(written, 'utf8'), 'hello');
  });

  it('never writes a flow or flow-test file', async () => {
    await refused(files.writeText('x.flow.json', '{}'), 'flow-file');
    await refused(files.writeText('sub/Y.FLOWTEST.JSON', '{}'), 'flow-file');
    assert.equal(existsSync(path.join(flowDir, 'x.flow.json')), false);
  });

  it('never writes outside the roots, through a linked folder or through a link', async () => {
    await refused(files.writeText('../outside/new.txt', 'x'), 'outside-roots');
    await refused(files.writeText('escape/new.txt', 'x'), 'outside-roots');
    await refused(files.writeText('escape/deeper/new.txt', 'x'), 'outside-roots');
    assert.equal(existsSync(path.join(outside, 'new.txt')), false);
    assert.equal(existsSync(path.join(outside, 'deeper')), false);
    symlinkSync(path.join(outside, 'private.txt'), path.join(flowDir, 'link-out.txt'));
    await refused(files.writeText('link-out.txt', 'overwritten'), 'symlink');
    symlinkSync(path.join(flowDir, 'docs', 'notes.md'), path.join(flowDir, 'link-in.txt'));
    await refused(files.writeText('link-in.txt', 'overwritten'), 'symlink');
    assert.equal(readFileSync(path.join(outside, 'private.txt'), 'utf8'), 'outside-secret-content');
    assert.equal(readFileSync(path.join(flowDir, 'docs', 'notes.md'), 'utf8'), '# notes\n');
  });

  it('lists only regular files inside the roots, skipping links', async () => {
    const listed = (await files.listFiles('.', ['.md', '.txt'])).map((f) => f.relative);
    assert.ok(listed.includes('docs/notes.md'), listed.join(', '));
    // looks.md and zero.txt are links, pipe.txt a FIFO, escape/ a linked folder.
    for (const name of ['looks.md', 'zero.txt', 'pipe.txt', 'escape/private.txt']) assert.ok(!listed.includes(name), listed.join(', '));
    await refused(files.listFiles('escape', ['.txt']), 'outside-roots');
    await refused(files.listFiles('../outside', ['.txt']), 'outside-roots');
  });
});
