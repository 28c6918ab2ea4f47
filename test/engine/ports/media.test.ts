// The media port type: which ports it connects to, what text it becomes, and what logs and traces see of it.
import assert from 'node:assert/strict';
import { canConnect, MAX_MEDIA_BYTES, portConverter, textOf, withoutMediaBytes, type MediaValue } from '../../../src/engine';
import { mediaFromBase64 } from '../../../src/engine/ports/media';
import { resultParts } from '../../../src/engine/components/mcp/result-parts';

const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex').toString('base64');

describe('the media port type', () => {
  it('connects to media, json, text and any, and nothing else', () => {
    assert.ok(canConnect('media', 'media'));
    assert.ok(canConnect('media', 'json'));
    assert.ok(canConnect('media', 'text'));
    assert.ok(canConnect('media', 'any'));
    assert.ok(!canConnect('media', 'messages'));
    assert.ok(!canConnect('media', 'tools'));
    assert.ok(!canConnect('text', 'media'), 'a text is no image');
    assert.ok(!canConnect('json', 'media'));
  });

  it('becomes a description on a text port, with its type, size and name, never the base64', () => {
    const image = mediaFromBase64('image', 'image/png', png, { name: 'logo.png' });
    const text = portConverter('media', 'text')!(image) as string;
    assert.equal(text, '[image logo.png: image/png, 16 bytes]');
    assert.ok(!text.includes(png));
  });

  it('leaves the bytes out of a JSON value turned into text', () => {
    const content = [
      { type: 'text', text: 'hi' },
      { type: 'image', mimeType: 'image/png', data: png },
      { type: 'resource', resource: { uri: 'memo://x', blob: png } },
    ];
    const text = textOf(content);
    assert.ok(!text.includes(png), text);
    assert.match(text, /"data":"<16 bytes of image\/png bytes, not shown>"/);
    assert.match(text, /"blob":"<16 bytes of bytes, not shown>"/);
    assert.match(text, /"text":"hi"/);
  });

  it('keeps fields named data or blob that are no media bytes', () => {
    assert.deepEqual(withoutMediaBytes({ data: 'plain', blob: 'also plain', type: 'note' }), {
      data: 'plain',
      blob: 'also plain',
      type: 'note',
    });
    const when = new Date(0);
    assert.equal(textOf({ when }), JSON.stringify({ when }));
  });
});

describe('media bytes kept from a server', () => {
  it('keeps valid base64 within the limit', () => {
    const value = mediaFromBase64('image', 'image/png', png);
    assert.equal(value.data, png);
    assert.equal(value.bytes, 16);
  });

  it('describes 50 MB of bytes by type and size without keeping them', () => {
    const huge = 'A'.repeat(Math.ceil((50 * 1024 * 1024 * 4) / 3));
    const value = mediaFromBase64('image', 'image/png', huge);
    assert.equal(value.data, undefined);
    assert.match(value.omitted ?? '', /50 MB is over the 5 MB kept per part/);
  });

  it('refuses text that is not base64', () => {
    const value = mediaFromBase64('image', 'image/png', '<svg onload=alert(1)>');
    assert.equal(value.data, undefined);
    assert.equal(value.omitted, 'the data is not valid base64');
  });

  it('keeps at most 20 MB of one result, describing the parts after that', () => {
    const part = 'A'.repeat(Math.floor(((MAX_MEDIA_BYTES - 16) * 4) / 3 / 4) * 4);
    const parts = resultParts(Array.from({ length: 5 }, () => ({ type: 'image', mimeType: 'image/png', data: part })));
    assert.deepEqual(
      parts.images.map((i) => i.data !== undefined),
      [true, true, true, true, false],
    );
    assert.match(parts.images[4]!.omitted ?? '', /earlier parts already hold the 20 MB kept per call/);
    assert.equal((parts.content[4] as { data?: string }).data, undefined);
  });

  it('skips blocks that do not parse as what their type says, keeping them as content', () => {
    const parts = resultParts([
      { type: 'image', data: png },
      { type: 'resource_link', uri: 'https://example.com' },
      { type: 'image', mimeType: 'image/png', data: png },
    ]);
    assert.equal(parts.images.length, 1);
    assert.equal(parts.resources.length, 0);
    assert.equal(parts.content.length, 3);
  });

  it('reads media values back from a JSON round trip', () => {
    const value: MediaValue = JSON.parse(JSON.stringify(mediaFromBase64('audio', 'audio/wav', png))) as MediaValue;
    assert.equal(textOf(value), '[audio: audio/wav, 16 bytes]');
  });
});
