// The interim flow view: nodes as boxes at their saved positions, edges as curves, problems on their
// nodes, live run states. Moves and selection go to the host as protocol messages; the host applies
// them to the document and sends the document back, which is what this view draws.
import type { Flow } from '../engine/flow/schema';
import type { HostToWebview, Problem, RunEventView, WebviewToHost } from '../protocol/messages';

const nodeWidth = 180;
const nodeHeight = 48;
const margin = 40;
const svgNs = 'http://www.w3.org/2000/svg';

type NodeState = 'running' | 'done' | 'error' | 'skipped' | 'paused';

interface SavedState {
  selection?: string[];
}

export class FlowView {
  private flow: Flow | null = null;
  private problems: Problem[] = [];
  private readOnlyReason: string | undefined;
  private untrustedReason: string | undefined;
  private selection = new Set<string>();
  private readonly states = new Map<string, NodeState>();
  private runLog: string[] = [];
  private isRunning = false;
  private requestCount = 0;
  private readonly toolbar = document.createElement('div');
  private readonly notice = document.createElement('div');
  private readonly canvas = document.createElement('div');
  private readonly panel = document.createElement('div');

  constructor(
    root: HTMLElement,
    private readonly send: (message: WebviewToHost) => void,
    saved: unknown,
    private readonly save: (state: SavedState) => void,
  ) {
    const state = (saved ?? {}) as SavedState;
    this.selection = new Set(Array.isArray(state.selection) ? state.selection : []);
    this.toolbar.className = 'toolbar';
    this.notice.className = 'notice';
    this.canvas.className = 'canvas';
    this.panel.className = 'panel';
    root.append(this.toolbar, this.notice, this.canvas, this.panel);
    this.render();
  }

  receive(message: HostToWebview): void {
    switch (message.type) {
      case 'document':
        this.flow = message.flow;
        this.problems = message.problems;
        this.readOnlyReason = message.readOnlyReason;
        break;
      case 'workspace':
        this.untrustedReason = message.untrustedReason;
        break;
      case 'runEvent':
        this.onRunEvent(message.event);
        break;
      case 'response':
        if (!message.ok && message.error) this.runLog.push(`✖ ${message.error}`);
        break;
    }
    this.render();
  }

  private onRunEvent(event: RunEventView): void {
    const nodeId = event.nodeId;
    switch (event.type) {
      case 'run.start':
        this.states.clear();
        this.runLog = ['Running…'];
        this.isRunning = true;
        break;
      case 'node.start':
        if (nodeId) this.states.set(nodeId, 'running');
        break;
      case 'node.output':
        if (nodeId) this.states.set(nodeId, 'done');
        break;
      case 'node.skip':
        if (nodeId) this.states.set(nodeId, 'skipped');
        break;
      case 'node.error':
        if (nodeId) this.states.set(nodeId, 'error');
        this.runLog.push(`✖ ${nodeId ?? ''}: ${String(event.message)}`);
        break;
      case 'run.paused':
        if (nodeId) this.states.set(nodeId, 'paused');
        this.runLog.push(`⏸ paused${nodeId ? ` before ${nodeId}` : ''}`);
        break;
      case 'run.end': {
        this.isRunning = false;
        const outputs = (event.outputs ?? {}) as Record<string, unknown>;
        this.runLog.push(event.status === 'ok' ? '✔ done' : `✖ ${String(event.status)}`);
        for (const [name, value] of Object.entries(outputs)) this.runLog.push(`${name}: ${typeof value === 'string' ? value : JSON.stringify(value, null, 2)}`);
        break;
      }
    }
  }

  private request(): string {
    this.requestCount += 1;
    return `r${this.requestCount}`;
  }

  private render(): void {
    this.renderToolbar();
    const notice = this.untrustedReason ?? this.readOnlyReason;
    this.notice.textContent = notice ?? '';
    this.notice.hidden = notice === undefined;
    this.renderCanvas();
    const problemLines = this.problems.map((p) => `${p.severity}: ${p.nodeId ? `${p.nodeId}: ` : ''}${p.message}`);
    this.panel.replaceChildren(
      ...problemLines.map((line, i) => Object.assign(document.createElement('div'), { className: `problem ${this.problems[i]?.severity ?? ''}`, textContent: line })),
      ...this.runLog.map((line) => Object.assign(document.createElement('div'), { className: 'run-line', textContent: line })),
    );
    this.panel.hidden = problemLines.length === 0 && this.runLog.length === 0;
  }

  private renderToolbar(): void {
    const canRun = this.flow !== null && this.untrustedReason === undefined;
    const button = (label: string, action: () => void, options: { disabled?: boolean; secondary?: boolean; id: string }) => {
      const b = document.createElement('button');
      b.textContent = label;
      b.id = options.id;
      b.disabled = options.disabled ?? false;
      if (options.secondary) b.className = 'secondary';
      b.addEventListener('click', action);
      return b;
    };
    const title = Object.assign(document.createElement('span'), { className: 'title', textContent: this.flow?.name ?? 'Flow' });
    this.toolbar.replaceChildren(
      title,
      button('Run', () => this.send({ type: 'run', requestId: this.request(), mode: 'run' }), { id: 'run', disabled: !canRun || this.isRunning }),
      button('Debug', () => this.send({ type: 'run', requestId: this.request(), mode: 'debug' }), { id: 'debug', disabled: !canRun || this.isRunning, secondary: true }),
      button('Step', () => this.send({ type: 'debug', action: 'step' }), { id: 'step', disabled: !this.isRunning, secondary: true }),
      button('Resume', () => this.send({ type: 'debug', action: 'resume' }), { id: 'resume', disabled: !this.isRunning, secondary: true }),
      button('Stop', () => this.send({ type: 'debug', action: 'stop' }), { id: 'stop', disabled: !this.isRunning, secondary: true }),
      button('Open as Text', () => this.send({ type: 'openAsText' }), { id: 'open-as-text', secondary: true }),
    );
  }

  private renderCanvas(): void {
    const flow = this.flow;
    if (!flow) {
      this.canvas.replaceChildren();
      return;
    }
    const minX = Math.min(0, ...flow.nodes.map((n) => n.position.x));
    const minY = Math.min(0, ...flow.nodes.map((n) => n.position.y));
    const at = (x: number, y: number) => ({ x: x - minX + margin, y: y - minY + margin });
    const width = Math.max(...flow.nodes.map((n) => at(n.position.x, 0).x + nodeWidth), 200) + margin;
    const height = Math.max(...flow.nodes.map((n) => at(0, n.position.y).y + nodeHeight), 100) + margin;
    const svg = document.createElementNS(svgNs, 'svg');
    svg.setAttribute('width', String(width));
    svg.setAttribute('height', String(height));
    const byId = new Map(flow.nodes.map((n) => [n.id, n]));
    for (const edge of flow.edges) {
      const source = byId.get(edge.source);
      const target = byId.get(edge.target);
      if (!source || !target) continue;
      const a = at(source.position.x + nodeWidth, source.position.y + nodeHeight / 2);
      const b = at(target.position.x, target.position.y + nodeHeight / 2);
      const path = document.createElementNS(svgNs, 'path');
      const bend = Math.max(40, Math.abs(b.x - a.x) / 2);
      path.setAttribute('d', `M${a.x},${a.y} C${a.x + bend},${a.y} ${b.x - bend},${b.y} ${b.x},${b.y}`);
      path.setAttribute('class', 'edge');
      path.dataset.edgeId = edge.id;
      svg.append(path);
    }
    const problemNodes = new Set(this.problems.filter((p) => p.severity === 'error').map((p) => p.nodeId));
    for (const node of flow.nodes) {
      const p = at(node.position.x, node.position.y);
      const group = document.createElementNS(svgNs, 'g');
      const state = this.states.get(node.id);
      group.setAttribute('class', ['node', this.selection.has(node.id) ? 'selected' : '', problemNodes.has(node.id) ? 'has-problem' : '', state ? `state-${state}` : ''].filter(Boolean).join(' '));
      group.setAttribute('transform', `translate(${p.x},${p.y})`);
      group.dataset.nodeId = node.id;
      const rect = document.createElementNS(svgNs, 'rect');
      rect.setAttribute('width', String(nodeWidth));
      rect.setAttribute('height', String(nodeHeight));
      const label = document.createElementNS(svgNs, 'text');
      label.setAttribute('x', '10');
      label.setAttribute('y', '20');
      label.textContent = node.label ?? node.id;
      const type = document.createElementNS(svgNs, 'text');
      type.setAttribute('x', '10');
      type.setAttribute('y', '38');
      type.setAttribute('class', 'type');
      type.textContent = `${node.type}${state ? ` · ${state}` : ''}`;
      group.append(rect, label, type);
      this.makeDraggable(group, node.id, node.position);
      svg.append(group);
    }
    this.canvas.replaceChildren(svg);
  }

  /** Drag moves the box locally; the drop sends one moveNodes edit (one undo step in the document). */
  private makeDraggable(group: SVGGElement, nodeId: string, position: { x: number; y: number }): void {
    group.addEventListener('pointerdown', (down: PointerEvent) => {
      group.setPointerCapture(down.pointerId);
      const start = { x: down.clientX, y: down.clientY };
      const base = group.getAttribute('transform') ?? '';
      let moved = { x: 0, y: 0 };
      const onMove = (move: PointerEvent) => {
        moved = { x: move.clientX - start.x, y: move.clientY - start.y };
        group.setAttribute('transform', `${base} translate(${moved.x},${moved.y})`);
      };
      const onUp = () => {
        group.removeEventListener('pointermove', onMove);
        group.removeEventListener('pointerup', onUp);
        if (Math.abs(moved.x) + Math.abs(moved.y) < 3) {
          this.select(nodeId);
          return;
        }
        if (this.readOnlyReason) return this.render();
        this.send({ type: 'edit', requestId: this.request(), edits: [{ type: 'moveNodes', nodes: [{ id: nodeId, x: Math.round(position.x + moved.x), y: Math.round(position.y + moved.y) }] }] });
      };
      group.addEventListener('pointermove', onMove);
      group.addEventListener('pointerup', onUp);
    });
  }

  private select(nodeId: string): void {
    this.selection = new Set([nodeId]);
    this.save({ selection: [...this.selection] });
    this.send({ type: 'selection', nodeIds: [...this.selection] });
    this.render();
  }
}
