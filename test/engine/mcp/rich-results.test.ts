// Rich MCP tool results reaching typed ports: images, audio, resource links and embedded resources
// from the real server-everything, and hostile or oversized ones from a small server of our own.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import {
  createCoreRegistry,
  MAX_MEDIA_BYTES,
  McpConnectionPool,
  parseFlow,
  runFlow,
  type Flow,
  type MediaValue,
  type RunEvent,
  type RunResult,
} from '../../../src/engine';
import { repoRoot } from '../../helpers/build-cli';

const fixtures = path.join(repoRoot, 'test/fixtures/mcp-rich');
const tinyImage = (): string => {
  // The PNG server-everything returns, read from its own source so the test compares bytes, not a copy.
  const source = readFileSync(
    path.join(repoRoot, 'node_modules/@modelcontextprotocol/server-everything/dist/tools/get-tiny-image.js'),
    'utf8',
  );
  return /MCP_TINY_IMAGE = "([^"]+)"/.exec(source)![1]!;
};

/** A flow of one mcp.tool node whose outputs go to output.json nodes named after the ports. */
function toolFlow(server: string, tool: string, ports: string[], args: Record<string, unknown> = {}): Flow {
  return {
    version: 1,
    name: `${tool} outputs`,
    nodes: [
      { id: 'call', type: 'mcp.tool', position: { x: 0, y: 0 }, params: { server, tool, arguments: args } },
      ...ports.map((port, i) => ({ id: `out-${port}`, type: 'output.json', position: { x: 300, y: i * 100 }, params: { name: port } })),
    ],
    edges: ports.map((port) => ({ id: `e-${port}`, source: 'call', sourceHandle: port, target: `out-${port}`, targetHandle: 'value' })),
  };
}

describe('rich MCP results on typed ports', function () {
  this.timeout(60_000);
  let pool: McpConnectionPool;
  let work: string;

  before(async () => {
    pool = await McpConnectionPool.fromWorkspace({ workspaceFolder: fixtures }, { env: process.env });
    work = mkdtempSync(path.join(tmpdir(), 'flowstudio-rich-'));
  });
  after(async () => {
    await pool?.close();
    rmSync(work, { recursive: true, force: true });
  });

  const run = (flow: Flow, events?: RunEvent[]): Promise<RunResult> =>
    runFlow(flow, {
      mcp: pool,
      registry: createCoreRegistry(),
      file: path.join(work, 'flow.flow.json'),
      ...(events ? { onEvent: (e: RunEvent) => events.push(e) } : {}),
    }).result;

  it("puts server-everything's tiny image on `image`, with its text and every block on `content`", async () => {
    const result = await run(toolFlow('everything', 'get-tiny-image', ['image', 'text', 'content', 'resources']));
    assert.equal(result.status, 'ok', result.error?.message);
    const image = result.outputs.image as MediaValue;
    assert.equal(image.media, 'image');
    assert.equal(image.mimeType, 'image/png');
    assert.equal(image.data, tinyImage());
    assert.equal(image.bytes, Buffer.from(tinyImage(), 'base64').length);
    assert.equal(result.outputs.text, "Here's the image you requested:\nThe image above is the MCP logo.");
    assert.deepEqual(
      (result.outputs.content as { type: string }[]).map((block) => block.type),
      ['text', 'image', 'text'],
    );
    assert.deepEqual(result.outputs.resources, []);
  });

  it('writes the image through output.file as the PNG bytes, and describes it on a text port', async () => {
    const file = path.join(work, 'image.flow.json');
    writeFileSync(file, readFileSync(path.join(fixtures, 'everything-image.flow.json')));
    const flow = parseFlow(readFileSync(file, 'utf8'), file);
    const result = await runFlow(flow, { mcp: pool, registry: createCoreRegistry() }).result;
    assert.equal(result.status, 'ok', result.error?.message);
    const written = readFileSync(path.join(work, 'out/logo.png'));
    assert.deepEqual(written, Buffer.from(tinyImage(), 'base64'));
    assert.equal(written.subarray(1, 4).toString('latin1'), 'PNG');
    assert.equal(result.outputs.written, path.join(work, 'out/logo.png'));
    assert.equal(result.outputs.about, `[image: image/png, ${written.length} bytes]`);
    assert.ok(!String(result.outputs.about).includes(tinyImage().slice(0, 40)));
  });

  it('keeps output.file inside the allowed roots when it writes media', async () => {
    const file = path.join(work, 'escape.flow.json');
    const flow = JSON.parse(readFileSync(path.join(fixtures, 'everything-image.flow.json'), 'utf8')) as Flow;
    flow.nodes.find((n) => n.id === 'file')!.params = { name: 'written', path: '../outside-the-roots.png' };
    writeFileSync(file, JSON.stringify(flow));
    const result = await runFlow(parseFlow(readFileSync(file, 'utf8'), file), { mcp: pool, registry: createCoreRegistry() }).result;
    assert.equal(result.status, 'error');
    assert.equal(result.error?.nodeId, 'file');
    assert.match(result.error?.message ?? '', /outside/);
  });

  it('lists resource links with their URI, name and type on `resources`', async () => {
    const result = await run(toolFlow('everything', 'get-resource-links', ['resources', 'image'], { count: 3 }));
    assert.equal(result.status, 'ok', result.error?.message);
    const resources = result.outputs.resources as { kind: string; uri: string; name: string; mimeType: string }[];
    assert.equal(resources.length, 3);
    assert.ok(
      resources.every((r) => r.kind === 'link' && /^demo:\/\/resource\//.test(r.uri)),
      JSON.stringify(resources),
    );
    assert.deepEqual(
      resources.map((r) => r.name),
      ['Blob Resource 1', 'Text Resource 2', 'Blob Resource 3'],
    );
    assert.ok(!('image' in result.outputs), 'a result without an image leaves `image` out');
  });

  it('gives an embedded text resource its text, and an embedded blob its bytes as media', async () => {
    const text = await run(toolFlow('everything', 'get-resource-reference', ['resources'], { resourceType: 'Text', resourceId: 2 }));
    assert.equal(text.status, 'ok', text.error?.message);
    const [embedded] = text.outputs.resources as { kind: string; uri: string; text?: string }[];
    assert.equal(embedded?.kind, 'embedded');
    assert.match(embedded?.text ?? '', /Resource 2/);

    const blob = await run(toolFlow('everything', 'get-resource-reference', ['resources'], { resourceType: 'Blob', resourceId: 1 }));
    assert.equal(blob.status, 'ok', blob.error?.message);
    const [binary] = blob.outputs.resources as { kind: string; file?: MediaValue }[];
    assert.equal(binary?.file?.media, 'file');
    assert.ok(binary?.file?.data && Buffer.from(binary.file.data, 'base64').length === binary.file.bytes);
  });

  it('finds the image of an annotated message', async () => {
    const result = await run(toolFlow('everything', 'get-annotated-message', ['image'], { messageType: 'success', includeImage: true }));
    assert.equal(result.status, 'ok', result.error?.message);
    assert.equal((result.outputs.image as MediaValue).data, tinyImage());
  });

  it('traces the MCP answer and the node output without the image bytes', async () => {
    const events: RunEvent[] = [];
    const result = await run(toolFlow('everything', 'get-tiny-image', ['text']), events);
    assert.equal(result.status, 'ok', result.error?.message);
    const answer = events.find((e) => e.type === 'node.mcp-message' && e.direction === 'received');
    assert.ok(answer && answer.type === 'node.mcp-message');
    const traced = JSON.stringify(answer.payload);
    assert.ok(!traced.includes(tinyImage().slice(0, 40)), 'the base64 must not be traced');
    assert.match(traced, /image\/png bytes, not shown/);
  });

  it('puts audio on `audio`', async () => {
    const result = await run(toolFlow('rich', 'audio-clip', ['audio']));
    assert.equal(result.status, 'ok', result.error?.message);
    const audio = result.outputs.audio as MediaValue;
    assert.equal(audio.media, 'audio');
    assert.equal(audio.mimeType, 'audio/wav');
    assert.equal(Buffer.from(audio.data!, 'base64').subarray(0, 4).toString('latin1'), 'RIFF');
  });

  it('keeps the type and size of an image over the limit, never its bytes, and says so when asked to write it', async () => {
    // One call of 6 MB: over stdio the SDK takes seconds to read it on a busy machine.
    const flow = toolFlow('rich', 'huge-image', [], { megabytes: 6 });
    flow.nodes.push({ id: 'save', type: 'output.file', position: { x: 300, y: 0 }, params: { name: 'saved', path: 'huge.png' } });
    flow.edges.push({ id: 'e', source: 'call', sourceHandle: 'image', target: 'save', targetHandle: 'media' });
    const events: RunEvent[] = [];
    const result = await run(flow, events);
    const output = events.find((e) => e.type === 'node.output' && e.nodeId === 'call');
    assert.ok(output && output.type === 'node.output');
    const image = output.outputs.image as MediaValue;
    assert.equal(image.data, undefined);
    assert.ok((image.bytes ?? 0) > MAX_MEDIA_BYTES);
    assert.match(image.omitted ?? '', /6 MB is over the 5 MB kept per part/);
    assert.ok(JSON.stringify(output.outputs).length < 10_000, 'no output holds the bytes');

    assert.equal(result.status, 'error');
    assert.equal(result.error?.nodeId, 'save');
    assert.match(result.error?.message ?? '', /nothing to write: the image's bytes were not kept \(6 MB is over/);
  });

  it('passes hostile resource links along as data, never as anything to open', async () => {
    const result = await run(toolFlow('rich', 'hostile-links', ['resources', 'text']));
    assert.equal(result.status, 'ok', result.error?.message);
    assert.deepEqual(
      (result.outputs.resources as { uri: string }[]).map((r) => r.uri),
      ['javascript:window.__linkRan=true', 'command:workbench.action.terminal.new', 'https://example.com/report'],
    );
  });
});
