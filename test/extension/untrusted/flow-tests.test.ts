// Flow tests in an untrusted workspace: test files are still listed and checked, but no case runs.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { flowStudio, workspaceFile, writeFile } from '../helpers/vscode-waits';

describe('flow tests in an untrusted workspace', () => {
  it('lists the cases but runs none of them, saying why', async () => {
    const api = await flowStudio();
    const uri = workspaceFile('untrusted.flowtest.json');
    await writeFile(
      uri,
      JSON.stringify({
        version: 1,
        flow: 'greet.flow.json',
        cases: [{ name: 'greets', inputs: { person: 'Ada' }, expect: { greeting: 'Hello, Ada!' } }],
      }),
    );
    await api.tests.controller.discover();
    const file = api.tests.controller.controller.items.get(uri.toString());
    assert.ok(file);
    const errors: string[] = [];
    const original = api.tests.controller.controller.createTestRun.bind(api.tests.controller.controller);
    api.tests.controller.controller.createTestRun = (request, name, persist) => {
      const run = original(request, name, persist);
      const { errored, passed } = run;
      run.errored = (item, message, duration) => {
        errors.push(`${item.label}: ${String((Array.isArray(message) ? message[0] : (message as vscode.TestMessage)).message)}`);
        errored.call(run, item, message, duration);
      };
      run.passed = (item, duration) => {
        errors.push(`${item.label}: passed`);
        passed.call(run, item, duration);
      };
      return run;
    };
    try {
      await api.tests.controller.runProfile.runHandler(new vscode.TestRunRequest([file]), new vscode.CancellationTokenSource().token);
    } finally {
      api.tests.controller.controller.createTestRun = original;
    }
    assert.equal(errors.length, 1);
    assert.match(errors[0]!, /^greets: FlowStudio runs nothing in an untrusted workspace/);
    assert.equal(api.runs.runOf(workspaceFile('greet.flow.json')), undefined);
  });
});
