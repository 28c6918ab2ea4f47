// Compiles a flow into flat arrays the scheduler can walk quickly: nodes and edges by index, each
// edge with its value converter, and the subset of nodes a "run to node X" needs.
import type { Component, PortSpec } from '../components/define-component';
import type { ComponentRegistry } from '../components/registry';
import { createPortContext, resolveNode } from '../flow/resolve';
import type { FlowLoader } from '../flow/loader';
import type { Flow, FlowNode, NodeRunSettings } from '../flow/schema';
import { hasReferences } from '../secrets/references';
import { isIdentityConverter, portConverter } from '../ports/port-types';
import type { RunError } from './events';
import type { McpCatalog } from '../mcp/access';
import { clip } from '../flow/limits';
import { findCycles } from '../validate/cycles';

export interface PlanNode {
  index: number;
  id: string;
  node: FlowNode;
  component: Component;
  /** Parsed params; re-parsed at run time when they hold {{secret:}} or {{env:}} references. */
  params: unknown;
  hasReferences: boolean;
  inputs: readonly PortSpec[];
  outputs: readonly PortSpec[];
  inEdges: number[];
  outEdges: number[];
  /** Required input ports that have at least one edge: the node skips if none of them is active. */
  requiredConnected: string[];
  manyPorts: ReadonlySet<string>;
  settings: NodeRunSettings;
  flowInputName?: string;
  flowOutputName?: string;
  /** Whether the error output has an edge, so a failure is routed instead of ending the run. */
  routesErrors: boolean;
}

export interface PlanEdge {
  index: number;
  id: string;
  source: number;
  sourcePort: string;
  target: number;
  targetPort: string;
  convert: ((value: unknown) => unknown) | undefined;
}

export interface Plan {
  nodes: PlanNode[];
  edges: PlanEdge[];
}

export interface PlanOptions {
  registry: ComponentRegistry;
  file?: string;
  loader?: FlowLoader;
  /** Plan only this node and what it depends on. */
  stopAt?: string;
  mcp?: McpCatalog;
}

export class PlanError extends Error {
  constructor(readonly runError: RunError) {
    super(runError.message);
  }
}

export function compilePlan(flow: Flow, options: PlanOptions): Plan {
  const context = createPortContext({ registry: options.registry, file: options.file, loader: options.loader, mcp: options.mcp });
  const included = options.stopAt === undefined ? undefined : ancestorsOf(flow, options.stopAt);

  const nodes: PlanNode[] = [];
  const indexById = new Map<string, number>();
  // Output ports with an edge, looked up once per node: scanning every edge per node is quadratic.
  const usedOutputs = new Set(flow.edges.map((e) => `${e.source}\0${e.sourceHandle}`));
  for (const node of flow.nodes) {
    if (included && !included.has(node.id)) continue;
    if (indexById.has(node.id)) throw new PlanError({ nodeId: node.id, message: `node id '${node.id}' is used by more than one node` });
    const resolved = resolveNode(node, options.registry, context);
    if (!resolved.ok) {
      const problem = resolved.problem;
      const detail =
        problem.kind === 'unknown-type'
          ? `unknown component type '${node.type}'`
          : problem.kind === 'invalid-params'
            ? `invalid params: ${problem.issues.map((i) => `${i.path.join('.') || 'params'}: ${i.message}`).join('; ')}`
            : problem.message;
      throw new PlanError({ nodeId: node.id, message: `node '${node.id}' (${node.type}): ${detail}` });
    }
    const { component, params } = resolved;
    const index = nodes.length;
    indexById.set(node.id, index);
    const errorOutput = component.errorOutput;
    nodes.push({
      index,
      id: node.id,
      node,
      component,
      params,
      hasReferences: hasReferences(node.params),
      inputs: resolved.inputs,
      outputs: resolved.outputs,
      inEdges: [],
      outEdges: [],
      requiredConnected: [],
      manyPorts: new Set(resolved.inputs.filter((p) => p.many).map((p) => p.name)),
      settings: node.run ?? {},
      flowInputName: component.flowInput(params)?.name,
      flowOutputName: component.flowOutput(params)?.name,
      routesErrors: errorOutput !== undefined && usedOutputs.has(`${node.id}\0${errorOutput}`),
    });
  }

  const edges: PlanEdge[] = [];
  for (const edge of flow.edges) {
    const source = indexById.get(edge.source);
    const target = indexById.get(edge.target);
    if (included && (source === undefined || target === undefined)) continue;
    if (source === undefined || target === undefined) {
      const missing = source === undefined ? edge.source : edge.target;
      throw new PlanError({ message: `edge '${edge.id}' refers to node '${missing}', which does not exist` });
    }
    const from = nodes[source]!;
    const to = nodes[target]!;
    const fromPort = from.outputs.find((p) => p.name === edge.sourceHandle);
    const toPort = to.inputs.find((p) => p.name === edge.targetHandle);
    if (!fromPort)
      throw new PlanError({ nodeId: from.id, message: `edge '${edge.id}': node '${from.id}' has no output '${edge.sourceHandle}'` });
    if (!toPort) throw new PlanError({ nodeId: to.id, message: `edge '${edge.id}': node '${to.id}' has no input '${edge.targetHandle}'` });
    const convert = portConverter(fromPort.type, toPort.type);
    if (!convert) {
      throw new PlanError({
        nodeId: to.id,
        message: `edge '${edge.id}': cannot connect ${fromPort.type} output '${from.id}.${fromPort.name}' to ${toPort.type} input '${to.id}.${toPort.name}'`,
      });
    }
    const index = edges.length;
    edges.push({
      index,
      id: edge.id,
      source,
      sourcePort: edge.sourceHandle,
      target,
      targetPort: edge.targetHandle,
      convert: isIdentityConverter(convert) ? undefined : convert,
    });
    from.outEdges.push(index);
    to.inEdges.push(index);
  }

  for (const node of nodes) {
    const connected = new Set(node.inEdges.map((e) => edges[e]!.targetPort));
    node.requiredConnected = node.inputs.filter((p) => p.required && connected.has(p.name)).map((p) => p.name);
  }
  assertAcyclic(nodes, edges);
  return { nodes, edges };
}

function ancestorsOf(flow: Flow, nodeId: string): Set<string> {
  if (!flow.nodes.some((n) => n.id === nodeId))
    throw new PlanError({ nodeId, message: `cannot run to node '${nodeId}': there is no such node` });
  const parents = new Map<string, string[]>();
  for (const edge of flow.edges) {
    const list = parents.get(edge.target) ?? [];
    list.push(edge.source);
    parents.set(edge.target, list);
  }
  const seen = new Set<string>([nodeId]);
  const stack = [nodeId];
  while (stack.length) {
    for (const parent of parents.get(stack.pop()!) ?? []) {
      if (!seen.has(parent)) {
        seen.add(parent);
        stack.push(parent);
      }
    }
  }
  return seen;
}

function assertAcyclic(nodes: PlanNode[], edges: PlanEdge[]): void {
  const pending = nodes.map((n) => n.inEdges.length);
  const queue = nodes.filter((n) => n.inEdges.length === 0).map((n) => n.index);
  let visited = 0;
  while (queue.length) {
    const index = queue.pop()!;
    visited++;
    for (const e of nodes[index]!.outEdges) {
      const target = edges[e]!.target;
      if (--pending[target]! === 0) queue.push(target);
    }
  }
  if (visited < nodes.length) {
    // Name one real loop, not every node downstream of it.
    const cycle = findCycles(nodes.map((n) => n.outEdges.map((e) => edges[e]!.target)))[0] ?? [];
    const ids = cycle.map((i) => `'${clip(nodes[i]!.id, 40)}'`);
    const shown = ids.length <= 6 ? ids : [...ids.slice(0, 3), '…', ...ids.slice(-2)];
    throw new PlanError({ nodeId: nodes[cycle[0] ?? 0]?.id, message: `the flow has a cycle: ${[...shown, ids[0]].join(' → ')}` });
  }
}
