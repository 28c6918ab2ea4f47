// Runs flows from the editor: one active run per flow document, its events to the Output channel and
// to listeners (the canvas), debugging controls, and the last run's trace kept per flow.
import * as vscode from 'vscode';
import {
  coreRegistry,
  flowInterface,
  RunControl,
  runFlow,
  type Flow,
  type RunEvent,
  type RunHandle,
  type RunResult,
  type RunState,
} from '../../engine';
import type { ApprovalPrompt } from '../../engine/llm/run-services';
import type { EditorAsking } from '../ask/editor-asking';
import type { FlowDiagnostics } from '../diagnostics/flow-diagnostics';
import type { WorkspaceMcp } from '../mcp/workspace-mcp';
import { editorRunPolicy } from '../secrets/editor-secret-policy';
import type { SecretStorageStore } from '../secrets/secret-storage-store';
import { editorAsMcpClientModelProvider, editorModelProvider } from '../models/editor-language-model';
import { Disposable } from '../lifetime/disposable';
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

/** What the debugging controls act on: the same calls before the engine's run exists as after. */
export interface RunControls {
  readonly state: RunState;
  pause(): void;
  step(): void;
  resume(): void;
  cancel(reason?: string): void;
  editInputs(nodeId: string, inputs: Record<string, unknown>): void;
}

/**
 * One run of a flow document, from the moment it is asked for: while the flow is checked, its
 * inputs asked for and its MCP servers connected it is "preparing", and pause, step, resume and
 * stop already act on it (one RunControl, handed to the engine's run when it starts).
 */
export class FlowRun {
  readonly control: RunControl;
  readonly result: Promise<RunResult>;
  /** The controls; the engine's run handle once it exists. */
  readonly handle: RunControls;
  private engineRun: RunHandle | undefined;
  private settle!: (result: Promise<RunResult> | RunResult) => void;
  /** Closes what the preparation shows (the input boxes) when the run is cancelled. */
  private readonly preparation = new vscode.CancellationTokenSource();

  constructor(
    readonly uri: vscode.Uri,
    mode: StartRunOptions['mode'],
  ) {
    this.control = new RunControl({ startPaused: mode === 'debug' });
    this.result = new Promise((resolve) => (this.settle = resolve));
    void this.result.finally(() => this.preparation.dispose());
    const control = this.control;
    // The handle's methods are called by the engine's callers, not on this object.
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const run = this;
    this.handle = {
      get state() {
        return control.state;
      },
      pause: () => control.pause(),
      step: () => control.step(),
      resume: () => control.resume(),
      cancel: (reason) => run.cancel(reason),
      editInputs(nodeId, inputs) {
        if (!run.engineRun)
          throw new Error(
            'the run is still preparing (checking the flow, connecting its MCP servers); edit inputs once it is paused at a node',
          );
        run.engineRun.editInputs(nodeId, inputs);
      },
    };
  }

  get state(): RunState {
    return this.control.state;
  }

  /** Cancelled when the run is: an input box asking for this run's inputs closes with it. */
  get preparationToken(): vscode.CancellationToken {
    return this.preparation.token;
  }

  /** Ends the run, whether it is still being prepared (its input boxes close) or running. */
  cancel(reason?: string): void {
    this.control.cancel(reason);
    this.preparation.cancel();
  }

  /** True once the engine's run exists (its result then settles as soon as it is cancelled). */
  get hasStarted(): boolean {
    return this.engineRun !== undefined;
  }

  /** @internal The engine's run started with this run's control. */
  started(handle: RunHandle): void {
    this.engineRun = handle;
    this.settle(handle.result);
  }

  /** @internal The run could not start; `result` (returned too) says why. */
  failedToStart(message: string): RunResult {
    const status = this.control.cancelReason !== undefined ? 'cancelled' : 'error';
    this.control.cancel(message);
    this.control.finished();
    const result: RunResult = {
      runId: '',
      status,
      outputs: {},
      durationMs: 0,
      nodes: { run: 0, skipped: 0, cached: 0 },
      error: { message: this.control.cancelReason ?? message },
    };
    this.settle(result);
    return result;
  }
}

/** Sent to listeners when a run is asked for, before the engine's events (which start with run.start). */
export interface RunPreparingEvent {
  type: 'run.preparing';
  runId: '';
  t: number;
}

export interface RunEventForFlow {
  uri: vscode.Uri;
  event: RunEvent | RunPreparingEvent;
}

const maxTraceEvents = 20_000;

export class FlowRuns extends Disposable {
  private readonly active = new Map<string, FlowRun>();
  private readonly traces = new Map<string, RunEvent[]>();
  private readonly breakpoints = new Map<string, Set<string>>();
  /** Per flow, the open canvases' ways to send what is still being typed, awaited before a run reads the document. */
  private readonly editSources = new Map<string, Set<() => Promise<void>>>();
  private readonly events = this.register(new vscode.EventEmitter<RunEventForFlow>());
  readonly onEvent = this.events.event;

  constructor(
    private readonly services: {
      diagnostics: FlowDiagnostics;
      mcp: WorkspaceMcp;
      secrets: SecretStorageStore;
      output: vscode.LogOutputChannel;
      approval: ApprovalPrompt;
      /** Answers input.ask and servers' questions and sampling; without it they are refused. */
      asking?: EditorAsking;
    },
  ) {
    super();
  }

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

  /** A canvas of the flow: `flush` resolves once the edits it holds back (a field being typed in) are in the document. */
  addEditSource(uri: vscode.Uri, flush: () => Promise<void>): vscode.Disposable {
    const key = uri.toString();
    const sources = this.editSources.get(key) ?? new Set();
    sources.add(flush);
    this.editSources.set(key, sources);
    return new vscode.Disposable(() => {
      sources.delete(flush);
      if (sources.size === 0 && this.editSources.get(key) === sources) this.editSources.delete(key);
    });
  }

  /**
   * Starts a run of the document's current text. Throws with a message for the user when it cannot
   * start: untrusted workspace, invalid flow, a run already going, or inputs not given.
   */
  async start(document: vscode.TextDocument, options: StartRunOptions): Promise<FlowRun> {
    const refusal = untrustedReason();
    if (refusal) throw new Error(refusal);
    if (this.isDisposed) throw new Error('FlowStudio is shutting down; the run was not started');
    const key = document.uri.toString();
    const earlier = this.active.get(key);
    // A run still being prepared (asking for its inputs, say) gives way to the new one, its input box
    // closing; a started one does not.
    if (earlier && !earlier.hasStarted) {
      earlier.cancel('replaced by a new run');
      await earlier.result;
    }
    if (this.active.has(key)) throw new Error(`${vscode.workspace.asRelativePath(document.uri)} is already running; stop it first`);
    // The run exists from here on, so the debugging controls act on it while it is being prepared.
    const run = new FlowRun(document.uri, options.mode);
    this.active.set(key, run);
    void run.result.finally(() => {
      if (this.active.get(key) === run) this.active.delete(key);
    });
    this.events.fire({ uri: document.uri, event: { type: 'run.preparing', runId: '', t: performance.now() } });
    try {
      await this.launch(document, options, run);
    } catch (error) {
      // Read first: failedToStart cancels the run's control with the failure's message.
      const wasCancelled = run.control.cancelReason !== undefined;
      // Listeners saw the run being prepared; they see it end too, before any run that replaces it begins.
      this.events.fire({ uri: document.uri, event: endEventOf(run.failedToStart((error as Error).message)) });
      // Cancelled by the user (or by a newer run) is how this run was meant to end, not a failure to report.
      if (wasCancelled) return run;
      throw error;
    }
    return run;
  }

  private async launch(document: vscode.TextDocument, options: StartRunOptions, run: FlowRun): Promise<void> {
    const key = document.uri.toString();
    // A value typed in a canvas a moment ago is part of the flow the user means to run.
    await Promise.all([...(this.editSources.get(key) ?? [])].map((flush) => flush()));
    // The user asked for this run: servers it uses that have no decision yet are asked about now.
    await this.services.mcp.askConsentForRun(document);
    const check = await this.services.diagnostics.check(document);
    if (!check.flow) throw new Error(`the flow cannot run: ${check.problems[0]?.message ?? 'it does not parse'}`);
    const errors = check.problems.filter((p) => p.severity === 'error');
    if (errors.length > 0)
      throw new Error(
        `the flow has ${errors.length} error${errors.length === 1 ? '' : 's'} (see the Problems panel): ${errors[0]!.message}`,
      );
    // Stopped while the flow was checked: asking for inputs would only be in the way (the run ends cancelled).
    const inputs = run.control.cancelReason !== undefined ? {} : (options.inputs ?? (await this.askInputs(check.flow, run)));
    if (!inputs) {
      // The user dismissed an input box: the run ends cancelled, as asked, not as a failure to report.
      run.cancel('no inputs were given');
      throw new Error('run cancelled: no inputs given');
    }

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
      registry: coreRegistry(),
      secrets: this.services.secrets,
      secretPolicy: editorRunPolicy(this.services.secrets),
      ...(mcp ? { mcp } : {}),
      approval: this.services.approval,
      ...(this.services.asking
        ? {
            humanInput: this.services.asking.humanInputFor(document.uri.fsPath),
            mcpSampling: this.services.asking.samplingFor(check.flow, document.uri.fsPath),
          }
        : {}),
      modelProviders: [editorModelProvider, editorAsMcpClientModelProvider],
      breakpoints: options.breakpoints ?? this.breakpointsOf(document.uri),
      control: run.control,
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
    run.started(handle);
  }

  stop(uri: vscode.Uri): boolean {
    const run = this.runOf(uri);
    run?.cancel('stopped by the user');
    return run !== undefined;
  }

  /** The run whose input boxes are showing: VS Code shows one input box at a time. */
  private asking: FlowRun | undefined;

  /** The flow whose run is waiting on an input box now, if any. */
  get askingInputsFor(): vscode.Uri | undefined {
    return this.asking?.uri;
  }

  private async askInputs(flow: Flow, run: FlowRun): Promise<Record<string, unknown> | undefined> {
    // Another run's box would be replaced by this one and read as "no inputs given": that run ends cancelled instead.
    if (this.asking && this.asking !== run) this.asking.cancel('another run asked for its inputs');
    this.asking = run;
    try {
      return await this.askEachInput(flow, run.preparationToken);
    } finally {
      if (this.asking === run) this.asking = undefined;
    }
  }

  private async askEachInput(flow: Flow, token: vscode.CancellationToken): Promise<Record<string, unknown> | undefined> {
    const inputs: Record<string, unknown> = {};
    for (const input of flowInterface(flow, coreRegistry()).inputs) {
      if (token.isCancellationRequested) return undefined;
      const value = await vscode.window.showInputBox(
        {
          title: `Run ${flow.name}: input "${input.name}"`,
          prompt: input.description ?? `Value for the flow input "${input.name}"`,
          value: input.default === undefined ? '' : typeof input.default === 'string' ? input.default : JSON.stringify(input.default),
          ignoreFocusOut: true,
          validateInput: (text) => (input.required && text === '' ? `"${input.name}" is required` : undefined),
        },
        token,
      );
      if (value === undefined) return undefined;
      if (value === '' && !input.required) continue;
      inputs[input.name] = input.portType === 'text' || input.portType === 'message' ? value : parseLoose(value);
    }
    return inputs;
  }

  /** Stops every run and waits for those already started to end, before their MCP servers close. */
  protected override async disposeSelf(): Promise<void> {
    const runs = [...this.active.values()];
    for (const run of runs) run.cancel('the editor is closing');
    await Promise.all(runs.filter((run) => run.hasStarted).map((run) => run.result));
  }
}

function endEventOf(result: RunResult): RunEvent {
  return {
    type: 'run.end',
    runId: result.runId,
    t: performance.now(),
    status: result.status,
    outputs: result.outputs,
    durationMs: result.durationMs,
    nodes: result.nodes,
    ...(result.error ? { error: result.error } : {}),
  };
}

/** A number or JSON typed into an input box; text when it is neither. */
function parseLoose(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
