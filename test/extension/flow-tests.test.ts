// Flow tests in the real VS Code: the Testing view lists a test file's cases, runs them through the
// TestController with a failure shown as a diff at the case's line, debugs a case in the flow debugger,
// checks test files into the Problems panel, and compares two saved runs.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { FlowStudioApi } from '../../src/extension/extension';
import { diagnosticsWhen, flowStudio, nextEvent, workspaceFile, writeFile } from './helpers/vscode-waits';

const testFile = `{
  "version": 1,
  "flow": "../greet.flow.json",
  "cases": [
    { "name": "greets Ada", "inputs": { "person": "Ada" }, "expect": { "greeting": { "contains": "Ada" } } },
    { "name": "says hi", "inputs": { "person": "Ada" }, "expect": { "greeting": "Hi, Ada!" } }
  ]
}
`;

interface Outcome {
  state: 'passed' | 'failed' | 'errored';
  messages: readonly vscode.TestMessage[];
}

/** Records what a test run reports, by item label, by wrapping the controller's real runs. */
function recordRuns(controller: vscode.TestController): { outcomes: Map<string, Outcome>; restore(): void } {
  const outcomes = new Map<string, Outcome>();
  const original = controller.createTestRun.bind(controller);
  controller.createTestRun = (request, name, persist) => {
    const run = original(request, name, persist);
    const { passed, failed, errored } = run;
    run.passed = (item, duration) => {
      outcomes.set(item.label, { state: 'passed', messages: [] });
      passed.call(run, item, duration);
    };
    run.failed = (item, message, duration) => {
      outcomes.set(item.label, { state: 'failed', messages: Array.isArray(message) ? message : [message as vscode.TestMessage] });
      failed.call(run, item, message, duration);
    };
    run.errored = (item, message, duration) => {
      outcomes.set(item.label, { state: 'errored', messages: Array.isArray(message) ? message : [message as vscode.TestMessage] });
      errored.call(run, item, message, duration);
    };
    return run;
  };
  return { outcomes, restore: () => (controller.createTestRun = original) };
}

describe('flow tests in the Testing view', () => {
  let api: FlowStudioApi;
  const uri = workspaceFile('tests', 'greet.flowtest.json');

  before(async () => {
    api = await flowStudio();
    await writeFile(uri, testFile);
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(workspaceFile('tests'), { recursive: true });
  });

  function fileItem(): vscode.TestItem {
    const item = api.tests.controller.controller.items.get(uri.toString());
    assert.ok(item, 'the test file is listed');
    return item;
  }

  it('lists the test file and its cases at their lines', async () => {
    await api.tests.controller.discover();
    const cases = [...fileItem().children].map(([, item]) => [item.label, item.range?.start.line]);
    assert.deepEqual(cases, [
      ['greets Ada', 4],
      ['says hi', 5],
    ]);
  });

  it('runs the cases through the TestController and shows a failure as expected vs actual at its line', async () => {
    const recorder = recordRuns(api.tests.controller.controller);
    try {
      const ran = nextEvent(api.tests.controller.onDidRun, () => true, 'the run report');
      await api.tests.controller.runProfile.runHandler(new vscode.TestRunRequest([fileItem()]), new vscode.CancellationTokenSource().token);
      const report = await ran;
      assert.equal(report.summary.failed, 1);
      assert.equal(recorder.outcomes.get('greets Ada')?.state, 'passed');
      const failure = recorder.outcomes.get('says hi');
      assert.equal(failure?.state, 'failed');
      const [message] = failure.messages;
      assert.equal(message!.expectedOutput, 'Hi, Ada!');
      assert.equal(message!.actualOutput, 'Hello, Ada!');
      assert.match(String(message!.message), /greeting: expected "Hi, Ada!", got "Hello, Ada!"/);
      assert.equal(message!.location?.uri.toString(), uri.toString());
      assert.equal(message!.location?.range.start.line, 5);
    } finally {
      recorder.restore();
    }
  });

  it('debugs a case in the flow debugger, paused before the first node', async () => {
    const recorder = recordRuns(api.tests.controller.controller);
    try {
      const flowUri = workspaceFile('greet.flow.json');
      const paused = nextEvent(
        api.runs.onEvent,
        (e) => e.uri.toString() === flowUri.toString() && e.event.type === 'run.paused',
        'the paused run',
      );
      const item = [...fileItem().children].map(([, i]) => i).find((i) => i.label === 'greets Ada')!;
      const debugging = api.tests.controller.debugProfile.runHandler(
        new vscode.TestRunRequest([item]),
        new vscode.CancellationTokenSource().token,
      );
      await paused;
      assert.equal(api.runs.runOf(flowUri)?.state, 'paused');
      assert.equal(recorder.outcomes.get('greets Ada'), undefined, 'the case has no result while paused');
      api.runs.runOf(flowUri)!.control.resume();
      await debugging;
      assert.equal(recorder.outcomes.get('greets Ada')?.state, 'passed');
    } finally {
      recorder.restore();
    }
  });

  it('puts an unknown output and a bad assertion of a test file in the Problems panel', async () => {
    const bad = workspaceFile('tests', 'bad.flowtest.json');
    await writeFile(
      bad,
      '{\n  "version": 1,\n  "flow": "../greet.flow.json",\n  "cases": [\n    { "name": ' +
        '"a", "expect": { "greting": "x", "greeting": { "matches": "(a)\\\\1" } } }\n  ]\n}\n',
    );
    await vscode.workspace.openTextDocument(bad);
    const problems = await diagnosticsWhen(bad, (d) => d.filter((x) => x.source === 'FlowStudio').length === 2, 'test file diagnostics');
    const unknown = problems.find((p) => /unknown output 'greting'/.test(p.message));
    assert.ok(unknown);
    assert.equal(unknown.range.start.line, 4);
    assert.ok(problems.some((p) => /backreferences/.test(p.message)));
    const missingFlow = workspaceFile('tests', 'missing.flowtest.json');
    await writeFile(missingFlow, '{ "version": 1, "flow": "nowhere.flow.json", "cases": [{ "name": "a" }] }\n');
    await vscode.workspace.openTextDocument(missingFlow);
    await diagnosticsWhen(missingFlow, (d) => d.some((x) => /unknown flow 'nowhere\.flow\.json'/.test(x.message)), 'the unknown flow');
  });

  it('compares two saved runs side by side with outputs, latency and tokens', async () => {
    const folder = workspaceFile('.flowstudio', 'test-results');
    const runs = (await vscode.workspace.fs.readDirectory(folder))
      .map(([name]) => name)
      .filter((name) => name.endsWith('.json') && name !== 'latest.json')
      .sort();
    assert.ok(runs.length >= 2, `two runs were saved: ${runs.join(', ')}`);
    const document = (await vscode.commands.executeCommand(
      'flowstudio.compareTestRuns',
      vscode.Uri.joinPath(folder, runs.at(-2)!),
      vscode.Uri.joinPath(folder, runs.at(-1)!),
    )) as vscode.TextDocument;
    const text = document.getText();
    assert.match(text, /\| Case \| Status A → B \| Outputs A \| Outputs B \| Latency A \| Latency B \| Tokens A \| Tokens B \|/);
    assert.match(
      text,
      /\| greets Ada \| ✔ → ✔ \| greeting: Hello, Ada\\! \| greeting: Hello, Ada\\! \| \d+\.\d ms \| \d+\.\d ms \| 0 \| 0 \|/,
    );
    assert.match(text, /\| says hi \| ✖ → – \|/);
  });

  it("grades a judge assertion with the editor's own chat model and shows the judge's reason", async () => {
    const lm = vscode.lm as unknown as {
      registerLanguageModelChatProvider?: (vendor: string, provider: object) => vscode.Disposable;
    };
    assert.ok(lm.registerLanguageModelChatProvider, 'this VS Code has no registerLanguageModelChatProvider');
    const registration = lm.registerLanguageModelChatProvider('flowstudio-test', {
      provideLanguageModelChatInformation: () => [
        { id: 'grader-1', name: 'Grader', family: 'grader', version: '1', maxInputTokens: 8000, maxOutputTokens: 1000, capabilities: {} },
      ],
      async provideLanguageModelChatResponse(
        _model: unknown,
        messages: readonly vscode.LanguageModelChatMessage[],
        _options: unknown,
        progress: vscode.Progress<vscode.LanguageModelTextPart>,
      ) {
        const text = messages
          .map((m) => m.content.map((p) => (p instanceof vscode.LanguageModelTextPart ? p.value : '')).join(''))
          .join('\n');
        const verdict = text.includes('formal') ? { pass: false, reason: 'It says Hello, not Good day.' } : { pass: true, reason: 'ok' };
        progress.report(new vscode.LanguageModelTextPart(JSON.stringify(verdict)));
      },
      provideTokenCount: async () => 1,
    });
    const judged = workspaceFile('tests', 'judged.flowtest.json');
    try {
      await writeFile(
        judged,
        JSON.stringify({
          version: 1,
          flow: '../greet.flow.json',
          cases: [{ name: 'is formal', inputs: { person: 'Ada' }, expect: { greeting: { judge: { rubric: 'The greeting is formal.' } } } }],
        }),
      );
      await api.tests.controller.discover();
      const item = api.tests.controller.controller.items.get(judged.toString());
      assert.ok(item);
      const recorder = recordRuns(api.tests.controller.controller);
      try {
        await api.tests.controller.runProfile.runHandler(new vscode.TestRunRequest([item]), new vscode.CancellationTokenSource().token);
      } finally {
        recorder.restore();
      }
      const outcome = recorder.outcomes.get('is formal');
      assert.equal(outcome?.state, 'failed');
      assert.match(String(outcome.messages[0]!.message), /judge failed: It says Hello, not Good day\./);
    } finally {
      registration.dispose();
      await vscode.workspace.fs.delete(judged);
    }
  });
});
