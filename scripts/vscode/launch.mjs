// Starts code-server (a real VS Code) on 127.0.0.1 with FlowStudio installed from this checkout,
// in its own user-data and extensions folders, and resolves once it listens.
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { codeServerEntry, nodeBinary } from './install.mjs';

/**
 * @param {object} options
 * @param {string} options.stateDir   folder for user data and extensions (recreated)
 * @param {string} options.workspace  folder to open
 * @param {number} options.port       0 for any free port
 * @param {string|undefined} options.password  undefined runs without auth (tests on a random loopback port)
 * @param {Record<string,string>} options.extensions  extension folder name -> path to link in
 * @param {boolean} [options.trustWorkspaces]  false (default) turns workspace trust off; true leaves
 *   it on, so the opened folder starts untrusted (restricted mode)
 * @param {boolean} [options.chat]  keep VS Code's chat and language-model features on (tests of vscode.lm need them)
 * @param {Record<string,string>} [options.env]
 */
export async function launchCodeServer({
  stateDir,
  workspace,
  port,
  password,
  extensions,
  trustWorkspaces = false,
  chat = false,
  env = {},
}) {
  rmSync(stateDir, { recursive: true, force: true });
  const userDataDir = path.join(stateDir, 'user-data');
  const extensionsDir = path.join(stateDir, 'extensions');
  mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  // A folder linked into the extensions folder is loaded like an installed extension.
  for (const [name, target] of Object.entries(extensions)) symlinkSync(target, path.join(extensionsDir, name), 'dir');
  writeFileSync(
    path.join(userDataDir, 'User', 'settings.json'),
    JSON.stringify(
      {
        'telemetry.telemetryLevel': 'off',
        'workbench.startupEditor': 'none',
        'workbench.tips.enabled': false,
        'extensions.autoCheckUpdates': false,
        'extensions.autoUpdate': false,
        'update.mode': 'none',
        'chat.disableAIFeatures': !chat,
        'security.workspace.trust.enabled': trustWorkspaces,
        'security.workspace.trust.startupPrompt': 'never',
      },
      null,
      2,
    ),
  );
  const args = [
    codeServerEntry,
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--auth',
    password === undefined ? 'none' : 'password',
    '--user-data-dir',
    userDataDir,
    '--extensions-dir',
    extensionsDir,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    workspace,
  ];
  const child = spawn(nodeBinary, args, {
    env: { ...process.env, ...env, ...(password === undefined ? {} : { PASSWORD: password }) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise((resolve, reject) => {
    const onData = (chunk) => {
      output += chunk.toString();
      const match = /HTTP server listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) resolve(match[1]);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`code-server exited with ${code} before listening:\n${output}`)));
  });
  return {
    url,
    workspaceUrl: `${url}/?folder=${encodeURIComponent(workspace)}`,
    logsDir: path.join(userDataDir, 'logs'),
    child,
    output: () => output,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
