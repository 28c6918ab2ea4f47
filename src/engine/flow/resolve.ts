// Resolves each node of a flow to its component, parsed params and ports. Shared by the validator
// and the executor so both see the same graph.
import * as path from 'node:path';
import type * as z from 'zod';
import type { Component, PortContext, PortSpec } from '../components/define-component';
import type { ComponentRegistry } from '../components/registry';
import { defaultFlowLoader, type FlowLoader } from './loader';
import type { FlowNode } from './schema';
import type { McpCatalog } from '../mcp/access';

export type ResolvedNode =
  | { ok: true; node: FlowNode; component: Component; params: unknown; inputs: readonly PortSpec[]; outputs: readonly PortSpec[] }
  | { ok: false; node: FlowNode; component?: Component; problem: NodeProblem };

export type NodeProblem =
  { kind: 'unknown-type' } | { kind: 'invalid-params'; issues: z.core.$ZodIssue[] } | { kind: 'ports'; message: string };

export interface ResolveOptions {
  registry: ComponentRegistry;
  /** Absolute path of the flow file; sub-flow paths resolve against its folder. */
  file?: string;
  loader?: FlowLoader;
  mcp?: McpCatalog;
}

export function createPortContext(options: ResolveOptions): PortContext {
  const loader = options.loader ?? defaultFlowLoader;
  const baseDir = options.file ? path.dirname(options.file) : process.cwd();
  return {
    flowFile: options.file,
    registry: options.registry,
    mcp: options.mcp,
    loadFlow: (file) => loader.load(file, baseDir),
  };
}

export function resolveNode(node: FlowNode, registry: ComponentRegistry, context: PortContext): ResolvedNode {
  const component = registry.get(node.type);
  if (!component) return { ok: false, node, problem: { kind: 'unknown-type' } };
  const parsed = component.parseParams(node.params);
  if (!parsed.ok) return { ok: false, node, component, problem: { kind: 'invalid-params', issues: parsed.issues } };
  try {
    const inputs = component.inputs(parsed.params, context);
    const outputs = component.outputs(parsed.params, context);
    return { ok: true, node, component, params: parsed.params, inputs, outputs };
  } catch (error) {
    return { ok: false, node, component, problem: { kind: 'ports', message: (error as Error).message } };
  }
}
