// The canvas's view of the current run, built from the host's run events by a pure reducer: node
// states and durations, the values each node produced (shown on edges), streamed tokens, the pause
// point, the flow outputs and each node's MCP messages. Pure so it can be tested without a browser.
import type { McpMessage } from '../../engine/mcp/access';
import { mcpMessageEventViewSchema, type RunEventView } from '../../protocol/messages';

export type NodeRunState = 'waiting' | 'running' | 'done' | 'skipped' | 'error' | 'paused';
/** `preparing`: the run was asked for and is being set up (flow checked, MCP servers connecting). */
export type RunStatus = 'idle' | 'preparing' | 'running' | 'paused' | 'ok' | 'error' | 'cancelled';

export interface NodeRunView {
  state: NodeRunState;
  /** Run-relative milliseconds (from the run.start event). */
  startedAt?: number;
  endedAt?: number;
  durationMs?: number;
  tokens: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  error?: string;
  skipReason?: string;
  /** The JSON-RPC messages of the node's MCP calls, oldest first (the first maxMcpMessagesPerNode). */
  mcpMessages?: McpMessageView[];
  /** How many MCP messages the node exchanged, including any not kept. */
  mcpMessageCount?: number;
  /** The latest progress message while the node runs, e.g. the status of the MCP task its call runs as. */
  progress?: string;
}

/** One MCP message of a node's calls, `at` run-relative milliseconds like startedAt. */
export type McpMessageView = McpMessage & { at: number };

export interface RunView {
  runId?: string;
  status: RunStatus;
  startT: number;
  endT?: number;
  nodes: Record<string, NodeRunView>;
  pausedAt?: string;
  pausedInputs?: Record<string, unknown>;
  outputs: Record<string, unknown>;
  error?: { nodeId?: string; message: string };
  /** Lines for the run panel, newest last. */
  log: string[];
}

export const idleRun: RunView = { status: 'idle', startT: 0, nodes: {}, outputs: {}, log: [] };

const maxLogLines = 500;
/** A node streaming progress for minutes would otherwise grow the webview's state without bound. */
export const maxMcpMessagesPerNode = 500;

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : value === undefined ? '' : JSON.stringify(value);
}

function withNode(run: RunView, nodeId: string, change: (node: NodeRunView) => NodeRunView): RunView {
  const node = run.nodes[nodeId] ?? { state: 'waiting', tokens: '' };
  return { ...run, nodes: { ...run.nodes, [nodeId]: change(node) } };
}

function withLog(run: RunView, line: string): RunView {
  const log = run.log.length >= maxLogLines ? run.log.slice(-maxLogLines + 1) : run.log;
  return { ...run, log: [...log, line] };
}

/** Applies one run event. `nodeIds` are the flow's nodes, all shown as waiting when a run starts. */
export function reduceRunEvent(run: RunView, event: RunEventView, nodeIds: readonly string[]): RunView {
  const isNewRun = event.type === 'run.start' || event.type === 'run.preparing';
  if (!isNewRun && run.runId !== undefined && event.runId !== run.runId) return run; // a late event of an older run
  const at = event.t - run.startT;
  const nodeId = event.nodeId;
  switch (event.type) {
    case 'run.preparing':
      // The engine's run (and its id) comes with run.start; until then the controls already apply.
      // The last run's node states go: a run that fails to start must not leave them looking current.
      return {
        status: 'preparing',
        startT: event.t,
        nodes: {},
        outputs: {},
        log: ['Preparing the run (checking the flow, connecting MCP servers)…'],
      };
    case 'run.start':
      return {
        runId: event.runId,
        status: 'running',
        startT: event.t,
        nodes: Object.fromEntries(nodeIds.map((id) => [id, { state: 'waiting', tokens: '' } satisfies NodeRunView])),
        outputs: {},
        log: [`Run of ${text(event.flow)} started`],
      };
    case 'node.start':
      if (!nodeId) return run;
      return withNode(run, nodeId, (n) => ({
        ...n,
        state: 'running',
        startedAt: at,
        tokens: '',
        progress: undefined,
        ...(record(event.inputs) ? { inputs: record(event.inputs) } : {}),
      }));
    case 'node.token':
      if (!nodeId) return run;
      return withNode(run, nodeId, (n) => ({ ...n, tokens: n.tokens + text(event.token) }));
    case 'node.progress': {
      if (!nodeId) return run;
      const message =
        typeof event.message === 'string' ? event.message : `${text(event.progress)}${event.total ? `/${text(event.total)}` : ''}`;
      const updated = withNode(run, nodeId, (n) => ({ ...n, progress: message }));
      // A task's status changes are few and tell the story of a long call: they go to the log too.
      return typeof event.taskStatus === 'string' ? withLog(updated, `${nodeId}: ${message}`) : updated;
    }
    case 'node.output': {
      if (!nodeId) return run;
      const duration = typeof event.durationMs === 'number' ? event.durationMs : undefined;
      return withNode(run, nodeId, (n) => ({
        ...n,
        state: 'done',
        endedAt: at,
        startedAt: n.startedAt ?? (duration !== undefined ? at - duration : at),
        ...(duration !== undefined ? { durationMs: duration } : {}),
        ...(record(event.outputs) ? { outputs: record(event.outputs) } : {}),
      }));
    }
    case 'node.skip':
      if (!nodeId) return run;
      return withNode(run, nodeId, (n) => ({ ...n, state: 'skipped', skipReason: text(event.reason) }));
    case 'node.error': {
      if (!nodeId) return run;
      // A failure that will be retried, or that an error output handles, does not end the node in error.
      if (event.willRetry === true) return withLog(run, `${nodeId}: ${text(event.message)} (retrying)`);
      const failed = withNode(run, nodeId, (n) => ({
        ...n,
        state: event.handled === true ? 'done' : 'error',
        endedAt: at,
        durationMs: at - (n.startedAt ?? at),
        error: text(event.message),
      }));
      return withLog(failed, `✖ ${nodeId}: ${text(event.message)}`);
    }
    case 'node.mcp-message': {
      const parsed = mcpMessageEventViewSchema.safeParse(event);
      if (!parsed.success) return run;
      const { nodeId: id, server, direction, method, payload, truncated } = parsed.data;
      const message: McpMessageView = {
        at,
        server,
        direction,
        method,
        ...(parsed.data.id !== undefined ? { id: parsed.data.id } : {}),
        payload,
        truncated,
      };
      return withNode(run, id, (n) => {
        const kept = n.mcpMessages ?? [];
        return {
          ...n,
          mcpMessages: kept.length < maxMcpMessagesPerNode ? [...kept, message] : kept,
          mcpMessageCount: (n.mcpMessageCount ?? 0) + 1,
        };
      });
    }
    case 'run.paused': {
      const paused: RunView = {
        ...run,
        status: 'paused',
        ...(nodeId ? { pausedAt: nodeId } : {}),
        ...(record(event.inputs) ? { pausedInputs: record(event.inputs) } : {}),
      };
      const marked = nodeId ? withNode(paused, nodeId, (n) => ({ ...n, state: 'paused' })) : paused;
      return withLog(marked, `⏸ paused${nodeId ? ` before ${nodeId}` : ''} (${text(event.reason)})`);
    }
    case 'run.resumed': {
      const pausedAt = run.pausedAt;
      const resumed: RunView = { ...run, status: 'running', pausedAt: undefined, pausedInputs: undefined };
      return pausedAt && resumed.nodes[pausedAt]?.state === 'paused'
        ? withNode(resumed, pausedAt, (n) => ({ ...n, state: 'waiting' }))
        : resumed;
    }
    case 'run.end': {
      const status = event.status === 'ok' || event.status === 'error' || event.status === 'cancelled' ? event.status : 'error';
      const error = record(event.error);
      const ended: RunView = {
        ...run,
        nodes: settledNodes(run.nodes, status),
        status,
        endT: event.t,
        pausedAt: undefined,
        pausedInputs: undefined,
        outputs: record(event.outputs) ?? {},
        ...(error
          ? { error: { ...(typeof error.nodeId === 'string' ? { nodeId: error.nodeId } : {}), message: text(error.message) } }
          : {}),
      };
      const duration = typeof event.durationMs === 'number' ? ` in ${Math.round(event.durationMs)} ms` : '';
      return withLog(ended, status === 'ok' ? `✔ done${duration}` : `✖ ${status}${error ? `: ${text(error.message)}` : ''}`);
    }
    default:
      return run;
  }
}

/**
 * The nodes as a finished run leaves them: one that never started shows no state (not "waiting" for
 * a run that is over), one still running or paused when the run ended shows it never finished.
 */
function settledNodes(nodes: Record<string, NodeRunView>, status: RunStatus): Record<string, NodeRunView> {
  const settled: Record<string, NodeRunView> = {};
  for (const [id, node] of Object.entries(nodes)) {
    if (node.state === 'waiting') continue;
    settled[id] =
      node.state === 'running' || node.state === 'paused'
        ? {
            ...node,
            state: 'skipped',
            skipReason: `the run ${status === 'cancelled' ? 'was cancelled' : 'ended'} before this node finished`,
          }
        : node;
  }
  return settled;
}

/**
 * The run view once the file no longer holds a flow: a finished run's outputs and node states
 * described a flow that is gone, so they are cleared (a run going on keeps its view to the end).
 */
export function runOfInvalidFile(run: RunView): RunView {
  if (run.status === 'idle' || isRunActive(run)) return run;
  return { ...idleRun, log: ["The file is not a valid flow now; the last run's results were cleared."] };
}

/** The value that last crossed an edge: what its source node put on the edge's source port. */
export function edgeValue(run: RunView, edge: { source: string; sourceHandle: string }): { has: boolean; value?: unknown } {
  const outputs = run.nodes[edge.source]?.outputs;
  if (!outputs || !(edge.sourceHandle in outputs)) return { has: false };
  return { has: true, value: outputs[edge.sourceHandle] };
}

/** An edge is active while its target runs with the edge's value, or its source streams into it. */
export function isEdgeActive(run: RunView, edge: { source: string; target: string }): boolean {
  const target = run.nodes[edge.target]?.state;
  const source = run.nodes[edge.source]?.state;
  return (target === 'running' && source === 'done') || source === 'running';
}

export function isRunActive(run: RunView): boolean {
  return run.status === 'preparing' || run.status === 'running' || run.status === 'paused';
}

/**
 * The debugging controls the toolbar offers, as the engine's RunControl defines them for each state:
 * pause and step stop before the next node (also while the run is prepared), resume lets a paused or
 * prepared run go, stop ends any run that is not over.
 */
export function availableControls(status: RunStatus): { pause: boolean; step: boolean; resume: boolean; stop: boolean } {
  const isActive = status === 'preparing' || status === 'running' || status === 'paused';
  return {
    pause: status === 'preparing' || status === 'running',
    step: isActive,
    resume: status === 'preparing' || status === 'paused',
    stop: isActive,
  };
}
