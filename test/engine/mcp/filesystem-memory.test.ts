// Flows calling @modelcontextprotocol/server-filesystem and server-memory over stdio, each working
// in a temporary folder of its own.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { McpConnectionPool } from '../../../src/engine';
import { fixturePool, runFixture } from './support/mcp-servers';

describe('MCP client against server-filesystem and server-memory', function () {
  let files: string;
  let pool: McpConnectionPool;

  before(async () => {
    // realpath: the filesystem server compares resolved paths, and /tmp may be a symlink.
    files = realpathSync(mkdtempSync(path.join(tmpdir(), 'flowstudio-mcp-files-')));
    pool = await fixturePool({ FLOWSTUDIO_TEST_FILES: files, FLOWSTUDIO_TEST_MEMORY_FILE: path.join(files, 'memory.jsonl') });
  });
  after(async () => {
    await pool.close();
    rmSync(files, { recursive: true, force: true });
  });

  it('reads a file and lists its folder through the filesystem server', async () => {
    writeFileSync(path.join(files, 'notes.md'), '# Notes\nbuy milk\n');
    const result = await runFixture(pool, 'filesystem-read.flow.json', { path: path.join(files, 'notes.md'), folder: files });
    assert.equal(result.status, 'ok', result.error?.message);
    assert.equal(result.outputs.content, '# Notes\nbuy milk\n');
    assert.match(String(result.outputs.listing), /\[FILE\] notes\.md/);
  });

  it('writes a file through the filesystem server', async () => {
    const target = path.join(files, 'written.txt');
    const result = await runFixture(pool, 'filesystem-write.flow.json', { path: target, content: 'written by a flow' });
    assert.equal(result.status, 'ok', result.error?.message);
    assert.equal(readFileSync(target, 'utf8'), 'written by a flow');
  });

  it('fails the node, naming the server and tool, when the server refuses a path outside its folder', async () => {
    const result = await runFixture(pool, 'filesystem-read.flow.json', { path: '/etc/hostname', folder: files });
    assert.equal(result.status, 'error');
    assert.equal(result.error?.nodeId, 'read');
    assert.match(result.error?.message ?? '', /tool 'read_text_file' on 'filesystem' reported an error: .*outside allowed directories/i);
  });

  it('remembers entities in the memory server and finds them again', async () => {
    const entities = [{ name: 'Ada', entityType: 'person', observations: ['wrote the first program'] }];
    const stored = await runFixture(pool, 'memory-remember.flow.json', { entities });
    assert.equal(stored.status, 'ok', stored.error?.message);
    const found = await runFixture(pool, 'memory-recall.flow.json', { query: 'program' });
    assert.equal(found.status, 'ok', found.error?.message);
    const graph = found.outputs.found as { entities: { name: string; observations: string[] }[] };
    assert.deepEqual(
      graph.entities.map((e) => e.name),
      ['Ada'],
    );
    assert.match(readFileSync(path.join(files, 'memory.jsonl'), 'utf8'), /"name":"Ada"/);
  });
});
