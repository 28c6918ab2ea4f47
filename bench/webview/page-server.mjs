// Serves the bench pages over HTTP on 127.0.0.1 and collects the paint time each page reports, so a
// page can be timed in a browser that has no DevTools session attached to it (see run.mjs). Every
// path starts with a random token, and only the server's own Host is answered.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import * as path from 'node:path';

const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.ttf': 'font/ttf', '.json': 'application/json' };

/** Starts the server over `dir`; `next()` resolves with the next report a page posts to `reportPath`. */
export async function startPageServer(dir) {
  const token = randomBytes(12).toString('hex');
  const waiting = [];
  const reports = [];
  let host = '';
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://bench');
    const [, given, ...rest] = url.pathname.split('/');
    if (request.headers.host !== host || given !== token) {
      response.writeHead(403).end();
      return;
    }
    if (request.method === 'POST' && rest.join('/') === 'report') {
      let body = '';
      request.setEncoding('utf8');
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        response.writeHead(204).end();
        const report = JSON.parse(body);
        const resolve = waiting.shift();
        if (resolve) resolve(report);
        else reports.push(report);
      });
      return;
    }
    const file = path.join(dir, ...rest.map(decodeURIComponent));
    if (request.method !== 'GET' || !file.startsWith(dir + path.sep)) {
      response.writeHead(404).end();
      return;
    }
    try {
      const data = readFileSync(file);
      response
        .writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' })
        .end(data);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  host = `127.0.0.1:${port}`;
  return {
    url: (page) => `http://${host}/${token}/${page}`,
    next: (timeoutMs) =>
      reports.length
        ? Promise.resolve(reports.shift())
        : new Promise((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error(`no page reported its paint within ${timeoutMs} ms`)), timeoutMs);
            waiting.push((report) => (clearTimeout(timer), resolve(report)));
          }),
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}
