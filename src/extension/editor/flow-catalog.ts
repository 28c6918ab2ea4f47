// What the canvas needs to know about components without importing the engine: each component's
// metadata and params JSON Schema, the resolved ports of every node of the current flow, and the
// port compatibility table. Computed here in the host, sent to the webview as a `catalog` message.
import { PORT_TYPES, canConnect, type ComponentRegistry, type Flow, type McpCatalog } from '../../engine';
import { paramsJsonSchema } from '../../engine/flow/json-schema';
import { createPortContext, resolveNode, type ResolvedNode } from '../../engine/flow/resolve';
import type { Component, PortContext, PortSpec } from '../../engine/components/define-component';
import type { CatalogMessage, ComponentView, NodePorts, PortView } from '../../protocol/messages';

export interface CatalogSources {
  registry: ComponentRegistry;
  /** Absolute path of the flow file; flow.run resolves sub-flows against it. */
  file: string;
  mcp?: McpCatalog | undefined;
  secretNames: readonly string[];
}

// Component views do not change while the extension runs; computing JSON Schemas once per registry
// keeps a catalog message per keystroke cheap.
const componentViewCache = new WeakMap<ComponentRegistry, ComponentView[]>();

export function componentViews(registry: ComponentRegistry): ComponentView[] {
  let views = componentViewCache.get(registry);
  if (!views) {
    views = registry.list().map(componentView);
    componentViewCache.set(registry, views);
  }
  return views;
}

function componentView(component: Component): ComponentView {
  let paramsSchema: Record<string, unknown>;
  try {
    paramsSchema = paramsJsonSchema(component);
  } catch {
    // A schema JSON Schema cannot express still gets an editor: the inspector falls back to raw JSON.
    paramsSchema = {};
  }
  return {
    id: component.id,
    category: component.category,
    title: component.title,
    description: component.description,
    ...(component.icon ? { icon: component.icon } : {}),
    paramsSchema,
  };
}

/** The compatibility table as data: for each output port type, the input port types it may feed. */
export function portCompatibility(): Record<string, string[]> {
  return Object.fromEntries(PORT_TYPES.map((from) => [from, PORT_TYPES.filter((to) => canConnect(from, to))]));
}

export function buildCatalog(flow: Flow | null, version: number, sources: CatalogSources): CatalogMessage {
  const portSets: NodePorts[] = [];
  const nodePorts: CatalogMessage['nodePorts'] = {};
  if (flow) {
    const context = createPortContext({ registry: sources.registry, file: sources.file, mcp: sources.mcp });
    const indexOf = new Map<string, number>();
    for (const node of flow.nodes) {
      const resolved = resolveNode(node, sources.registry, context);
      const ports: NodePorts = resolved.ok
        ? { inputs: resolved.inputs.map(portView), outputs: resolved.outputs.map(portView) }
        : portsWhileInvalid(resolved, context);
      const key = JSON.stringify(ports);
      let index = indexOf.get(key);
      if (index === undefined) {
        index = portSets.push(ports) - 1;
        indexOf.set(key, index);
      }
      nodePorts[node.id] = index;
    }
  }
  return {
    type: 'catalog',
    version,
    components: componentViews(sources.registry),
    portSets,
    nodePorts,
    portCompatibility: portCompatibility(),
    secretNames: [...sources.secretNames],
  };
}

/**
 * A node whose params do not parse yet (a fresh Agent before its model is chosen) still shows the
 * ports its component gives for the params it has, so it can be wired up at once; validation reports
 * the params on the node. Ports that depend on a param it lacks are left out until it is set.
 */
function portsWhileInvalid(resolved: Extract<ResolvedNode, { ok: false }>, context: PortContext): NodePorts {
  const { component, node } = resolved;
  if (!component || resolved.problem.kind !== 'invalid-params') return { inputs: [], outputs: [] };
  const portsOf = (side: 'inputs' | 'outputs') => {
    try {
      return component[side](node.params ?? {}, context).map(portView);
    } catch {
      return [];
    }
  };
  return { inputs: portsOf('inputs'), outputs: portsOf('outputs') };
}

function portView(port: PortSpec): PortView {
  return {
    name: port.name,
    type: port.type,
    ...(port.description ? { description: port.description } : {}),
    ...(port.required ? { required: true } : {}),
    ...(port.many ? { many: true } : {}),
  };
}
