// Which served flow or flow file a resource URI names, and what resources/list says about a resource
// flow. Anything else is refused, so a URI cannot open the rest of the disk.
import { fileURLToPath } from 'node:url';
import { ProtocolError, ProtocolErrorCode, UriTemplate } from '@modelcontextprotocol/server';
import { defaultResourceUri } from './flow-offer';
import type { FlowTool, FlowToolCatalog } from './flow-tool-catalog';

export function resourceInfoOf(flow: FlowTool) {
  return {
    name: flow.name,
    title: flow.flow.mcp?.title ?? flow.flow.name,
    description: flow.description,
    ...(flow.flow.mcp?.mimeType ? { mimeType: flow.flow.mcp.mimeType } : {}),
    ...(flow.flow.mcp?.icons ? { icons: flow.flow.mcp.icons } : {}),
  };
}

/** The URI of a resource flow that takes no inputs; undefined for a template. */
export function staticUriOf(flow: FlowTool): string | undefined {
  const template = flow.flow.mcp?.uriTemplate;
  if (template === undefined) return defaultResourceUri(flow.name);
  return UriTemplate.isTemplate(template) ? undefined : template;
}

/** The resource flow serving `uri`, with the template variables it matched. */
export function resourceFlowFor(
  catalog: FlowToolCatalog,
  uri: string,
): { flow: FlowTool; variables: Record<string, string | string[]> } | undefined {
  const flows = catalog.listOf('resource');
  const exact = flows.find((flow) => staticUriOf(flow) === uri);
  if (exact) return { flow: exact, variables: {} };
  for (const flow of flows) {
    if (staticUriOf(flow) !== undefined) continue;
    const variables = new UriTemplate(flow.flow.mcp!.uriTemplate!).match(uri);
    if (variables) return { flow, variables };
  }
  return undefined;
}

/** The served flow file a file: URI names; anything else is refused so a URI cannot open the rest of the disk. */
export function flowFileOf(catalog: FlowToolCatalog, uri: string): string {
  let file: string;
  try {
    file = fileURLToPath(uri);
  } catch {
    throw new ProtocolError(ProtocolErrorCode.InvalidParams, `no served flow or flow file has the URI ${uri}`);
  }
  if (!catalog.byFile(file)) throw new ProtocolError(ProtocolErrorCode.InvalidParams, `no served flow at ${uri}`);
  return file;
}
