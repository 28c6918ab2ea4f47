// Headless chromium with no DevTools session attached to its pages. Playwright attaches one to every
// page, and with it attached the page pays for things a webview in VS Code does not (postMessage
// capturing a stack trace through the caller's frames was 250-450 ms of the canvas's first paint).
// Pages are opened and closed through the browser's /json HTTP endpoints, which attach nothing.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export async function launchUnattachedChromium(executablePath, { width, height }) {
  const profile = mkdtempSync(path.join(os.tmpdir(), 'flowstudio-bench-'));
  const child = spawn(
    executablePath,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      `--user-data-dir=${profile}`,
      '--remote-debugging-address=127.0.0.1',
      '--remote-debugging-port=0',
      `--window-size=${width},${height}`,
      'about:blank',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'], detached: true },
  );
  const endpoint = await new Promise((resolve, reject) => {
    let stderr = '';
    const timer = setTimeout(() => reject(new Error(`chromium did not start within 30 s:\n${stderr}`)), 30_000);
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
      const found = /DevTools listening on ws:\/\/(127\.0\.0\.1:\d+)\//.exec(stderr);
      if (found) {
        clearTimeout(timer);
        resolve(`http://${found[1]}`);
      }
    });
    child.once('exit', (code) => reject(new Error(`chromium exited with ${code}:\n${stderr}`)));
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return {
    /** Opens a tab on `url`; resolves with its target id once the browser has created it. */
    async open(url) {
      const response = await fetch(`${endpoint}/json/new?${url}`, { method: 'PUT' });
      if (!response.ok) throw new Error(`chromium did not open ${url}: ${response.status}`);
      return (await response.json()).id;
    },
    async close(id) {
      await fetch(`${endpoint}/json/close/${id}`);
    },
    async dispose() {
      process.kill(-child.pid, 'SIGKILL');
      await exited;
      rmSync(profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
    },
  };
}
