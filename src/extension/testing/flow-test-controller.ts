// The Testing view for flow tests: every *.flowtest.json in the workspace and its cases, run from there
// with the editor's services (secrets, MCP servers, its own model as the default judge) or debugged in
// the flow debugger, paused before the first node. Failures show expected vs actual at the case's line.
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  loadTestSuiteFromText,
  runTestSuites,
  saveTestResults,
  TestFileError,
  toSavedResults,
  type CaseFailure,
  type CaseResult,
  type JudgeModel,
  type TestReport,
  type TestSuite,
} from '../../engine';
import { Disposable } from '../lifetime/disposable';
import type { WorkspaceMcp } from '../mcp/workspace-mcp';
import { editorModelProvider } from '../models/editor-language-model';
import type { FlowRuns } from '../run/flow-runs';
import { editorRunPolicy } from '../secrets/editor-secret-policy';
import type { SecretStorageStore } from '../secrets/secret-storage-store';
import { untrustedReason } from '../workspace-trust';

export interface FlowTestServices {
  runs: FlowRuns;
  mcp: WorkspaceMcp;
  secrets: SecretStorageStore;
  output: vscode.LogOutputChannel;
}

const TEST_FILE_GLOB = '**/*.flowtest.json';
const EXCLUDED = '**/{node_modules,.git,.flowstudio}/**';

export class FlowTestController extends Disposable {
  readonly controller = this.register(vscode.tests.createTestController('flowstudio.flowTests', 'Flow Tests'));
  private readonly reports = this.register(new vscode.EventEmitter<TestReport>());
  /** Fires after each run from the Testing view with its report (saved under .flowstudio/test-results/ too). */
  readonly onDidRun = this.reports.event;
  readonly runProfile: vscode.TestRunProfile;
  readonly debugProfile: vscode.TestRunProfile;

  constructor(private readonly services: FlowTestServices) {
    super();
    this.controller.resolveHandler = async (item) => {
      if (!item) await this.discover();
      else await this.readFile(item);
    };
    this.controller.refreshHandler = () => this.discover();
    this.runProfile = this.controller.createRunProfile(
      'Run',
      vscode.TestRunProfileKind.Run,
      (request, token) => this.run(request, token, 'run'),
      true,
    );
    this.debugProfile = this.controller.createRunProfile(
      'Debug',
      vscode.TestRunProfileKind.Debug,
      (request, token) => this.run(request, token, 'debug'),
      true,
    );
    const watcher = this.register(vscode.workspace.createFileSystemWatcher(TEST_FILE_GLOB));
    this.register(watcher.onDidCreate((uri) => void this.readFile(this.fileItem(uri))));
    this.register(watcher.onDidChange((uri) => void this.readFile(this.fileItem(uri))));
    this.register(watcher.onDidDelete((uri) => this.controller.items.delete(uri.toString())));
    this.register(
      vscode.workspace.onDidChangeTextDocument((e) => {
        const item = this.controller.items.get(e.document.uri.toString());
        if (item) void this.readFile(item);
      }),
    );
  }

  /** Finds every test file in the workspace and lists its cases. */
  async discover(): Promise<void> {
    const uris = await vscode.workspace.findFiles(TEST_FILE_GLOB, EXCLUDED);
    await Promise.all(uris.map((uri) => this.readFile(this.fileItem(uri))));
  }

  private fileItem(uri: vscode.Uri): vscode.TestItem {
    const existing = this.controller.items.get(uri.toString());
    if (existing) return existing;
    const item = this.controller.createTestItem(uri.toString(), vscode.workspace.asRelativePath(uri), uri);
    item.canResolveChildren = true;
    this.controller.items.add(item);
    return item;
  }

  /** Reads a test file (an open editor's text if it has one) and sets its case items; a problem shows on the file. */
  private async readFile(item: vscode.TestItem): Promise<TestSuite | undefined> {
    const uri = item.uri!;
    let suite: TestSuite;
    try {
      suite = await loadTestSuiteFromText(await textOf(uri), uri.fsPath);
    } catch (error) {
      item.error = error instanceof TestFileError ? error.problems.map((p) => p.message).join('\n') : (error as Error).message;
      return undefined;
    }
    item.error = undefined;
    const children = suite.cases.map((testCase) => {
      const child = this.controller.createTestItem(`${uri.toString()}#${testCase.name}`, testCase.name, uri);
      if (testCase.position)
        child.range = new vscode.Range(
          testCase.position.line - 1,
          testCase.position.column - 1,
          testCase.position.line - 1,
          testCase.position.column - 1,
        );
      if (testCase.row) child.description = `${path.basename(testCase.row.file)}:${testCase.row.line}`;
      return child;
    });
    item.children.replace(children);
    return suite;
  }

  private async run(request: vscode.TestRunRequest, token: vscode.CancellationToken, mode: 'run' | 'debug'): Promise<void> {
    const run = this.controller.createTestRun(request);
    try {
      const selected = await this.selection(request);
      const refusal = untrustedReason();
      if (refusal) {
        for (const { caseItems } of selected) for (const item of caseItems.values()) run.errored(item, new vscode.TestMessage(refusal));
        return;
      }
      const abort = new AbortController();
      const cancellation = token.onCancellationRequested(() => abort.abort(new Error('cancelled from the Testing view')));
      try {
        for (const { fileItem, suite, caseItems } of selected) {
          if (token.isCancellationRequested) break;
          for (const item of caseItems.values()) run.enqueued(item);
          const report = await this.runSuite(run, fileItem, suite, caseItems, mode, abort.signal);
          if (report) this.saveReport(report, fileItem.uri!);
        }
      } finally {
        cancellation.dispose();
      }
    } finally {
      run.end();
    }
  }

  /** The files and cases a request names (everything when it names nothing), less what it excludes. */
  private async selection(request: vscode.TestRunRequest) {
    if (!request.include) await this.discover();
    const roots = request.include ?? [...collection(this.controller.items)];
    const excluded = new Set((request.exclude ?? []).map((i) => i.id));
    const byFile = new Map<vscode.TestItem, Set<string>>();
    for (const item of roots) {
      if (excluded.has(item.id)) continue;
      const file = item.parent ?? item;
      const names = byFile.get(file) ?? new Set<string>();
      if (item.parent) names.add(item.label);
      else names.add('*');
      byFile.set(file, names);
    }
    const selected: { fileItem: vscode.TestItem; suite: TestSuite; caseItems: Map<string, vscode.TestItem> }[] = [];
    for (const [fileItem, names] of byFile) {
      const suite = await this.readFile(fileItem);
      if (!suite) continue;
      const caseItems = new Map<string, vscode.TestItem>();
      for (const child of collection(fileItem.children)) {
        if (excluded.has(child.id) || !(names.has('*') || names.has(child.label))) continue;
        caseItems.set(child.label, child);
      }
      selected.push({ fileItem, suite: { ...suite, cases: suite.cases.filter((c) => caseItems.has(c.name)) }, caseItems });
    }
    return selected;
  }

  private async runSuite(
    run: vscode.TestRun,
    fileItem: vscode.TestItem,
    suite: TestSuite,
    caseItems: Map<string, vscode.TestItem>,
    mode: 'run' | 'debug',
    signal: AbortSignal,
  ): Promise<TestReport | undefined> {
    const flowUri = vscode.Uri.file(suite.flowFile);
    const flowDocument = await vscode.workspace.openTextDocument(flowUri);
    // The user asked for this run: servers the flow uses that have no decision yet are asked about now.
    await this.services.mcp.askConsentForRun(flowDocument);
    const cases = suite.cases.map((c) => ({ ...c, index: suite.cases.indexOf(c) }));
    if (mode === 'debug') await vscode.commands.executeCommand('vscode.openWith', flowUri, 'flowstudio.flowEditor');
    try {
      return await runTestSuites([{ ...suite, cases }], {
        concurrency: mode === 'debug' ? 1 : undefined,
        mcp: async () => this.services.mcp.poolFor(flowUri),
        secrets: this.services.secrets,
        secretPolicy: editorRunPolicy(this.services.secrets),
        modelProviders: [editorModelProvider],
        files: { roots: (vscode.workspace.workspaceFolders ?? []).map((folder) => folder.uri.fsPath) },
        judge: await editorJudge(suite),
        signal,
        onCaseStart: (_, testCase) => run.started(caseItems.get(testCase.name)!),
        onCaseEnd: (_, result) => this.report(run, caseItems.get(result.name)!, result, fileItem.uri!),
        // Debugging runs the case in the flow debugger: the canvas shows it paused before the first node.
        ...(mode === 'debug'
          ? { startRun: async (_suite, testCase) => this.services.runs.start(flowDocument, { mode: 'debug', inputs: testCase.inputs }) }
          : {}),
      });
    } catch (error) {
      for (const item of caseItems.values()) run.errored(item, new vscode.TestMessage((error as Error).message));
      return undefined;
    }
  }

  private report(run: vscode.TestRun, item: vscode.TestItem, result: CaseResult, uri: vscode.Uri): void {
    for (const judgement of result.judgements)
      run.appendOutput(
        `${result.name}: judge on '${judgement.output}' ${judgement.pass ? 'passed' : 'failed'}: ${judgement.reason}\r\n`,
        undefined,
        item,
      );
    if (result.status === 'passed') {
      run.passed(item, result.durationMs);
      return;
    }
    const location = item.range ? new vscode.Location(uri, item.range) : undefined;
    run.failed(
      item,
      result.failures.map((failure) => messageOf(failure, location)),
      result.durationMs,
    );
  }

  private saveReport(report: TestReport, uri: vscode.Uri): void {
    const folder = vscode.workspace.getWorkspaceFolder(uri)?.uri.fsPath ?? path.dirname(uri.fsPath);
    try {
      saveTestResults(toSavedResults(report, folder), folder);
    } catch (error) {
      this.services.output.warn(`flow test results were not saved: ${(error as Error).message}`);
    }
    this.reports.fire(report);
  }
}

/** A failure as the Testing view shows it: a diff when there is an expected value, the judge's reason in the text. */
export function messageOf(failure: CaseFailure, location: vscode.Location | undefined): vscode.TestMessage {
  const text =
    failure.reason && !failure.message.includes(failure.reason) ? `${failure.message}\nJudge: ${failure.reason}` : failure.message;
  const message =
    failure.expected !== undefined
      ? vscode.TestMessage.diff(text, display(failure.expected), display(failure.actual))
      : new vscode.TestMessage(text);
  if (location) message.location = location;
  return message;
}

function display(value: unknown): string {
  if (typeof value === 'string') return value;
  return value === undefined ? '(no value)' : JSON.stringify(value, null, 2);
}

/** Judges with no model of their own use the editor's first chat model, when the suite has any judge. */
async function editorJudge(suite: TestSuite): Promise<JudgeModel | undefined> {
  const hasJudge = suite.cases.some((c) => c.expectations.outputs.some((o) => JSON.stringify(o.assertion).includes('"kind":"judge"')));
  if (!hasJudge) return undefined;
  const [model] = await vscode.lm.selectChatModels();
  return model ? { provider: 'vscode', model: `${model.vendor}/${model.family}` } : undefined;
}

async function textOf(uri: vscode.Uri): Promise<string> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) return open.getText();
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}

function* collection(items: vscode.TestItemCollection): Iterable<vscode.TestItem> {
  for (const [, item] of items) yield item;
}
