// Runs flows from the editor: one active run per flow document, its events to the Output channel and
// to listeners (the canvas), debugging controls, and the last run's trace kept per flow.
import * as vscode from 'vscode';
import { createCoreRegistry, flowInterface, runFlow, type Flow, type RunEvent, type RunHandle, type RunResult } from '../../engine';
import type { ApprovalPrompt } from '../../engine/llm/run-services';
import type { FlowDiagnostics } from '../diagnostics/flow-diagnostics';
import type { WorkspaceMcp } from '../mcp/workspace-mcp';
import { editorRunPolicy } from '../secrets/editor-secret-policy';
import type { SecretStorageStore } from '../secrets/secret-storage-store';
import { editorModelProvider } from '../models/editor-language-model';
import { untrustedReason } from '../workspace-trust';
import { describeEvent, describeMcpMessage } from './describe-event';

export interface StartRunOptions {
  mode: 'run' | 'debug';
  /** Run only this node and what it depends on ("Run to selected node"). */
  stopAt?: string;
  /** Flow inputs by name; absent ones are asked for with input boxes. */
  inputs?: Record<string, unknown>;
  breakpoints?: readonly string[];
  /** Makes the run a turn of this chat session (the canvas's chat playground). */
  chatSessionId?: string;
}

export interface FlowRun {
  uri: vscode.Uri;
  handle: RunHandle;
  result: Promise<RunResult>;
}

export interface RunEventForFlow {
  uri: vscode.Uri;
  event: RunEvent;
}

const maxTraceEvents = 20_000;

export class FlowRuns implements vscode.Disposable {
  private readonly registry = createCoreRegistry();
  private readonly active = new Map<string, FlowRun>();
  private readonly traces = new Map<string, RunEvent[]>();
  private readonly breakpoints = new Map<string, Set<string>>();
  private readonly events = new vscode.EventEmitter<RunEventForFlow>();
  readonly onEvent = this.events.event;

  constructor(
    private readonly services: { diagnostics: FlowDiagnostics; mcp: WorkspaceMcp; secrets: SecretStorageStore; output: vscode.LogOutputChannel; approval: ApprovalPrompt },
  ) {}

  runOf(uri: vscode.Uri): FlowRun | undefined {
    return this.active.get(uri.toString());
  }

  /** Events of the last run of this flow (the running one, if any). */
  traceOf(uri: vscode.Uri): readonly RunEvent[] {
    return this.traces.get(uri.toString()) ?? [];
  }

  breakpointsOf(uri: vscode.Uri): readonly string[] {
    return [...(this.breakpoints.get(uri.toString()) ?? [])];
  }

  setBreakpoints(uri: vscode.Uri, nodeIds: readonly string[]): void {
    this.breakpoints.set(uri.toString(), new Set(nodeIds));
  }

  /**
   * Starts a run of the document's current text. Throws with a message for the user when it cannot
   * start: untrusted workspace, invalid flow, a run already going, or inputs not given.
   */
  async start(document: vscode.TextDocument, options: StartRunOptions): Promise<FlowRun> {
    const refusal = untrustedReason();
    if (refusal) throw new Error(refusal);
    const key = document.uri.toString();
    if (this.active.has(key)) throw new Error(`${vscode.workspace.asRelativePath(document.uri)} is already running; stop it first`);
    // The user asked for this run: servers it uses that have no decision yet are asked about now.
    await this.services.mcp.askConsentForRun(document);
    const check = await this.services.diagnostics.check(document);
    if (!check.flow) throw new Error(`the flow cannot run: ${check.problems[0]?.message ?? 'it does not parse'}`);
    const errors = check.problems.filter((p) => p.severity === 'error');
    if (errors.length > 0) throw new Error(`the flow has ${errors.length} error${errors.length === 1 ? '' : 's'} (see the Problems panel): ${errors[0]!.message}`);
    const inputs = options.inputs ?? (await this.askInputs(check.flow));
    if (!inputs) throw new Error('run cancelled: no inputs given');

    const trace: RunEvent[] = [];
    this.traces.set(key, trace);
    const name = vscode.workspace.asRelativePath(document.uri);
    const mcp = await this.services.mcp.poolFor(document.uri);
    // The engine masks every value it resolves in the run's events and result, before they reach
    // the Output channel, the canvas or the kept trace.
    const handle = runFlow(check.flow, {
      inputs,
      file: document.uri.fsPath,
      // Files the flow reads and writes may lie anywhere in the workspace, not only beside the flow.
      files: { roots: (vscode.workspace.workspaceFolders ?? []).map((folder) => folder.uri.fsPath) },
      registry: this.registry,
      secrets: this.services.secrets,
      secretPolicy: editorRunPolicy(this.services.secrets),
      ...(mcp ? { mcp } : {}),
      approval: this.services.approval,
      modelProviders: [editorModelProvider],
      breakpoints: options.breakpoints ?? this.breakpointsOf(document.uri),
      startPaused: options.mode === 'debug',
      ...(options.stopAt ? { stopAt: options.stopAt } : {}),
      ...(options.chatSessionId ? { chatSessionId: options.chatSessionId } : {}),
      recordEvents: false,
      onEvent: (event) => {
        if (trace.length < maxTraceEvents) trace.push(event);
        const line = describeEvent(event);
        if (line) this.services.output.info(`[${name}] ${line}`);
        else if (event.type === 'node.mcp-message' && this.services.output.logLevel === vscode.LogLevel.Trace) {
          this.services.output.trace(`[${name}] ${describeMcpMessage(event)}`);
        }
        this.events.fire({ uri: document.uri, event });
      },
    });
    const run: FlowRun = { uri: document.uri, handle, result: handle.result.finally(() => this.active.delete(key)) };
    this.active.set(key, run);
    return run;
  }

  stop(uri: vscode.Uri): boolean {
    const run = this.runOf(uri);
    run?.handle.cancel('stopped by the user');
    return run !== undefined;
  }

  private async askInputs(flow: Flow): Promise<Record<string, unknown> | undefined> {
    const inputs: Record<string, unknown> = {};
    for (const input of flowInterface(flow, this.registry).inputs) {
      const value = await vscode.window.showInputBox({
        title: `Run ${flow.name}: input "${input.name}"`,
        prompt: input.description ?? `Value for the flow input "${input.name}"`,
        value: input.default === undefined ? '' : typeof input.default === 'string' ? input.default : JSON.stringify(input.default),
        ignoreFocusOut: true,
        validateInput: (text) => (input.required && text === '' ? `"${input.name}" is required` : undefined),
      });
      if (value === undefined) return undefined;
      if (value === '' && !input.required) continue;
      inputs[input.name] = input.portType === 'text' || input.portType === 'message' ? value : parseLoose(value);
    }
    return inputs;
  }

  dispose(): void {
    for (const run of this.active.values()) run.handle.cancel('the editor is closing');
    this.events.dispose();
  }
}

/** A number or JSON typed into an input box; text when it is neither. */
function parseLoose(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
