// Reuses compiled plans and flow interfaces across runs of the same Flow object: a flow served as an
// MCP tool or re-run from the editor should not pay for resolving components and parsing params
// every call. A Flow passed to runFlow is treated as immutable; parse or clone it to change it.
import type { ComponentRegistry } from '../components/registry';
import { flowInterface, type FlowInterface } from '../flow/interface';
import type { Flow } from '../flow/schema';
import { serversUsedBy } from '../mcp/access';
import { compilePlan, type Plan, type PlanOptions } from './plan';

interface FlowEntry {
  plans: Map<string, Plan>;
  iface: FlowInterface | undefined;
}

/** What a run needs to know about a flow that does not depend on the registry; computed once per Flow. */
interface FlowFacts {
  /** Whether a plan depends only on the flow and registry: not on MCP tool lists or other flow files. */
  isSelfContained: boolean;
  /** MCP servers its mcp.* nodes name, to connect before the run starts. */
  mcpServers: readonly string[];
  byRegistry: WeakMap<ComponentRegistry, FlowEntry>;
}

const entries = new WeakMap<Flow, FlowFacts>();

function factsOf(flow: Flow): FlowFacts {
  let facts = entries.get(flow);
  if (!facts) {
    facts = {
      isSelfContained: !flow.nodes.some((n) => n.type.startsWith('mcp.') || n.type === 'flow.run'),
      mcpServers: serversUsedBy(flow.nodes),
      byRegistry: new WeakMap(),
    };
    entries.set(flow, facts);
  }
  return facts;
}

function entryFor(flow: Flow, registry: ComponentRegistry): FlowEntry {
  const { byRegistry } = factsOf(flow);
  let entry = byRegistry.get(registry);
  if (!entry) byRegistry.set(registry, (entry = { plans: new Map(), iface: undefined }));
  return entry;
}

export function cachedPlan(flow: Flow, options: PlanOptions): Plan {
  if (!factsOf(flow).isSelfContained) return compilePlan(flow, options);
  const entry = entryFor(flow, options.registry);
  const key = options.stopAt === undefined ? (options.file ?? '') : `${options.file ?? ''}\0${options.stopAt}`;
  let plan = entry.plans.get(key);
  if (!plan) entry.plans.set(key, (plan = compilePlan(flow, options)));
  return plan;
}

export function cachedInterface(flow: Flow, registry: ComponentRegistry): FlowInterface {
  const entry = entryFor(flow, registry);
  return (entry.iface ??= flowInterface(flow, registry));
}

/** The MCP servers a flow's nodes name (serversUsedBy), without walking the nodes on every run. */
export function cachedServersUsedBy(flow: Flow): readonly string[] {
  return factsOf(flow).mcpServers;
}
