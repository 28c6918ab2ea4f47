// How a flow is offered to MCP callers, from its optional `mcp` field: a tool (the default), a prompt
// (inputs are its arguments, outputs its messages) or a resource (no inputs: one resource; inputs
// named in `uriTemplate`: a resource template). Checked when the folder is loaded, so a flow that
// cannot be offered as it asks is skipped with a reason instead of failing each caller.
import { UriTemplate } from '@modelcontextprotocol/server';
import type { FlowInterface, FlowInterfacePort } from '../engine/flow/interface';
import type { Flow } from '../engine/flow/schema';

export type FlowOfferKind = 'tool' | 'prompt' | 'resource';

/** The URI of a resource flow without a uriTemplate: its flow name under FlowStudio's own scheme. */
export function defaultResourceUri(toolName: string): string {
  return `flowstudio://flows/${encodeURIComponent(toolName)}`;
}

/** Why this flow cannot be offered as its `mcp` field says, or undefined when it can. */
export function offerProblem(flow: Flow, iface: FlowInterface): string | undefined {
  const offer = flow.mcp;
  if (!offer) return undefined;
  if (offer.uriTemplate !== undefined && offer.kind !== 'resource')
    return `mcp.uriTemplate applies to resources only, and this flow's mcp.kind is '${offer.kind}'`;
  if (offer.annotations !== undefined && offer.kind !== 'tool')
    return `mcp.annotations apply to tools only, and this flow's mcp.kind is '${offer.kind}'`;
  if (offer.kind !== 'resource') return undefined;
  let variables: string[] = [];
  if (offer.uriTemplate !== undefined) {
    try {
      variables = new UriTemplate(offer.uriTemplate).variableNames;
    } catch (error) {
      return `mcp.uriTemplate is not a URI template: ${(error as Error).message}`;
    }
  }
  const inputs = iface.inputs.map((input) => input.name);
  const unknown = variables.filter((name) => !inputs.includes(name));
  if (unknown.length > 0) {
    return (
      `mcp.uriTemplate names ${unknown.map((n) => `{${n}}`).join(', ')}, which ` +
      `${unknown.length === 1 ? 'is not an input' : 'are not inputs'} of the flow (its inputs: ${inputs.join(', ') || 'none'})`
    );
  }
  const unfilled = inputs.filter((name) => !variables.includes(name));
  if (unfilled.length > 0) {
    return (
      `a resource flow gets its inputs from its URI only: name ${unfilled.map((n) => `{${n}}`).join(', ')} ` +
      `in mcp.uriTemplate or remove ${unfilled.length === 1 ? 'that input' : 'those inputs'}`
    );
  }
  return undefined;
}

/** MCP prompt arguments and URI template variables are strings; a number or JSON input gets its value parsed. */
export function inputValuesFrom(args: Record<string, string | string[]>, inputs: readonly FlowInterfacePort[]): Record<string, unknown> {
  const values = Object.create(null) as Record<string, unknown>;
  for (const input of inputs) {
    const raw = args[input.name];
    if (raw === undefined) continue;
    const text = Array.isArray(raw) ? raw.join(',') : raw;
    const type = input.schema.type;
    // input.number reads a numeric string itself, with its own error for one that is not.
    if (type === 'string' || type === 'number') values[input.name] = text;
    else {
      try {
        values[input.name] = JSON.parse(text);
      } catch {
        values[input.name] = text;
      }
    }
  }
  return values;
}
