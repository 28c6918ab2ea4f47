// Questions a run asks in the real editor: input.ask, and server-everything's elicitation, URL and
// sampling requests during a node's call, plus the workspace folders as the server's roots. The person
// is played by stand-ins for the prompts (as the consent tests answer their modal), which record what
// they were shown; one test goes through the real quick inputs, accepted with the keyboard command.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { AskAnswer, FormAskRequest, RunResult, SamplingRequest } from '../../src/engine';
import type { AskPrompts, SamplingDecision } from '../../src/extension/ask/ask-prompts';
import type { FlowStudioApi } from '../../src/extension/extension';
import { flowStudio, workspaceFile, writeFile } from './helpers/vscode-waits';

interface Shown {
  forms: { request: FormAskRequest; who: string }[];
  urls: { message: string; url: string; who: string }[];
  sampling: { request: SamplingRequest; who: string; model: string }[];
}

function flowText(name: string, nodes: [string, string, Record<string, unknown>][], edges: string[]): string {
  return JSON.stringify({
    version: 1,
    name,
    nodes: nodes.map(([id, type, params], i) => ({ id, type, position: { x: i * 240, y: 0 }, params })),
    edges: edges.map((edge, i) => {
      const [[source, sourceHandle], [target, targetHandle]] = edge.split(' -> ').map((end) => end.split('.')) as [string[], string[]];
      return { id: `e${i + 1}`, source, sourceHandle, target, targetHandle };
    }),
  });
}

const toolFlow = (name: string, tool: string, args: Record<string, unknown> = {}) =>
  flowText(
    name,
    [
      ['call', 'mcp.tool', { server: 'everything', tool, arguments: args }],
      ['out', 'output.text', { name: 'reply' }],
    ],
    ['call.text -> out.text'],
  );

describe('questions a run asks in the editor', function () {
  this.timeout(120_000);
  let api: FlowStudioApi;
  let original: AskPrompts;
  let shown: Shown;
  let answerForm: (request: FormAskRequest) => AskAnswer;
  let openUrl = false;
  let samplingDecision: SamplingDecision = 'deny';

  const written = new Set<string>();

  async function run(file: string, text: string): Promise<RunResult> {
    const uri = workspaceFile(file);
    written.add(file);
    await writeFile(uri, text);
    return (await vscode.commands.executeCommand('flowstudio.run', uri, { inputs: {} })) as RunResult;
  }

  before(async () => {
    api = await flowStudio();
    const [entry] = await api.mcp.allPools();
    assert.ok(entry, 'a trusted workspace has an MCP pool');
    await api.mcp.consent.record(entry.folder, entry.pool.definitionOf('everything')!, 'allow');
    original = api.asking.prompts;
    api.asking.prompts = {
      fillForm: async (request, who) => {
        shown.forms.push({ request, who });
        return answerForm(request);
      },
      confirmUrl: async (message, url, who) => {
        shown.urls.push({ message, url: url.toString(true), who });
        return openUrl;
      },
      approveSampling: async (request, who, model) => {
        shown.sampling.push({ request, who, model });
        return samplingDecision;
      },
    };
  });
  beforeEach(() => {
    shown = { forms: [], urls: [], sampling: [] };
  });
  after(async () => {
    api.asking.prompts = original;
    await api.asking.forgetSamplingDecisions();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    // Later suites list the workspace's flows: leave it as it was.
    for (const file of [...written, 'ask-quick.flow.json'])
      await vscode.workspace.fs.delete(workspaceFile(file)).then(undefined, () => undefined);
  });

  it('asks an input.ask node through the form, naming the node and the flow, and outputs the answer', async () => {
    answerForm = () => ({ action: 'accept', content: { person: 'Ada' } });
    const result = await run(
      'ask-greet.flow.json',
      flowText(
        'ask greet',
        [
          ['ask', 'input.ask', { name: 'person', message: 'Whom shall I greet?' }],
          ['tpl', 'text.template', { template: 'Hello, {{name}}!' }],
          ['out', 'output.text', { name: 'greeting' }],
        ],
        ['ask.value -> tpl.name', 'tpl.text -> out.text'],
      ),
    );
    assert.equal(result.status, 'ok', result.error?.message);
    assert.equal(result.outputs.greeting, 'Hello, Ada!');
    assert.equal(shown.forms.length, 1);
    assert.equal(shown.forms[0]!.who, "Node 'ask' of ask-greet.flow.json");
    assert.equal(shown.forms[0]!.request.message, 'Whom shall I greet?');
  });

  it('fails the node when the person cancels the form', async () => {
    answerForm = () => ({ action: 'cancel' });
    const result = await run(
      'ask-cancel.flow.json',
      flowText(
        'ask cancel',
        [
          ['ask', 'input.ask', { name: 'person', message: 'Who?' }],
          ['out', 'output.text', { name: 'o' }],
        ],
        ['ask.value -> out.text'],
      ),
    );
    assert.equal(result.status, 'error');
    assert.match(result.error?.message ?? '', /cancelled the question/);
  });

  it("passes server-everything's elicitation to the form, naming the server and the calling node", async () => {
    answerForm = () => ({ action: 'accept', content: { name: 'Grace', check: true } });
    const result = await run('ask-elicit.flow.json', toolFlow('elicit', 'trigger-elicitation-request'));
    assert.equal(result.status, 'ok', result.error?.message);
    assert.match(String(result.outputs.reply), /- Name: Grace\n- Agreed to terms: true/);
    assert.equal(shown.forms[0]!.who, "MCP server 'everything' (called by node 'call' of ask-elicit.flow.json)");
    assert.ok('untitledSingleSelectEnum' in shown.forms[0]!.request.requestedSchema.properties);
  });

  it('asks before opening an https page, naming the server, and declines when the person says no', async () => {
    openUrl = false;
    const result = await run('ask-url.flow.json', toolFlow('url', 'trigger-url-elicitation', { url: 'https://example.com/sign?x=1' }));
    assert.equal(result.status, 'ok', result.error?.message);
    assert.match(String(result.outputs.reply), /User declined to open the URL/);
    assert.deepEqual(shown.urls, [
      {
        message: 'Please open the link to complete this action.',
        url: 'https://example.com/sign?x=1',
        who: "MCP server 'everything' (called by node 'call' of ask-url.flow.json)",
      },
    ]);
  });

  it('never shows or opens a javascript: or file: URL', async () => {
    for (const url of ['javascript:alert(1)', 'file:///etc/passwd']) {
      const result = await run('ask-bad-url.flow.json', toolFlow('bad url', 'trigger-url-elicitation', { url }));
      assert.equal(result.status, 'error');
      assert.match(result.error?.message ?? '', /only https URLs are opened/);
    }
    assert.deepEqual(shown.urls, []);
  });

  it('refuses sampling the person did not allow, after showing the request', async () => {
    samplingDecision = 'deny';
    const result = await run('ask-sample.flow.json', toolFlow('sample', 'trigger-sampling-request', { prompt: 'Say hi', maxTokens: 20 }));
    assert.equal(result.status, 'error');
    assert.match(result.error?.message ?? '', /did not allow MCP server 'everything' to use the model \(sampling refused\)/);
    const [asked] = shown.sampling;
    assert.ok(asked);
    assert.equal(asked.who, "MCP server 'everything' (called by node 'call' of ask-sample.flow.json)");
    assert.equal(asked.request.systemPrompt, 'You are a helpful test server.');
    assert.equal(asked.request.maxTokens, 20);
    assert.match(asked.request.messages[0]!.text, /Say hi/);
  });

  it("answers sampling with the editor's model once allowed always, and does not ask again", async () => {
    const lm = vscode.lm as unknown as {
      registerLanguageModelChatProvider?: (vendor: string, provider: object) => vscode.Disposable;
    };
    assert.ok(lm.registerLanguageModelChatProvider, 'this VS Code has no registerLanguageModelChatProvider');
    const registration = lm.registerLanguageModelChatProvider('flowstudio-test', {
      provideLanguageModelChatInformation: () => [
        { id: 'hi', name: 'Hi', family: 'hi', version: '1', maxInputTokens: 8000, maxOutputTokens: 1000, capabilities: {} },
      ],
      async provideLanguageModelChatResponse(
        _model: unknown,
        _messages: unknown,
        _options: unknown,
        progress: vscode.Progress<vscode.LanguageModelTextPart>,
      ) {
        progress.report(new vscode.LanguageModelTextPart('hello from the editor model'));
      },
      provideTokenCount: async () => 1,
    });
    try {
      samplingDecision = 'always';
      // The flow's own editor model (a vendor the test runner contributes) is the one that answers.
      const flow = flowText(
        'sample',
        [
          ['call', 'mcp.tool', { server: 'everything', tool: 'trigger-sampling-request', arguments: { prompt: 'Say hi', maxTokens: 20 } }],
          ['out', 'output.text', { name: 'reply' }],
          ['chat', 'llm.chat', { provider: 'vscode', model: 'flowstudio-test/hi' }],
          ['said', 'output.text', { name: 'said' }],
        ],
        ['call.text -> out.text', 'call.text -> chat.prompt', 'chat.text -> said.text'],
      );
      const first = await run('ask-sample-always.flow.json', flow);
      assert.equal(first.status, 'ok', first.error?.message);
      assert.match(String(first.outputs.reply), /hello from the editor model/);
      assert.match(String(first.outputs.reply), /"model": "vscode\/flowstudio-test\/hi"/);
      assert.equal(shown.sampling[0]!.model, "the editor's model flowstudio-test/hi");
      samplingDecision = 'deny';
      const second = await run('ask-sample-always.flow.json', flow);
      assert.equal(second.status, 'ok', second.error?.message);
      assert.equal(shown.sampling.length, 1, 'asked again after "always allow"');
      assert.deepEqual(api.asking.alwaysAllowed(), ['everything']);
    } finally {
      registration.dispose();
      await api.asking.forgetSamplingDecisions();
    }
  });

  it('offers the workspace folders to the server as roots', async () => {
    const result = await run('ask-roots.flow.json', toolFlow('roots', 'get-roots-list'));
    assert.equal(result.status, 'ok', result.error?.message);
    const folder = vscode.workspace.workspaceFolders![0]!.uri;
    assert.match(String(result.outputs.reply), new RegExp(`URI: ${folder.toString().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  });

  it('asks through the real quick inputs, answered from the keyboard', async () => {
    api.asking.prompts = original;
    try {
      const uri = workspaceFile('ask-quick.flow.json');
      await writeFile(
        uri,
        flowText(
          'ask quick',
          [
            [
              'ask',
              'input.ask',
              {
                name: 'order',
                message: 'Your order?',
                schema: {
                  type: 'object',
                  properties: {
                    dish: { type: 'string', default: 'soup' },
                    count: { type: 'integer', default: 2 },
                    hot: { type: 'boolean' },
                  },
                  required: ['dish', 'count', 'hot'],
                },
              },
            ],
            ['out', 'output.json', { name: 'order' }],
          ],
          ['ask.value -> out.value'],
        ),
      );
      let isDone = false;
      const running = Promise.resolve(vscode.commands.executeCommand('flowstudio.run', uri, { inputs: {} }) as Thenable<RunResult>).finally(
        () => (isDone = true),
      );
      // Enter on each quick input as it opens: the defaults, then the first choice ("Yes").
      for (let presses = 0; !isDone && presses < 400; presses++) {
        await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const result = await running;
      assert.equal(result.status, 'ok', result.error?.message);
      assert.deepEqual(result.outputs.order, { dish: 'soup', count: 2, hot: true });
    } finally {
      api.asking.prompts = original;
    }
  });
});
