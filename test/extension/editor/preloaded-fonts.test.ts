// The fonts the webview page preloads: exactly the URLs its stylesheet asks for, query included,
// or the browser fetches each font twice and the preload buys nothing.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fontUrlsIn, fontUrlsOfFile } from '../../../src/extension/editor/preloaded-fonts';
import { repoRoot } from '../../helpers/build-cli';

describe('the fonts the webview preloads', () => {
  it("finds the codicon font in @vscode/codicons' own stylesheet, as written", () => {
    const css = readFileSync(path.join(repoRoot, 'node_modules/@vscode/codicons/dist/codicon.css'), 'utf8');
    const urls = fontUrlsIn(css);
    assert.equal(urls.length, 1, `one font: ${urls.join(', ')}`);
    assert.match(urls[0] ?? '', /^\.\/codicon\.ttf(\?[0-9a-f]+)?$/);
    assert.ok(css.includes(`"${urls[0]}"`), 'the URL is the one the stylesheet names, character for character');
  });

  it('reads quoted and bare URLs once each, and skips images, data and absolute URLs', () => {
    const css = [
      '@font-face { src: url("./a.ttf?v=1") format("truetype"); }',
      "@font-face { src: url('b.woff2'), url(c.woff); }",
      '@font-face { src: url("./a.ttf?v=1"); }',
      '.x { background: url("./logo.png"); }',
      '@font-face { src: url(data:font/ttf;base64,AAAA) ; }',
      '@font-face { src: url("https://example.invalid/d.ttf"); }',
    ].join('\n');
    assert.deepEqual(fontUrlsIn(css), ['./a.ttf?v=1', 'b.woff2', 'c.woff']);
  });

  it('reads a stylesheet file, and one that could not be read yet once it is there', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'fonts-'));
    const file = path.join(dir, 'webview.css');
    writeFileSync(file, '@font-face { src: url("./codicon-X1.ttf?abc"); }');
    assert.deepEqual(fontUrlsOfFile(file), ['./codicon-X1.ttf?abc']);
    const late = path.join(dir, 'late.css');
    assert.deepEqual(fontUrlsOfFile(late), []);
    writeFileSync(late, '@font-face { src: url("./late.woff2"); }');
    assert.deepEqual(fontUrlsOfFile(late), ['./late.woff2']);
  });
});
