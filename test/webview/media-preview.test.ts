// What the canvas previews of a node's media outputs and lists of its resource links, and what it
// refuses to turn into a data: URL or a link: SVG, oversized data, text that is not base64, non-https links.
import * as assert from 'node:assert/strict';
import { parseMessage, webviewToHostSchema } from '../../src/protocol/messages';
import { mediaPreviewOf, resourceLinksOf } from '../../src/webview/run/media-preview';

const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex').toString('base64');
const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>').toString('base64');

describe('media previews on the canvas', () => {
  it('previews a PNG as a data: URL of its base64', () => {
    const preview = mediaPreviewOf({ media: 'image', mimeType: 'image/png', data: png, bytes: 16 });
    assert.deepEqual(preview, { kind: 'image', src: `data:image/png;base64,${png}`, label: 'image (image/png, 16 bytes)' });
  });

  it('plays a WAV clip and labels it with its type and size', () => {
    const preview = mediaPreviewOf({ media: 'audio', mimeType: 'audio/wav', data: png, bytes: 16 });
    assert.equal(preview?.kind, 'audio');
    assert.equal(preview?.label, 'audio (audio/wav, 16 bytes)');
  });

  it('describes an SVG image instead of showing it, saying why', () => {
    const preview = mediaPreviewOf({ media: 'image', mimeType: 'image/svg+xml', data: svg });
    assert.deepEqual(preview, { kind: 'note', label: 'image (image/svg+xml)', reason: 'SVG is not previewed: it may carry script' });
  });

  it('describes 50 MB of data as too large, without a data: URL', () => {
    const huge = 'A'.repeat(Math.ceil((50 * 1024 * 1024 * 4) / 3));
    const preview = mediaPreviewOf({ media: 'image', mimeType: 'image/png', data: huge, bytes: 50 * 1024 * 1024 });
    assert.deepEqual(preview, { kind: 'note', label: 'image (image/png, 50.0 MB)', reason: 'too large to preview' });
  });

  it('builds no data: URL from text that is not base64', () => {
    const preview = mediaPreviewOf({ media: 'image', mimeType: 'image/png', data: 'AAAA"><script>alert(1)</script>' });
    assert.equal(preview?.kind, 'note');
    assert.ok(!('src' in preview!));
  });

  it('notes media whose bytes the run did not keep, and ignores values that are not media', () => {
    assert.deepEqual(
      mediaPreviewOf({ media: 'image', mimeType: 'image/png', bytes: 6_291_456, omitted: '6 MB is over the 5 MB kept per part' }),
      {
        kind: 'note',
        label: 'image (image/png, 6.0 MB)',
        reason: 'not kept: 6 MB is over the 5 MB kept per part',
      },
    );
    assert.equal(mediaPreviewOf('a text'), undefined);
    assert.equal(mediaPreviewOf({ type: 'image', data: png }), undefined);
  });
});

describe('resource links on the canvas', () => {
  it('lets only https links open, showing every URI as text', () => {
    const list = resourceLinksOf([
      { kind: 'link', uri: 'javascript:alert(1)', name: 'click me' },
      { kind: 'link', uri: 'command:workbench.action.terminal.new', name: 'terminal' },
      { kind: 'link', uri: 'file:///etc/passwd', name: 'passwords' },
      { kind: 'link', uri: 'https://example.com/report', name: 'report' },
      { kind: 'embedded', uri: 'demo://resource/2', text: 'Resource 2 text' },
    ]);
    assert.deepEqual(
      list?.links.map((l) => [l.name, l.isOpenable]),
      [
        ['click me', false],
        ['terminal', false],
        ['passwords', false],
        ['report', true],
        ['demo://resource/2', false],
      ],
    );
    assert.equal(list?.links[4]?.text, 'Resource 2 text');
  });

  it('lists the first five and counts the rest', () => {
    const list = resourceLinksOf(Array.from({ length: 8 }, (_, i) => ({ kind: 'link', uri: `demo://resource/${i}`, name: `r${i}` })));
    assert.equal(list?.links.length, 5);
    assert.equal(list?.more, 3);
  });

  it('accepts only https links in the message asking the host to open one', () => {
    for (const url of [
      'javascript:alert(1)',
      'command:workbench.action.terminal.new',
      'file:///etc/passwd',
      'http://example.com',
      'not a url',
    ])
      assert.equal(parseMessage(webviewToHostSchema, { type: 'openLink', url }).ok, false, url);
    assert.equal(parseMessage(webviewToHostSchema, { type: 'openLink', url: 'https://example.com/report' }).ok, true);
  });
});
