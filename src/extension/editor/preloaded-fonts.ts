// The fonts dist/webview.css loads (the codicon font). A font is fetched only when the first layout
// meets text in it, and its arrival lays the page out again; preloaded from the page's head it is in
// by then (about 40 ms off a large flow's first paint in the webview bench).
import { readFileSync } from 'node:fs';

/** The font URLs a stylesheet names, relative to the stylesheet, exactly as written (query included). */
export function fontUrlsIn(css: string): string[] {
  const urls = [...css.matchAll(/url\(\s*["']?([^"')]+\.(?:ttf|woff2?)(?:\?[^"')]*)?)["']?\s*\)/g)].map((m) => m[1] ?? '');
  return [...new Set(urls.filter((u) => u !== '' && !/^[a-z]+:/i.test(u)))];
}

const cache = new Map<string, string[]>();

/**
 * fontUrlsIn for a stylesheet file, read once per path. None while it cannot be read (a watch build
 * still writing it), and it is read again next time: a missing preload costs a relayout, nothing more.
 */
export function fontUrlsOfFile(cssPath: string): string[] {
  const known = cache.get(cssPath);
  if (known) return known;
  try {
    const urls = fontUrlsIn(readFileSync(cssPath, 'utf8'));
    cache.set(cssPath, urls);
    return urls;
  } catch {
    return [];
  }
}
