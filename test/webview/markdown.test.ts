import * as assert from 'node:assert/strict';
import { parseInline, parseMarkdown } from '../../src/webview/chat/markdown';

describe('chat Markdown', () => {
  it('reads fenced code blocks with their language, headings, lists and paragraphs', () => {
    const blocks = parseMarkdown('# Title\n\nSome **bold** text\n\n- one\n- two\n\n```ts\nconst x = 1;\n```\n');
    assert.deepEqual(
      blocks.map((b) => b.kind),
      ['heading', 'paragraph', 'list', 'code'],
    );
    assert.deepEqual(blocks[3], { kind: 'code', language: 'ts', text: 'const x = 1;' });
  });

  it('keeps an unclosed fence (a reply still streaming) as code', () => {
    assert.deepEqual(parseMarkdown('```\npartial'), [{ kind: 'code', language: '', text: 'partial' }]);
  });

  it('keeps HTML as text and only turns http(s) links into links', () => {
    assert.deepEqual(parseInline('<img src=x onerror=alert(1)>'), [{ kind: 'text', text: '<img src=x onerror=alert(1)>' }]);
    const script = parseInline('[x](javascript:alert(1))');
    assert.ok(script.every((i) => i.kind === 'text'));
    assert.equal(script.map((i) => (i.kind === 'text' ? i.text : '')).join(''), '[x](javascript:alert(1))');
    assert.deepEqual(parseInline('[docs](https://example.com)'), [
      { kind: 'link', href: 'https://example.com', children: [{ kind: 'text', text: 'docs' }] },
    ]);
  });

  it('reads inline code, bold and italic', () => {
    assert.deepEqual(parseInline('use `npm` *now*'), [
      { kind: 'text', text: 'use ' },
      { kind: 'code', text: 'npm' },
      { kind: 'text', text: ' ' },
      { kind: 'em', children: [{ kind: 'text', text: 'now' }] },
    ]);
  });
});
