// validateFlow: everything that can be known wrong about a flow before it runs.
import { realpathSync } from 'node:fs';
import * as path from 'node:path';
import type { Component, ComponentProblem, PortContext, PortSpec } from '../components/define-component';
import type { ComponentRegistry } from '../components/registry';
import { coreRegistry } from '../components/core';
import { describePath } from '../flow/parse';
import { createPortContext, resolveNode, type ResolvedNode } from '../flow/resolve';
import type { FlowLoader } from '../flow/loader';
import { defaultFlowLoader } from '../flow/loader';
import type { Flow } from '../flow/schema';
import { clip, MAX_PROBLEMS_PER_KIND } from '../flow/limits';
import { positionOfPath, sourceOf, type JsonPath } from '../flow/source';
import { canConnect } from '../ports/port-types';
import type { Diagnostic, DiagnosticCode } from './diagnostic';
import type { McpCatalog } from '../mcp/access';
import { hostProviderMissing } from '../llm/providers';
import { findCycles } from './cycles';
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
  /**
   * The host-only model providers ('vscode', 'mcp-client') the runner supplies; with it, a node using
   * another one is an error now rather than when the run reaches it. Without it they are not checked.
   */
  hostModelProviders?: readonly string[];
}

export function validateFlow(flow: Flow, registry?: ComponentRegistry, options: ValidateOptions = {}): Diagnostic[] {
  const reg = registry ?? coreRegistry();
  const source = sourceOf(flow);
  const file = options.file ?? source?.file;
  const loader = options.loader ?? defaultFlowLoader;
  const diagnostics: Diagnostic[] = [];

  // Past MAX_PROBLEMS_PER_KIND problems of one code, the rest are only counted: a file with 50,000
  // unknown types gets a readable list and a total, in bounded time. Messages may be built lazily.
  const reported = new Map<DiagnosticCode, number>();
  const overflow = new Map<DiagnosticCode, { count: number; severity: Diagnostic['severity']; at: JsonPath }>();
  const place = (d: Diagnostic, at: JsonPath) => {
    if (file) d.file = file;
    if (source) {
      const p = positionOfPath(source, at);
      Object.assign(d, { line: p.line, column: p.column, offset: p.offset, length: p.length });
    }
    diagnostics.push(d);
  };
  const report: Report = (severity, code, message, at, ids = {}) => {
    const count = reported.get(code) ?? 0;
    if (count >= MAX_PROBLEMS_PER_KIND) {
      const more = overflow.get(code);
      if (more) {
        more.count++;
        if (severity === 'error') more.severity = 'error';
      } else overflow.set(code, { count: 1, severity, at });
      return;
    }
    reported.set(code, count + 1);
    place({ severity, code, message: typeof message === 'function' ? message() : message, path: at, ...ids }, at);
  };

  // Ids
  const nodeIndex = new Map<string, number>();
  flow.nodes.forEach((node, i) => {
    if (nodeIndex.has(node.id))
      report('error', 'duplicate-id', () => `node id '${clip(node.id)}' is used by more than one node`, ['nodes', i, 'id'], {
        nodeId: node.id,
      });
    else nodeIndex.set(node.id, i);
  });
  const edgeIds = new Set<string>();
  flow.edges.forEach((edge, i) => {
    if (edgeIds.has(edge.id))
      report('error', 'duplicate-id', () => `edge id '${clip(edge.id)}' is used by more than one edge`, ['edges', i, 'id'], {
        edgeId: edge.id,
      });
    edgeIds.add(edge.id);
  });

  if (options.hostModelProviders) {
    const supplied = options.hostModelProviders;
    flow.nodes.forEach((node, i) => {
      const provider = node.params?.provider;
      if (typeof provider !== 'string' || supplied.includes(provider)) return;
      const missing = hostProviderMissing(provider);
      if (missing)
        report('error', 'invalid-params', `node '${clip(node.id)}': ${missing}`, ['nodes', i, 'params', 'provider'], { nodeId: node.id });
    });
  }

  // Components, params and ports
  const context = createPortContext({ registry: reg, file, loader, mcp: options.mcp });
  const resolved: ResolvedNode[] = flow.nodes.map((node) => resolveNode(node, reg, context));
  resolved.forEach((r, i) => {
    if (r.ok) return;
    const nodeId = r.node.id;
    switch (r.problem.kind) {
      case 'unknown-type': {
        const type = r.node.type;
        const describe = () => {
          const hint = type.length <= 64 ? closestMatch(type, reg.ids()) : undefined;
          return `node '${clip(nodeId)}': unknown component type '${clip(type)}'${hint ? ` (did you mean '${hint}'?)` : ''}`;
        };
        report('error', 'unknown-type', describe, ['nodes', i, 'type'], { nodeId });
        break;
      }
      case 'invalid-params':
        for (const issue of r.problem.issues) {
          const at = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
          const where = at.length ? `params.${describePath(at)}` : 'params';
          report(
            'error',
            'invalid-params',
            `node '${nodeId}' (${r.node.type}): ${where}: ${issue.message}`,
            ['nodes', i, 'params', ...at],
            { nodeId },
          );
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
    if (sourceAt === undefined)
      report('error', 'missing-node', `edge '${edge.id}': source node '${edge.source}' does not exist`, ['edges', i, 'source'], ids);
    if (targetAt === undefined)
      report('error', 'missing-node', `edge '${edge.id}': target node '${edge.target}' does not exist`, ['edges', i, 'target'], ids);
    if (sourceAt === undefined || targetAt === undefined) return;
    const from = resolved[sourceAt];
    const to = resolved[targetAt];
    let fromPort: PortSpec | undefined;
    let toPort: PortSpec | undefined;
    if (from?.ok) {
      fromPort = from.outputs.find((p) => p.name === edge.sourceHandle);
      if (!fromPort)
        report(
          'error',
          'missing-port',
          `edge '${edge.id}': node '${edge.source}' (${from.node.type}) has no output '${edge.sourceHandle}'; its outputs are ${listPorts(from.outputs)}`,
          ['edges', i, 'sourceHandle'],
          ids,
        );
    }
    if (to?.ok) {
      toPort = to.inputs.find((p) => p.name === edge.targetHandle);
      if (!toPort) hasMisplacedEdge.add(edge.target);
      if (!toPort)
        report(
          'error',
          'missing-port',
          `edge '${edge.id}': node '${edge.target}' (${to.node.type}) has no input '${edge.targetHandle}'; its inputs are ${listPorts(to.inputs)}`,
          ['edges', i, 'targetHandle'],
          ids,
        );
    }
    if (fromPort && toPort && !canConnect(fromPort.type, toPort.type)) {
      report(
        'error',
        'incompatible-ports',
        `edge '${edge.id}': cannot connect ${edge.source}.${edge.sourceHandle} (${fromPort.type}) to ${edge.target}.${edge.targetHandle} (${toPort.type})`,
        ['edges', i],
        ids,
      );
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
    // An output takes its value from any one of its inputs (output.file: text or media).
    if (isOutput) {
      if (r.inputs.length > 0 && !r.inputs.some((port) => connected?.has(port.name)))
        report('warning', 'unreachable-output', `output node '${r.node.id}' is not connected, so it never receives a value`, ['nodes', i], {
          nodeId: r.node.id,
        });
      return;
    }
    for (const port of r.inputs) {
      if (!port.required || connected?.has(port.name)) continue;
      report(
        'error',
        'missing-input',
        `node '${r.node.id}' (${r.node.type}): required input '${port.name}' is not connected`,
        ['nodes', i],
        { nodeId: r.node.id },
      );
    }
  });

  resolved.forEach((r, i) => {
    if (!r.ok) return;
    for (const problem of checkNode(r.component, r.params, context)) {
      report(
        problem.severity,
        problem.code,
        `node '${r.node.id}' (${r.node.type}): ${problem.message}`,
        ['nodes', i, 'params', ...(problem.path ?? [])],
        { nodeId: r.node.id },
      );
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
  if (file) checkSubflowCycles(resolved, file, loader, report);
  for (const [code, more] of overflow) {
    const message = `…and ${more.count.toLocaleString('en-US')} more problems of this kind (${code}); fix the ones above first`;
    place({ severity: more.severity, code, message, path: more.at }, more.at);
  }
  return diagnostics;
}

type Report = (
  severity: Diagnostic['severity'],
  code: DiagnosticCode,
  message: string | (() => string),
  at: JsonPath,
  ids?: { nodeId?: string; edgeId?: string },
) => void;

/** A component's own check, run so that one that throws becomes a finding on its node instead of ending validation. */
function checkNode(component: Component, params: unknown, context: PortContext): ComponentProblem[] {
  try {
    return component.check(params, context);
  } catch (error) {
    return [{ severity: 'error', code: 'invalid-params', message: error instanceof Error ? error.message : String(error) }];
  }
}

function listPorts(ports: readonly PortSpec[]): string {
  return ports.length ? ports.map((p) => `'${p.name}'`).join(', ') : 'none';
}

function checkCycles(flow: Flow, nodeIndex: Map<string, number>, report: Report): void {
  const next: number[][] = flow.nodes.map(() => []);
  for (const edge of flow.edges) {
    const from = nodeIndex.get(edge.source);
    const to = nodeIndex.get(edge.target);
    if (from !== undefined && to !== undefined) next[from]!.push(to);
  }
  for (const cycle of findCycles(next)) {
    const first = cycle[0]!;
    const ids = cycle.map((i) => `'${clip(flow.nodes[i]!.id, 40)}'`);
    const shown = ids.length <= 6 ? ids : [...ids.slice(0, 3), '…', ...ids.slice(-2)];
    const loop = [...shown, ids[0]].join(' → ');
    const size = ids.length > 6 ? ` (${ids.length} nodes)` : '';
    report('error', 'cycle', `cycle${size}: ${loop}; flows must not loop back`, ['nodes', first], { nodeId: flow.nodes[first]!.id });
  }
}

/** Groups only frame nodes on the canvas, so what is wrong with one is a warning that never stops a run. */
function checkGroups(flow: Flow, nodeIndex: Map<string, number>, report: Report): void {
  const seen = new Set<string>();
  (flow.groups ?? []).forEach((group, g) => {
    if (seen.has(group.id))
      report('warning', 'duplicate-id', `group id '${group.id}' is used by more than one group; the canvas shows only the first`, [
        'groups',
        g,
        'id',
      ]);
    seen.add(group.id);
    (group.nodes ?? []).forEach((id, i) => {
      if (!nodeIndex.has(id))
        report(
          'warning',
          'unknown-group-node',
          `group '${group.id}' names node '${id}', which is not in the flow; remove it from the group's nodes`,
          ['groups', g, 'nodes', i],
        );
    });
  });
}

function checkInterfaceNames(resolved: ResolvedNode[], report: Report): void {
  const seen = { input: new Map<string, string>(), output: new Map<string, string>() };
  resolved.forEach((r, i) => {
    if (!r.ok) return;
    for (const [kind, info] of [
      ['input', r.component.flowInput(r.params)],
      ['output', r.component.flowOutput(r.params)],
    ] as const) {
      if (!info) continue;
      const other = seen[kind].get(info.name);
      if (other)
        report(
          'error',
          'duplicate-name',
          `${kind} name '${info.name}' is used by nodes '${other}' and '${r.node.id}'`,
          ['nodes', i, 'params', 'name'],
          { nodeId: r.node.id },
        );
      else seen[kind].set(info.name, r.node.id);
    }
  });
}

function checkSubflowCycles(resolved: ResolvedNode[], file: string, loader: FlowLoader, report: Report): void {
  const root = realPathOrSame(path.resolve(file));
  const search = new SubflowSearch(loader);
  resolved.forEach((r, i) => {
    if (!r.ok || r.node.type !== 'flow.run') return;
    const child = (r.params as { file: string }).file;
    const chain = search.cycleFrom(root, path.resolve(path.dirname(root), child));
    if (chain) {
      const names = chain.map((f) => path.basename(f));
      const shown = names.length <= 6 ? names : [...names.slice(0, 3), '…', ...names.slice(-2)];
      report(
        'error',
        'subflow-cycle',
        `node '${r.node.id}': sub-flows call each other in a loop: ${shown.join(' → ')}`,
        ['nodes', i, 'params', 'file'],
        { nodeId: r.node.id },
      );
    }
  });
}

/**
 * Depth-first search over flow files (a file's children are the files its flow.run nodes name), with an
 * explicit stack and a memory of files already shown to reach no loop, so shared sub-flows are read once.
 * Files are compared by the path the loader answers with (with a folder link `d -> .`, `d/a.flow.json`
 * is `a.flow.json`).
 */
class SubflowSearch {
  private readonly loopFree = new Set<string>();
  private readonly loaded = new Map<string, { file: string; children: string[] } | undefined>();

  constructor(private readonly loader: FlowLoader) {}

  /** The chain of files from `root` through `first` back to a file already on it, if there is one. */
  cycleFrom(root: string, first: string): string[] | undefined {
    const chain = [root];
    const onChain = new Set(chain);
    const pending: { file: string; children: string[]; next: number }[] = [];
    const enter = (requested: string): string[] | undefined => {
      const flow = this.load(requested);
      if (!flow) return undefined; // a file that cannot be read or parsed is reported where it is used
      if (onChain.has(flow.file)) return [...chain, flow.file];
      if (this.loopFree.has(flow.file)) return undefined;
      chain.push(flow.file);
      onChain.add(flow.file);
      pending.push({ file: flow.file, children: flow.children, next: 0 });
      return undefined;
    };
    const found = enter(first);
    if (found) return found;
    while (pending.length > 0) {
      const top = pending[pending.length - 1]!;
      if (top.next < top.children.length) {
        const loop = enter(top.children[top.next++]!);
        if (loop) return loop;
        continue;
      }
      pending.pop();
      chain.pop();
      onChain.delete(top.file);
      this.loopFree.add(top.file);
    }
    return undefined;
  }

  private load(requested: string): { file: string; children: string[] } | undefined {
    if (this.loaded.has(requested)) return this.loaded.get(requested);
    let result: { file: string; children: string[] } | undefined;
    try {
      const { file, flow } = this.loader.load(requested, path.dirname(requested));
      const children: string[] = [];
      for (const node of flow.nodes) {
        const child = node.type === 'flow.run' ? node.params?.file : undefined;
        if (typeof child === 'string') children.push(path.resolve(path.dirname(file), child));
      }
      result = { file, children };
    } catch {
      result = undefined;
    }
    this.loaded.set(requested, result);
    return result;
  }
}

function realPathOrSame(file: string): string {
  try {
    return realpathSync.native(file);
  } catch {
    return file;
  }
}
