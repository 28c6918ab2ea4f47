// `flowstudio mcp login` while another local program requests its callback URL: a reply without this
// sign-in's state is answered 400 and ignored, and the real reply still completes the sign-in.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { buildCli } from '../helpers/build-cli';
import { mcpFixtures } from '../engine/mcp/support/mcp-servers';
import { startProtectedMcpServer, type ProtectedMcpServer } from '../engine/mcp/support/oauth-protected-server';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

describe('flowstudio mcp login and a forged callback', function () {
  this.timeout(60_000);
  let dir: string;
  let cli: string;
  let server: ProtectedMcpServer;
  let env: NodeJS.ProcessEnv;

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'flowstudio-login-state-'));
    cli = await buildCli(dir);
    server = await startProtectedMcpServer();
    // An empty PATH: no browser opener is found, so the CLI only prints the page, which the test visits.
    env = {
      FLOWSTUDIO_TEST_PROTECTED_URL: server.url,
      FLOWSTUDIO_OAUTH_FILE: path.join(dir, 'oauth.json'),
      FLOWSTUDIO_OAUTH_PORT: String(await freePort()),
      PATH: dir,
    };
  });
  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps waiting after a callback with a wrong or missing state, then completes with the right one', async () => {
    const login = spawn(process.execPath, [cli, 'mcp', 'login', 'protected', '--mcp-config', path.join(mcpFixtures, '.vscode/mcp.json')], {
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    try {
      const page = await new Promise<string>((resolve, reject) => {
        login.once('exit', (code) => reject(new Error(`login exited with ${code}: ${stderr}`)));
        login.stderr!.on('data', (chunk: Buffer) => {
          stderr += chunk.toString();
          const url = /in your browser:\n\s+(\S+)\n/.exec(stderr)?.[1];
          if (url) resolve(url);
        });
      });
      const callback = `http://127.0.0.1:${env.FLOWSTUDIO_OAUTH_PORT}/oauth/callback`;
      for (const forged of [`${callback}?state=forged&error=access_denied`, `${callback}?code=attacker-code`]) {
        const reply = await fetch(forged);
        assert.equal(reply.status, 400, forged);
        assert.match(await reply.text(), /does not belong to the sign-in in progress/);
      }
      assert.equal(login.exitCode, null, `login ended after a forged callback: ${stderr}`);

      const approval = await fetch(page, { redirect: 'manual' });
      const landing = await fetch(approval.headers.get('location')!);
      assert.match(await landing.text(), /sign-in received/);
      const [code] = (await once(login, 'exit')) as [number | null];
      assert.equal(code, 0, stderr);
    } finally {
      if (login.exitCode === null) login.kill('SIGKILL');
    }
  });
});
