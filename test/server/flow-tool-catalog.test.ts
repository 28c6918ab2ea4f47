// The flows folder's catalog: which folders it reads and watches (not node_modules, .git or hidden
// folders, which a recursive watch used to descend into by the tens of thousands) and what it serves.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createCoreRegistry, serializeFlow } from '../../src/engine';
import { FlowToolCatalog } from '../../src/server';
import { buildFlow } from '../helpers/flow-builder';

const flowNamed = (name: string) =>
  serializeFlow(buildFlow({ in: ['input.text', { name: 'x' }], out: ['output.text', { name: 'y' }] }, ['in.text -> out.text'], name));

describe('the flow tool catalog of a folder', function () {
  let dir: string;
  let catalog: FlowToolCatalog;

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'flowstudio-catalog-'));
    for (const folder of ['sub/deeper', 'node_modules/pkg/lib', '.git/objects', '.hidden'])
      mkdirSync(path.join(dir, folder), { recursive: true });
    writeFileSync(path.join(dir, 'top.flow.json'), flowNamed('top'));
    writeFileSync(path.join(dir, 'sub/deeper/inner.flow.json'), flowNamed('inner'));
    writeFileSync(path.join(dir, 'node_modules/pkg/dependency.flow.json'), flowNamed('dependency'));
    writeFileSync(path.join(dir, '.hidden/secret.flow.json'), flowNamed('hidden'));
    catalog = new FlowToolCatalog(dir, createCoreRegistry());
  });
  afterEach(() => {
    catalog.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves the flows of the folder and its subfolders, none from node_modules or hidden folders', async () => {
    await catalog.load();
    assert.deepEqual(
      catalog
        .list()
        .map((t) => t.name)
        .sort(),
      ['inner', 'top'],
    );
  });

  it('watches the folder and its subfolders but not node_modules, .git or hidden folders', async () => {
    await catalog.watch();
    assert.deepEqual(catalog.watchedFolders, [dir, path.join(dir, 'sub'), path.join(dir, 'sub/deeper')]);
  });

  it('picks up a flow in a folder made after watching began', async () => {
    await catalog.load();
    await catalog.watch();
    const changed = new Promise<void>((resolve) => catalog.onChange(resolve));
    mkdirSync(path.join(dir, 'later'));
    // The new folder must be watched before the flow lands in it, or its creation event is all there is.
    const deadline = Date.now() + 5_000;
    while (!catalog.watchedFolders.includes(path.join(dir, 'later')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    writeFileSync(path.join(dir, 'later/new.flow.json'), flowNamed('newcomer'));
    await changed;
    assert.ok(
      catalog.get('newcomer'),
      `tools: ${catalog
        .list()
        .map((t) => t.name)
        .join(', ')}`,
    );
    assert.ok(catalog.watchedFolders.includes(path.join(dir, 'later')));
  });
});
