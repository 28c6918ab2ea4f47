// Destination-bound secrets in the real editor: the model picker sends a key only to an origin it is
// bound to; a run asks with a modal before sending a secret anywhere else (allow once, always, deny);
// `{{env:NAME}}` resolves only names listed in flowstudio.allowedEnvironmentVariables. A local server
// on 127.0.0.1 records the Authorization header of every request and answers 401.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as vscode from 'vscode';
import type { RunResult } from '../../src/engine';
import type { FlowStudioApi } from '../../src/extension/extension';
import type { HostToWebview } from '../../src/protocol/messages';
import { diagnosticsWhen, flowStudio, nextEvent, workspaceFile, writeFile } from './helpers/vscode-waits';

type ModelsMessage = Extract<HostToWebview, { type: 'models' }>;

interface Recorded {
  path: string;
  authorization: string | undefined;
}

async function startRecordingServer(): Promise<{ server: Server; url: string; requests: Recorded[] }> {
  const requests: Recorded[] = [];
  const server = createServer((request, response) => {
    requests.push({ path: request.url ?? '', authorization: request.headers.authorization });
    request.resume();
    response.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'invalid key' } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests };
}

describe('secrets go only where the user sent them', () => {
  let api: FlowStudioApi;
  let local: Awaited<ReturnType<typeof startRecordingServer>>;
  let realModal: FlowStudioApi['secrets']['showModal'];
  let prompts: { message: string; detail: string | undefined; items: string[] }[] = [];

  /** Answers the next modals with these buttons, recording what they showed (a test cannot click a modal). */
  function answerModals(...answers: (string | undefined)[]): void {
    api.secrets.showModal = async (message, options, ...items) => {
      prompts.push({ message, detail: options?.detail, items });
      return answers.shift();
    };
  }

  before(async () => {
    api = await flowStudio();
    realModal = api.secrets.showModal;
    local = await startRecordingServer();
  });
  after(async () => {
    api.secrets.showModal = realModal;
    local.server.close();
    for (const name of ['FS_PICK_KEY', 'FS_RUN_KEY']) await vscode.commands.executeCommand('flowstudio.deleteSecret', name);
    await vscode.workspace
      .getConfiguration('flowstudio')
      .update('allowedEnvironmentVariables', undefined, vscode.ConfigurationTarget.Workspace);
  });
  beforeEach(() => {
    local.requests.length = 0;
    prompts = [];
  });
  afterEach(() => {
    // Any modal a test did not expect fails it instead of waiting for a click.
    answerModals();
  });

  async function run(file: string): Promise<RunResult> {
    return (await vscode.commands.executeCommand('flowstudio.run', workspaceFile(file), { inputs: { message: 'hi' } })) as RunResult;
  }

  function modelFlow(name: string, apiKey: string): string {
    return JSON.stringify({
      version: 1,
      name,
      nodes: [
        { id: 'message', type: 'input.text', position: { x: 0, y: 0 }, params: { name: 'message' } },
        {
          id: 'model',
          type: 'llm.chat',
          position: { x: 200, y: 0 },
          params: { provider: 'openai-compatible', model: 'm', baseURL: `${local.url}/v1`, apiKey },
        },
        { id: 'reply', type: 'output.text', position: { x: 400, y: 0 }, params: { name: 'reply' } },
      ],
      edges: [
        { id: 'e1', source: 'message', sourceHandle: 'text', target: 'model', targetHandle: 'prompt' },
        { id: 'e2', source: 'model', sourceHandle: 'text', target: 'reply', targetHandle: 'text' },
      ],
    });
  }

  it('the model picker sends no key to an unbound origin and says why; once bound, it sends it', async () => {
    await vscode.commands.executeCommand('flowstudio.setSecret', 'FS_PICK_KEY', 'sk-picker-key-0001', {
      destinations: ['https://api.openai.com'],
    });
    const uri = workspaceFile('secret-picker.flow.json');
    await writeFile(uri, modelFlow('secret-picker', '{{secret:FS_PICK_KEY}}'));
    const opened = nextEvent(api.editors.onDidOpen, (s) => s.document.uri.toString() === uri.toString(), 'the flow editor');
    await vscode.commands.executeCommand('vscode.openWith', uri, 'flowstudio.flowEditor');
    const session = api.editors.sessionsOf(uri)[0] ?? (await opened);
    await session.ready;
    try {
      answerModals('Allow Once');
      const refused = nextEvent(
        session.onDidPost,
        (m): boolean => m.type === 'models' && m.requestId === 'pick-1',
        'the model list',
      ) as Promise<ModelsMessage>;
      await session.receive({ type: 'listModels', requestId: 'pick-1', nodeId: 'model' });
      const note = (await refused).note ?? '';
      assert.match(note, /needs a key, and it was not sent: secret 'FS_PICK_KEY' may not be sent to http:\/\/127\.0\.0\.1:\d+/);
      assert.deepEqual(
        local.requests.map((r) => r.authorization),
        [undefined],
      );
      assert.equal(prompts.length, 0, 'the picker never asks');

      await vscode.commands.executeCommand('flowstudio.secretDestinations', 'secret', 'FS_PICK_KEY', ['https://api.openai.com', local.url]);
      local.requests.length = 0;
      const sent = nextEvent(
        session.onDidPost,
        (m): boolean => m.type === 'models' && m.requestId === 'pick-2',
        'the second model list',
      ) as Promise<ModelsMessage>;
      await session.receive({ type: 'listModels', requestId: 'pick-2', nodeId: 'model' });
      assert.match((await sent).note ?? '', /the apiKey was refused/);
      assert.deepEqual(
        local.requests.map((r) => r.authorization),
        [undefined, 'Bearer sk-picker-key-0001'],
      );
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
  });

  it('a run asks before sending a secret to an unbound origin: deny sends nothing, allow once sends it this time only', async () => {
    await vscode.commands.executeCommand('flowstudio.setSecret', 'FS_RUN_KEY', 'sk-run-key-0002', { destinations: [] });
    await writeFile(workspaceFile('secret-run.flow.json'), modelFlow('secret-run', '{{secret:FS_RUN_KEY}}'));

    answerModals('Deny');
    const denied = await run('secret-run.flow.json');
    assert.equal(denied.status, 'error');
    assert.match(denied.error?.message ?? '', /secret 'FS_RUN_KEY' may not be sent to http:\/\/127\.0\.0\.1:\d+ .*the user denied it/);
    assert.equal(local.requests.length, 0, 'nothing was sent after Deny');
    assert.equal(prompts.length, 1);
    assert.equal(prompts[0]!.message, `Send secret "FS_RUN_KEY" to ${local.url}?`);
    assert.match(prompts[0]!.detail ?? '', /Node "model" \(llm\.chat\) in secret-run\.flow\.json/);
    assert.deepEqual(prompts[0]!.items, ['Allow Once', 'Allow Always for This Origin', 'Deny']);

    answerModals('Allow Once');
    const once = await run('secret-run.flow.json');
    assert.match(once.error?.message ?? '', /refused the API key \(HTTP 401\)/);
    assert.deepEqual(
      local.requests.map((r) => r.authorization),
      ['Bearer sk-run-key-0002'],
    );
    assert.deepEqual(api.secrets.destinationsOf('secret', 'FS_RUN_KEY'), [], 'allow once stores nothing');

    // Closing the modal is a refusal too.
    answerModals(undefined);
    local.requests.length = 0;
    assert.equal((await run('secret-run.flow.json')).status, 'error');
    assert.equal(local.requests.length, 0);
  });

  it('"allow always for this origin" binds the secret, so the next run does not ask', async () => {
    await vscode.commands.executeCommand('flowstudio.setSecret', 'FS_RUN_KEY', 'sk-run-key-0002', { destinations: [] });
    await writeFile(workspaceFile('secret-run.flow.json'), modelFlow('secret-run', '{{secret:FS_RUN_KEY}}'));
    answerModals('Allow Always for This Origin');
    await run('secret-run.flow.json');
    assert.deepEqual(api.secrets.destinationsOf('secret', 'FS_RUN_KEY'), [local.url]);
    answerModals();
    await run('secret-run.flow.json');
    assert.equal(prompts.length, 1, 'asked only the first time');
    assert.deepEqual(
      local.requests.map((r) => r.authorization),
      ['Bearer sk-run-key-0002', 'Bearer sk-run-key-0002'],
    );
  });

  it('refuses an environment variable that is not listed in the setting, naming the setting', async () => {
    const name = 'FS_EDITOR_ENV_TOKEN';
    process.env[name] = 'editor-env-token-value-77';
    try {
      await writeFile(workspaceFile('secret-env.flow.json'), modelFlow('secret-env', `{{env:${name}}}`));
      // Set in the editor's environment, but not listed: the Problems panel warns before any run.
      const document = await vscode.workspace.openTextDocument(workspaceFile('secret-env.flow.json'));
      const envWarning = (d: readonly vscode.Diagnostic[]) => d.find((x) => x.message.includes(`{{env:${name}}}`));
      const [warned] = (await diagnosticsWhen(document.uri, (d) => envWarning(d) !== undefined, 'the unlisted env warning')).filter((d) =>
        envWarning([d]),
      );
      assert.equal(warned!.severity, vscode.DiagnosticSeverity.Warning);
      assert.match(
        warned!.message,
        new RegExp(`only environment variables listed in the setting flowstudio\\.allowedEnvironmentVariables, and ${name} is not`),
      );
      answerModals('Allow Once');
      const refused = await run('secret-env.flow.json');
      assert.equal(refused.status, 'error');
      assert.equal(
        refused.error?.message,
        `{{env:${name}}} is refused: environment variable '${name}' is not listed in the setting flowstudio.allowedEnvironmentVariables; ` +
          'add it there (workspace settings) to use it in the editor',
      );
      assert.equal(prompts.length, 0);
      assert.equal(local.requests.length, 0);

      await vscode.workspace
        .getConfiguration('flowstudio')
        .update('allowedEnvironmentVariables', [name], vscode.ConfigurationTarget.Workspace);
      await diagnosticsWhen(document.uri, (d) => envWarning(d) === undefined, 'the env warning to go once the name is listed');
      // Listed, it is still bound like a secret: an unbound origin asks first.
      const allowed = await run('secret-env.flow.json');
      assert.equal(prompts.length, 1);
      assert.equal(prompts[0]!.message, `Send environment variable "${name}" to ${local.url}?`);
      assert.deepEqual(
        local.requests.map((r) => r.authorization),
        [`Bearer editor-env-token-value-77`],
      );
      assert.ok(!JSON.stringify(allowed).includes('editor-env-token-value-77'));
      assert.ok(
        !JSON.stringify(api.runs.traceOf(workspaceFile('secret-env.flow.json'))).includes('editor-env-token-value-77'),
        'the trace holds the value',
      );
    } finally {
      delete process.env[name];
    }
  });
});
