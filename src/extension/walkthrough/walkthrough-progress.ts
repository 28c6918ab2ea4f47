// Checks off the first-run walkthrough's steps when the person really does them: a node added to a
// flow, an edge drawn, a run that succeeded. Each is a context key the walkthrough's completionEvents
// name (onContext:...); VS Code remembers a completed step itself.
import * as vscode from 'vscode';
import { isFlowDocument } from '../diagnostics/flow-diagnostics';
import type { OpenFlowDocuments } from '../flow-documents';
import type { FlowRuns } from '../run/flow-runs';

export const walkthroughSteps = {
  nodeAdded: 'flowstudio.walkthrough.nodeAdded',
  edgeDrawn: 'flowstudio.walkthrough.edgeDrawn',
  runSucceeded: 'flowstudio.walkthrough.runSucceeded',
} as const;

export type WalkthroughStep = keyof typeof walkthroughSteps;

interface FlowSize {
  nodes: number;
  edges: number;
}

export class WalkthroughProgress implements vscode.Disposable {
  private readonly sizes = new Map<string, FlowSize>();
  private readonly done = new Set<WalkthroughStep>();
  private readonly subscriptions: vscode.Disposable;

  constructor(
    private readonly documents: OpenFlowDocuments,
    runs: FlowRuns,
  ) {
    for (const document of vscode.workspace.textDocuments) this.remember(document);
    this.subscriptions = vscode.Disposable.from(
      vscode.workspace.onDidOpenTextDocument((document) => this.remember(document)),
      vscode.workspace.onDidCloseTextDocument((document) => this.sizes.delete(document.uri.toString())),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length > 0) this.compare(e.document);
      }),
      runs.onEvent(({ event }) => {
        if (event.type === 'run.end' && event.status === 'ok') this.reach('runSucceeded');
      }),
    );
  }

  /** The steps reached in this window, for tests and the walkthrough's own checks. */
  get reached(): ReadonlySet<WalkthroughStep> {
    return this.done;
  }

  private sizeOf(document: vscode.TextDocument): FlowSize | undefined {
    const flow = this.documents.of(document).parse.flow;
    return flow ? { nodes: flow.nodes.length, edges: flow.edges.length } : undefined;
  }

  private remember(document: vscode.TextDocument): void {
    if (!isFlowDocument(document) || this.done.size === Object.keys(walkthroughSteps).length) return;
    const size = this.sizeOf(document);
    if (size) this.sizes.set(document.uri.toString(), size);
  }

  /** A flow that now has more nodes or edges than before: someone added one. */
  private compare(document: vscode.TextDocument): void {
    if (!isFlowDocument(document) || (this.done.has('nodeAdded') && this.done.has('edgeDrawn'))) return;
    const size = this.sizeOf(document);
    if (!size) return; // mid-typing in a text editor: compare with the next text that parses
    const before = this.sizes.get(document.uri.toString()) ?? { nodes: 0, edges: 0 };
    this.sizes.set(document.uri.toString(), size);
    if (size.nodes > before.nodes) this.reach('nodeAdded');
    if (size.edges > before.edges) this.reach('edgeDrawn');
  }

  private reach(step: WalkthroughStep): void {
    if (this.done.has(step)) return;
    this.done.add(step);
    void vscode.commands.executeCommand('setContext', walkthroughSteps[step], true);
  }

  dispose(): void {
    this.subscriptions.dispose();
  }
}
