// validateFlow: everything that can be known wrong about a flow before it runs.
import { realpathSync } from 'node:fs';
import * as path from 'node:path';
import type { PortSpec } from '../components/define-component';
import type { ComponentRegistry } from '../components/registry';
import { createCoreRegistry } from '../components/core';
import { describePath } from '../flow/parse';
import { createPortContext, resolveNode, type ResolvedNode } from '../flow/resolve';
import type { FlowLoader } from '../flow/loader';
import { defaultFlowLoader } from '../flow/loader';
import type { Flow } from '../flow/schema';
import { positionOfPath, sourceOf, type JsonPath } from '../flow/source';
import { canConnect } from '../ports/port-types';
import type { Diagnostic, DiagnosticCode } from './diagnostic';
import type { McpCatalog } from '../mcp/access';
import { closestMatch } from './suggest';
import { describeUnsetReference, findUnsetReferences, type ReferenceAvailability } from './references-check';

export interface ValidateOptions {
  /** Absolute path of the flow file, if it is not the one parseFlow recorded. */
  file?: string;
  loader?: FlowLoader;
  /** Known MCP servers and their tools; without it MCP nodes cannot be checked. */
  mcp?: McpCatalog;
  /** Which secrets and environment variables exist; without it references are not checked. */
  references?: ReferenceAvailability;
}

let sharedCoreRegistry: ComponentRegistry | undefined;

export function validateFlow(flow: Flow, registry?: ComponentRegistry, options: ValidateOptions = {}): Diagnostic[] {
  const reg = registry ?? (sharedCoreRegistry ??= createCoreRegistry());
  const source = sourceOf(flow);
  const file = options.file ?? source?.file;
  const loader = options.loader ?? defaultFlowLoader;
  const diagnostics: Diagnostic[] = [];

  const report = (severity: Diagnostic['severity'], code: DiagnosticCode, message: string, at: JsonPath, ids: { nodeId?: string; edgeId?: string } = {}) => {
    const d: Diagnostic = { severity, code, message, path: at, ...ids };
    if (file) d.file = file;
    if (source) {
      const p = positionOfPath(source, at);
      Object.assign(d, { line: p.line, column: p.column, offset: p.offset, length: p.length });
    }
    diagnostics.push(d);
  };

  // Ids
  const nodeIndex = new Map<string, number>();
  flow.nodes.forEach((node, i) => {
    if (nodeIndex.has(node.id)) report('error', 'duplicate-id', `node id '${node.id}' is used by more than one node`, ['nodes', i, 'id'], { nodeId: node.id });
    else nodeIndex.set(node.id, i);
  });
  const edgeIds = new Set<string>();
  flow.edges.forEach((edge, i) => {
    if (edgeIds.has(edge.id)) report('error', 'duplicate-id', `edge id '${edge.id}' is used by more than one edge`, ['edges', i, 'id'], { edgeId: edge.id });
    edgeIds.add(edge.id);
  });

  // Components, params and ports
  const context = createPortContext({ registry: reg, file, loader, mcp: options.mcp });
  const resolved: ResolvedNode[] = flow.nodes.map((node) => resolveNode(node, reg, context));
  resolved.forEach((r, i) => {
    if (r.ok) return;
    const nodeId = r.node.id;
    switch (r.problem.kind) {
      case 'unknown-type': {
        const hint = closestMatch(r.node.type, reg.ids());
        report('error', 'unknown-type', `node '${nodeId}': unknown component type '${r.node.type}'${hint ? ` (did you mean '${hint}'?)` : ''}`, ['nodes', i, 'type'], { nodeId });
        break;
      }
      case 'invalid-params':
        for (const issue of r.problem.issues) {
          const at = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
          const where = at.length ? `params.${describePath(at)}` : 'params';
          report('error', 'invalid-params', `node '${nodeId}' (${r.node.type}): ${where}: ${issue.message}`, ['nodes', i, 'params', ...at], { nodeId });
        }
        break;
      case 'ports':
        report('error', 'unresolved-ports', `node '${nodeId}' (${r.node.type}): ${r.problem.message}`, ['nodes', i, 'params'], { nodeId });
        break;
    }
  });

  // Edges
  const incoming = new Map<string, Set<string>>();
  // A node with an edge into a port it lacks already has an error; "not connected" would only repeat it.
  const hasMisplacedEdge = new Set<string>();
  flow.edges.forEach((edge, i) => {
    const ids = { edgeId: edge.id };
    const sourceAt = nodeIndex.get(edge.source);
    const targetAt = nodeIndex.get(edge.target);
    if (sourceAt === undefined) report('error', 'missing-node', `edge '${edge.id}': source node '${edge.source}' does not exist`, ['edges', i, 'source'], ids);
    if (targetAt === undefined) report('error', 'missing-node', `edge '${edge.id}': target node '${edge.target}' does not exist`, ['edges', i, 'target'], ids);
    if (sourceAt === undefined || targetAt === undefined) return;
    const from = resolved[sourceAt];
    const to = resolved[targetAt];
    let fromPort: PortSpec | undefined;
    let toPort: PortSpec | undefined;
    if (from?.ok) {
      fromPort = from.outputs.find((p) => p.name === edge.sourceHandle);
      if (!fromPort) report('error', 'missing-port', `edge '${edge.id}': node '${edge.source}' (${from.node.type}) has no output '${edge.sourceHandle}'; its outputs are ${listPorts(from.outputs)}`, ['edges', i, 'sourceHandle'], ids);
    }
    if (to?.ok) {
      toPort = to.inputs.find((p) => p.name === edge.targetHandle);
      if (!toPort) hasMisplacedEdge.add(edge.target);
      if (!toPort) report('error', 'missing-port', `edge '${edge.id}': node '${edge.target}' (${to.node.type}) has no input '${edge.targetHandle}'; its inputs are ${listPorts(to.inputs)}`, ['edges', i, 'targetHandle'], ids);
    }
    if (fromPort && toPort && !canConnect(fromPort.type, toPort.type)) {
      report('error', 'incompatible-ports', `edge '${edge.id}': cannot connect ${edge.source}.${edge.sourceHandle} (${fromPort.type}) to ${edge.target}.${edge.targetHandle} (${toPort.type})`, ['edges', i], ids);
    }
    const key = edge.target;
    if (!incoming.has(key)) incoming.set(key, new Set());
    incoming.get(key)?.add(edge.targetHandle);
  });

  // Required inputs, and outputs nothing can reach
  resolved.forEach((r, i) => {
    if (!r.ok || hasMisplacedEdge.has(r.node.id)) return;
    const connected = incoming.get(r.node.id);
    const isOutput = r.component.flowOutput(r.params) !== undefined;
    for (const port of r.inputs) {
      if (!port.required || connected?.has(port.name)) continue;
      if (isOutput) {
        report('warning', 'unreachable-output', `output node '${r.node.id}' is not connected, so it never receives a value`, ['nodes', i], { nodeId: r.node.id });
      } else {
        report('error', 'missing-input', `node '${r.node.id}' (${r.node.type}): required input '${port.name}' is not connected`, ['nodes', i], { nodeId: r.node.id });
      }
    }
  });

  resolved.forEach((r, i) => {
    if (!r.ok) return;
    for (const problem of r.component.check(r.params, context)) {
      report(problem.severity, problem.code, `node '${r.node.id}' (${r.node.type}): ${problem.message}`, ['nodes', i, 'params', ...(problem.path ?? [])], { nodeId: r.node.id });
    }
  });

  if (options.references) {
    for (const ref of findUnsetReferences(flow, options.references)) {
      report(options.references.severity ?? 'error', 'missing-secret', describeUnsetReference(ref), ref.path, { nodeId: ref.nodeId });
    }
  }

  checkCycles(flow, nodeIndex, report);
  checkGroups(flow, nodeIndex, report);
  checkInterfaceNames(resolved, report);
  if (file) checkSubflowCycles(flow, resolved, file, loader, report);
  return diagnostics;
}

type Report = (severity: Diagnostic['severity'], code: DiagnosticCode, message: string, at: JsonPath, ids?: { nodeId?: string; edgeId?: string }) => void;

function listPorts(ports: readonly PortSpec[]): string {
  return ports.length ? ports.map((p) => `'${p.name}'`).join(', ') : 'none';
}

function checkCycles(flow: Flow, nodeIndex: Map<string, number>, report: Report): void {
  const next = new Map<string, string[]>();
  for (const edge of flow.edges) {
    if (!nodeIndex.has(edge.source) || !nodeIndex.has(edge.target)) continue;
    const list = next.get(edge.source) ?? [];
    list.push(edge.target);
    next.set(edge.source, list);
  }
  const WHITE = 0, GREY = 1, BLACK = 2;
  const color = new Map<string, number>();
  const reported = new Set<string>();
  for (const start of nodeIndex.keys()) {
    if (color.get(start)) continue;
    // Iterative DFS: flows can be deep enough to overflow recursion.
    const stack: { id: string; i: number }[] = [{ id: start, i: 0 }];
    const pathIds: string[] = [start];
    color.set(start, GREY);
    while (stack.length) {
      const frame = stack[stack.length - 1]!;
      const targets = next.get(frame.id) ?? [];
      if (frame.i < targets.length) {
        const target = targets[frame.i++]!;
        const c = color.get(target) ?? WHITE;
        if (c === GREY) {
          const cycle = pathIds.slice(pathIds.indexOf(target));
          const key = [...cycle].sort().join('\0');
          if (!reported.has(key)) {
            reported.add(key);
            report('error', 'cycle', `cycle: ${[...cycle, target].join(' → ')}; flows must not loop back`, ['nodes', nodeIndex.get(target)!], { nodeId: target });
          }
        } else if (c === WHITE) {
          color.set(target, GREY);
          stack.push({ id: target, i: 0 });
          pathIds.push(target);
        }
      } else {
        color.set(frame.id, BLACK);
        stack.pop();
        pathIds.pop();
      }
    }
  }
}

/** Groups only frame nodes on the canvas, so what is wrong with one is a warning that never stops a run. */
function checkGroups(flow: Flow, nodeIndex: Map<string, number>, report: Report): void {
  const seen = new Set<string>();
  (flow.groups ?? []).forEach((group, g) => {
    if (seen.has(group.id)) report('warning', 'duplicate-id', `group id '${group.id}' is used by more than one group; the canvas shows only the first`, ['groups', g, 'id']);
    seen.add(group.id);
    (group.nodes ?? []).forEach((id, i) => {
      if (!nodeIndex.has(id)) report('warning', 'unknown-group-node', `group '${group.id}' names node '${id}', which is not in the flow; remove it from the group's nodes`, ['groups', g, 'nodes', i]);
    });
  });
}

function checkInterfaceNames(resolved: ResolvedNode[], report: Report): void {
  const seen = { input: new Map<string, string>(), output: new Map<string, string>() };
  resolved.forEach((r, i) => {
    if (!r.ok) return;
    for (const [kind, info] of [['input', r.component.flowInput(r.params)], ['output', r.component.flowOutput(r.params)]] as const) {
      if (!info) continue;
      const other = seen[kind].get(info.name);
      if (other) report('error', 'duplicate-name', `${kind} name '${info.name}' is used by nodes '${other}' and '${r.node.id}'`, ['nodes', i, 'params', 'name'], { nodeId: r.node.id });
      else seen[kind].set(info.name, r.node.id);
    }
  });
}

function checkSubflowCycles(flow: Flow, resolved: ResolvedNode[], file: string, loader: FlowLoader, report: Report): void {
  const root = realPathOrSame(path.resolve(file));
  // Files already searched without finding a loop: a diamond of sub-flows is searched once, not once per path.
  const clean = new Set<string>();
  resolved.forEach((r, i) => {
    if (!r.ok || r.node.type !== 'flow.run') return;
    const child = (r.params as { file: string }).file;
    const chain = findFlowCycle(path.resolve(path.dirname(root), child), [root], loader, clean);
    if (chain) {
      report('error', 'subflow-cycle', `node '${r.node.id}': sub-flows call each other in a loop: ${chain.map((f) => path.basename(f)).join(' → ')}`, ['nodes', i, 'params', 'file'], { nodeId: r.node.id });
    }
  });
}

// Compared by the loader's real paths: with a folder link `d -> .`, `d/a.flow.json` is `a.flow.json`.
function findFlowCycle(file: string, stack: string[], loader: FlowLoader, clean: Set<string>): string[] | undefined {
  let loaded;
  try {
    loaded = loader.load(file, path.dirname(file));
  } catch {
    return undefined; // reported where that file is used, not here
  }
  const real = loaded.file;
  if (stack.includes(real)) return [...stack, real];
  if (clean.has(real)) return undefined;
  for (const node of loaded.flow.nodes) {
    const child = node.type === 'flow.run' ? node.params?.file : undefined;
    if (typeof child !== 'string') continue;
    const found = findFlowCycle(path.resolve(path.dirname(real), child), [...stack, real], loader, clean);
    if (found) return found;
  }
  clean.add(real);
  return undefined;
}

function realPathOrSame(file: string): string {
  try {
    return realpathSync.native(file);
  } catch {
    return file;
  }
}
