// Tool sets, the values on an agent's `tools` port. Only the engine makes them (mcp.tools, flow.tool):
// a tool set decides which flow file runs and which server tools an agent may call, so a look-alike
// object from a flow input, an `any` port or parsed JSON is refused.
import type { McpToolInfo } from '../mcp/access';

/** Which server, and which of its tools the agent may call. */
export interface McpToolSet {
  readonly kind: 'mcp.tools';
  readonly server: string;
  readonly tools: readonly McpToolInfo[];
}

/** A flow offered as a tool. */
export interface FlowToolSet {
  readonly kind: 'flow.tool';
  /** The file as the flow names it, for run events. */
  readonly file: string;
  /** The real path that runs, checked against the run's roots when the set was made. */
  readonly path: string;
  readonly name: string;
  readonly description: string;
  readonly inputSchema: Record<string, unknown>;
}

export type ToolSet = McpToolSet | FlowToolSet;

// Membership is the proof of origin: nothing outside this module can add to it, and a copy
// (JSON, structuredClone, spread) is a new object that is not in it.
const madeByEngine = new WeakSet<object>();

export function makeMcpToolSet(server: string, tools: readonly McpToolInfo[]): McpToolSet {
  const set: McpToolSet = Object.freeze({
    kind: 'mcp.tools',
    server,
    tools: Object.freeze(tools.map((tool) => Object.freeze({ ...tool }))),
  });
  madeByEngine.add(set);
  return set;
}

export function makeFlowToolSet(fields: Omit<FlowToolSet, 'kind'>): FlowToolSet {
  const set: FlowToolSet = Object.freeze({ kind: 'flow.tool', ...fields });
  madeByEngine.add(set);
  return set;
}

/** The value as a tool set when the engine made it; undefined for anything else, however it looks. */
export function engineToolSet(value: unknown): ToolSet | undefined {
  return typeof value === 'object' && value !== null && madeByEngine.has(value) ? (value as ToolSet) : undefined;
}
