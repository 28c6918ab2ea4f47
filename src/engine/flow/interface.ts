// A flow's interface: its named inputs (input.* nodes) and outputs (output.* nodes). It is what a
// caller sees: the CLI's --input names, a flow.run node's ports, an MCP tool's schemas.
import type { FlowPortInfo, PortContext } from '../components/define-component';
import type { ComponentRegistry } from '../components/registry';
import type { PortType } from '../ports/port-types';
import type { Flow } from './schema';

export interface FlowInterfacePort extends FlowPortInfo {
  nodeId: string;
  /** The port type a value of this input or output has on the canvas. */
  portType: PortType;
}

export interface FlowInterface {
  inputs: FlowInterfacePort[];
  outputs: FlowInterfacePort[];
}

export function flowInterface(flow: Flow, registry: ComponentRegistry): FlowInterface {
  const noPortContext: PortContext = {
    registry,
    loadFlow: () => {
      throw new Error('input and output components do not load flows');
    },
  };
  const inputs: FlowInterfacePort[] = [];
  const outputs: FlowInterfacePort[] = [];
  for (const node of flow.nodes) {
    const component = registry.get(node.type);
    if (!component) continue;
    const parsed = component.parseParams(node.params);
    if (!parsed.ok) continue;
    const input = component.flowInput(parsed.params);
    if (input) {
      const type = component.outputs(parsed.params, noPortContext)[0]?.type ?? 'any';
      inputs.push({ ...input, nodeId: node.id, portType: type });
    }
    const output = component.flowOutput(parsed.params);
    if (output) {
      const type = component.inputs(parsed.params, noPortContext)[0]?.type ?? 'any';
      outputs.push({ ...output, nodeId: node.id, portType: type });
    }
  }
  return { inputs, outputs };
}

/** JSON Schema of the flow's inputs as one object, as an MCP tool's inputSchema. */
export function inputSchemaOf(iface: FlowInterface): Record<string, unknown> {
  return objectSchema(iface.inputs);
}

/**
 * JSON Schema of the flow's outputs as one object, as an MCP tool's outputSchema. No output is
 * required: an output on an untaken branch is absent from the result.
 */
export function outputSchemaOf(iface: FlowInterface): Record<string, unknown> {
  return objectSchema(iface.outputs.map((o) => ({ ...o, required: false })));
}

function objectSchema(ports: FlowInterfacePort[]): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  for (const port of ports) {
    properties[port.name] = {
      ...port.schema,
      ...(port.description ? { description: port.description } : {}),
      ...(port.default !== undefined ? { default: port.default } : {}),
    };
  }
  const required = ports.filter((p) => p.required).map((p) => p.name);
  return { type: 'object', properties, ...(required.length ? { required } : {}) };
}
