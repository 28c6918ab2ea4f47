// Flow tests in the editor: the Testing view's controller, Problems for test files, and the command
// comparing two runs. One object, disposed with the extension.
import * as vscode from 'vscode';
import { Disposable } from '../lifetime/disposable';
import { compareTestRuns } from './compare-runs';
import { FlowTestController, type FlowTestServices } from './flow-test-controller';
import { TestFileDiagnostics } from './test-file-diagnostics';

export class FlowTests extends Disposable {
  readonly controller: FlowTestController;
  readonly diagnostics: TestFileDiagnostics;

  constructor(services: FlowTestServices) {
    super();
    this.controller = this.register(new FlowTestController(services));
    this.diagnostics = this.register(new TestFileDiagnostics());
    this.register(
      vscode.commands.registerCommand('flowstudio.compareTestRuns', (before?: vscode.Uri, after?: vscode.Uri) =>
        compareTestRuns(before, after),
      ),
    );
  }
}
