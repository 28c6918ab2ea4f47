// Reuses compiled plans and flow interfaces across runs of the same Flow object: a flow served as an
// MCP tool or re-run from the editor should not pay for resolving components and parsing params
// every call. A Flow passed to runFlow is treated as immutable; parse or clone it to change it.
import type { ComponentRegistry } from '../components/registry';
import { flowInterface, type FlowInterface } from '../flow/interface';
import type { Flow } from '../flow/schema';
import { compilePlan, type Plan, type PlanOptions } from './plan';

interface FlowEntry {
  plans: Map<string, Plan>;
  interfaces: WeakMap<ComponentRegistry, FlowInterface>;
}

const entries = new WeakMap<Flow, WeakMap<ComponentRegistry, FlowEntry>>();

function entryFor(flow: Flow, registry: ComponentRegistry): FlowEntry {
  let byRegistry = entries.get(flow);
  if (!byRegistry) entries.set(flow, (byRegistry = new WeakMap()));
  let entry = byRegistry.get(registry);
  if (!entry) byRegistry.set(registry, (entry = { plans: new Map(), interfaces: new WeakMap() }));
  return entry;
}

/** Whether a plan depends only on the flow and registry: not on MCP tool lists or other flow files. */
function isSelfContained(flow: Flow): boolean {
  return !flow.nodes.some((n) => n.type.startsWith('mcp.') || n.type === 'flow.run');
}

export function cachedPlan(flow: Flow, options: PlanOptions): Plan {
  if (!isSelfContained(flow)) return compilePlan(flow, options);
  const entry = entryFor(flow, options.registry);
  const key = `${options.file ?? ''}\0${options.stopAt ?? ''}`;
  let plan = entry.plans.get(key);
  if (!plan) entry.plans.set(key, (plan = compilePlan(flow, options)));
  return plan;
}

export function cachedInterface(flow: Flow, registry: ComponentRegistry): FlowInterface {
  const entry = entryFor(flow, registry);
  let iface = entry.interfaces.get(registry);
  if (!iface) entry.interfaces.set(registry, (iface = flowInterface(flow, registry)));
  return iface;
}
