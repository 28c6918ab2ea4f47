// The palette's entries: every built-in component, and every tool, resource and prompt of the
// workspace's MCP servers (one category per server), plus a notice per server that is not
// connected (connecting, failed with its reason, stopped) so missing entries are explained; a server
// stopped for want of consent carries what its notice's button asks for.
import type { ComponentView, McpCatalogMessage, McpServerView } from '../../protocol/messages';
import type { Placement } from './palette-drag';

export interface PaletteEntry {
  /** Unique in the palette: the component id, or the MCP server, kind and name. */
  key: string;
  category: string;
  /** What a search word matches first: the component id, or the tool, resource or prompt name. */
  name: string;
  title: string;
  /** Shown at the right of the entry. */
  detail: string;
  description: string;
  icon: string;
  placement: Placement;
  /** Orders equally good matches within a category before their names do: a server's tools, then resources, then prompts. */
  kindRank?: number;
}

export interface PaletteNotice {
  category: string;
  kind: 'connecting' | 'error' | 'stopped' | 'empty' | 'unavailable';
  text: string;
  /** Set when the server waits for the user's consent: the notice offers to ask ("Allow…") or ask again ("Reconsider…"). */
  consent?: ConsentAction;
}

export interface ConsentAction {
  server: string;
  state: 'undecided' | 'denied';
  label: 'Allow…' | 'Reconsider…';
}

/** The category of a server's entries. */
export function mcpCategory(server: string): string {
  return `MCP · ${server}`;
}

export function componentEntries(components: readonly ComponentView[]): PaletteEntry[] {
  return components.map((c) => ({
    key: c.id,
    category: c.category,
    name: c.id,
    title: c.title,
    detail: c.id,
    description: c.description,
    icon: c.icon ?? 'symbol-misc',
    placement: { type: c.id },
  }));
}

export function mcpEntries(catalog: McpCatalogMessage | null): { entries: PaletteEntry[]; notices: PaletteNotice[] } {
  if (!catalog) return { entries: [], notices: [] };
  if (catalog.unavailableReason)
    return { entries: [], notices: [{ category: 'MCP servers', kind: 'unavailable', text: catalog.unavailableReason }] };
  const entries = catalog.servers.flatMap(serverEntries);
  const notices = catalog.servers.flatMap((server) => {
    const notice = serverNotice(server);
    return notice ? [notice] : [];
  });
  return { entries, notices };
}

function serverEntries(server: McpServerView): PaletteEntry[] {
  const category = mcpCategory(server.name);
  const key = (kind: string, name: string) => `mcp:${server.name}:${kind}:${name}`;
  return [
    ...server.tools.map((tool) => ({
      key: key('tool', tool.name),
      category,
      name: tool.name,
      title: tool.title ?? tool.annotations?.title ?? tool.name,
      detail: 'tool',
      description: tool.description ?? '',
      icon: tool.annotations?.destructiveHint ? 'warning' : 'tools',
      kindRank: 0,
      placement: { type: 'mcp.tool', params: { server: server.name, tool: tool.name } },
    })),
    ...server.resources.map((resource) => ({
      key: key('resource', resource.uri),
      category,
      name: resource.name,
      title: resource.name,
      detail: 'resource',
      description: `${resource.description ?? ''} ${resource.uri}`.trim(),
      icon: 'file-symlink-file',
      kindRank: 1,
      placement: { type: 'mcp.resource', params: { server: server.name, uri: resource.uri } },
    })),
    ...server.prompts.map((prompt) => ({
      key: key('prompt', prompt.name),
      category,
      name: prompt.name,
      title: prompt.name,
      detail: 'prompt',
      description: prompt.description ?? '',
      icon: 'comment-discussion',
      kindRank: 2,
      placement: { type: 'mcp.prompt', params: { server: server.name, prompt: prompt.name } },
    })),
  ];
}

function serverNotice(server: McpServerView): PaletteNotice | undefined {
  const category = mcpCategory(server.name);
  switch (server.status) {
    case 'connecting':
      return { category, kind: 'connecting', text: `Connecting to ${server.name}…` };
    case 'error':
      return { category, kind: 'error', text: `${server.name} failed: ${server.error ?? 'no reason given'}` };
    case 'stopped':
      if (server.consent === 'undecided')
        return {
          category,
          kind: 'stopped',
          text: `${server.name} is not started: it needs your consent to start.`,
          consent: { server: server.name, state: 'undecided', label: 'Allow…' },
        };
      if (server.consent === 'denied')
        return {
          category,
          kind: 'stopped',
          text: `${server.name} is not started: you denied it in this workspace.`,
          consent: { server: server.name, state: 'denied', label: 'Reconsider…' },
        };
      return {
        category,
        kind: 'stopped',
        text: server.error ? `${server.name} is ${server.error}` : `${server.name} is stopped; start it from the MCP Servers view.`,
      };
    case 'connected':
      if (server.resourcesError)
        return { category, kind: 'error', text: `Resources of ${server.name} could not be listed: ${server.resourcesError}` };
      if (server.tools.length + server.resources.length + server.prompts.length === 0)
        return { category, kind: 'empty', text: `${server.name} offers no tools, resources or prompts.` };
      return undefined;
  }
}
