// The single way to declare a component: metadata, zod params, typed ports (static or computed from
// params) and a `run` function. Everything the canvas, validator and executor know about a component
// comes from this shape.
import type * as z from 'zod';
import type { FileAccess } from '../files/file-access';
import type { Flow } from '../flow/schema';
import type { PortType } from '../ports/port-types';
import type { ComponentRegistry } from './registry';
import type { McpAccess, McpCatalog, McpMessage, McpTaskStatus } from '../mcp/access';
import type { NodeDetail } from '../executor/events';
import type { AiRunServices } from '../llm/run-services';

export type ComponentCategory = 'inputs' | 'outputs' | 'text' | 'data' | 'logic' | 'flow' | 'mcp' | 'models' | 'agents' | 'rag';

export interface PortSpec {
  name: string;
  type: PortType;
  description?: string;
  /** A required input must be connected; validation reports it otherwise. */
  required?: boolean;
  /** Accepts several edges; the component receives an array in edge order. */
  many?: boolean;
}

/** What port computation may consult: the flow's own file, and other flows for `flow.run`. */
export interface PortContext {
  flowFile?: string;
  registry: ComponentRegistry;
  /** What is known about MCP servers, for ports computed from tool schemas. */
  mcp?: McpCatalog;
  /** Loads another flow by a path relative to this flow's folder; throws a readable error if it cannot. */
  loadFlow(file: string): LoadedFlow;
}

export interface LoadedFlow {
  file: string;
  flow: Flow;
}

/** Describes one flow input or output, as an MCP tool schema property and for the CLI's --input. */
export interface FlowPortInfo {
  name: string;
  description?: string;
  required?: boolean;
  default?: unknown;
  /** JSON Schema of the value. */
  schema: Record<string, unknown>;
}

export interface NodeProgress {
  progress: number;
  total?: number;
  message?: string;
  /** Set when the progress is a change of status of the MCP task the node's call runs as. */
  taskStatus?: McpTaskStatus;
}

export interface ComponentContext<P> {
  nodeId: string;
  params: P;
  /** Values by input port name; ports with `many` get an array. Unconnected ports are absent. */
  inputs: Record<string, unknown>;
  /** For input components: the value the caller gave for this flow input (or its default). */
  flowInput: unknown;
  signal: AbortSignal;
  /** Streams a partial result (an LLM token, a progress line) as a `node.token` event. */
  emit(token: string): void;
  /** Reports progress of long work (an MCP tool's progress notifications) as a `node.progress` event. */
  emitProgress(progress: NodeProgress): void;
  /** Reports a model call (usage, latency) or a tool call/result as a run event of this node. */
  emitDetail(detail: NodeDetail): void;
  /**
   * Reports each message of this node's MCP calls as a `node.mcp-message` event: pass it as the
   * calls' `onMessage`. Undefined when nobody reads the run's events, so calls skip tracing.
   */
  emitMcpMessage: ((message: McpMessage) => void) | undefined;
  /** Host models, tool approval and the chat session; see RunOptions. */
  ai: AiRunServices;
  /** Folder of the flow file; relative paths in params resolve against it. */
  baseDir: string;
  /** MCP servers, when the run was given them. */
  mcp: McpAccess | undefined;
  /** Every file a component reads or writes goes through this: it keeps paths inside the run's allowed roots. */
  files: FileAccess;
  /** Runs another flow file (relative to baseDir) and returns its outputs. */
  runFlow(file: string, inputs: Record<string, unknown>): Promise<Record<string, unknown>>;
}

/** Output port values by name. A port left out is inactive: nodes fed only by it are skipped. */
export type ComponentOutputs = Record<string, unknown>;

/** A problem a component finds in its own params before a run (e.g. MCP arguments that break the tool's schema). */
export interface ComponentProblem {
  message: string;
  severity: 'error' | 'warning';
  code: 'invalid-arguments' | 'invalid-params' | 'suspicious-tool' | 'mcp-unavailable' | 'missing-secret';
  /** Path inside params, e.g. ['arguments', 'count']. */
  path?: (string | number)[];
}

/** Key under which an output component returns the value that becomes the flow's output. */
export const FLOW_OUTPUT_KEY = 'value';

type PortsOf<P> = readonly PortSpec[] | ((params: P, context: PortContext) => PortSpec[]);

export interface ComponentSpec<S extends z.ZodType> {
  id: string;
  category: ComponentCategory;
  title: string;
  description: string;
  /** A codicon name for the palette and node header. */
  icon?: string;
  params: S;
  inputs: PortsOf<z.output<S>>;
  outputs: PortsOf<z.output<S>>;
  /** When the node fails and this output is connected, the error message goes there instead of ending the run. */
  errorOutput?: string;
  /** Whether outputs may be reused for the same params and inputs. Defaults to true. */
  cacheable?: boolean;
  flowInput?: (params: z.output<S>) => FlowPortInfo;
  flowOutput?: (params: z.output<S>) => FlowPortInfo;
  /** Extra checks validation runs once params parse and ports resolve. */
  check?: (params: z.output<S>, context: PortContext) => ComponentProblem[];
  run(ctx: ComponentContext<z.output<S>>): ComponentOutputs | Promise<ComponentOutputs>;
}

export type ParamsResult = { ok: true; params: unknown } | { ok: false; issues: z.core.$ZodIssue[] };

/** A component with its parameter type erased, as the registry and executor hold it. */
export interface Component {
  readonly id: string;
  readonly category: ComponentCategory;
  readonly title: string;
  readonly description: string;
  readonly icon: string | undefined;
  readonly paramsSchema: z.ZodType;
  readonly errorOutput: string | undefined;
  readonly cacheable: boolean;
  parseParams(raw: unknown): ParamsResult;
  inputs(params: unknown, context: PortContext): readonly PortSpec[];
  outputs(params: unknown, context: PortContext): readonly PortSpec[];
  flowInput(params: unknown): FlowPortInfo | undefined;
  flowOutput(params: unknown): FlowPortInfo | undefined;
  check(params: unknown, context: PortContext): ComponentProblem[];
  run(ctx: ComponentContext<unknown>): ComponentOutputs | Promise<ComponentOutputs>;
}

export function defineComponent<S extends z.ZodType>(spec: ComponentSpec<S>): Component {
  type P = z.output<S>;
  // Params reach these functions only after parseParams succeeded with this same schema.
  const asParams = (params: unknown) => params as P;
  const ports = (list: PortsOf<P>, params: unknown, context: PortContext) =>
    typeof list === 'function' ? list(asParams(params), context) : list;
  return {
    id: spec.id,
    category: spec.category,
    title: spec.title,
    description: spec.description,
    icon: spec.icon,
    paramsSchema: spec.params,
    errorOutput: spec.errorOutput,
    cacheable: spec.cacheable ?? true,
    parseParams(raw) {
      // A refinement that throws must not end validation or a run: it becomes an issue on params.
      try {
        const result = spec.params.safeParse(raw ?? {});
        return result.success ? { ok: true, params: result.data } : { ok: false, issues: result.error.issues };
      } catch (error) {
        return { ok: false, issues: [{ code: 'custom', path: [], message: `could not be checked: ${messageOf(error)}`, input: raw }] };
      }
    },
    inputs: (params, context) => ports(spec.inputs, params, context),
    outputs: (params, context) => ports(spec.outputs, params, context),
    flowInput: (params) => spec.flowInput?.(asParams(params)),
    flowOutput: (params) => spec.flowOutput?.(asParams(params)),
    check: (params, context) => {
      // A check that throws (an MCP server that is not configured, say) is a finding on its node.
      try {
        return spec.check?.(asParams(params), context) ?? [];
      } catch (error) {
        return [{ severity: 'error', code: 'invalid-params', message: messageOf(error) }];
      }
    },
    run: (ctx) => spec.run(ctx as ComponentContext<P>),
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
