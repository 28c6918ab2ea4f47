// The live MCP part of the canvas palette and inspector: per workspace folder, each configured
// server's status and its tools, resources and prompts, as one `mcpCatalog` message shared by every
// canvas of the folder and posted again when a server changes. No `vscode` import: the host passes
// its pools and events in (see flow-editor-provider.ts), tests pass a real pool directly.
import type { McpConnectionPool, McpServerDefinition, McpToolInfo } from '../../engine';
import type { McpCatalogMessage, McpResourceView, McpServerView, McpToolView } from '../../protocol/messages';
import type { McpServerChange } from '../mcp/server-change';
import type { ConsentState } from '../mcp/server-consent';

export interface Disposable {
  dispose(): void;
}

export interface McpPaletteSources {
  /** The folder's pool; undefined where no server may start (an untrusted workspace). */
  poolOfFolder(folder: string): Promise<McpConnectionPool | undefined>;
  /** A server change, or undefined when pools were replaced (config edited) or the workspace became trusted. */
  onDidChange(listener: (change: McpServerChange | undefined) => unknown): Disposable;
  /** Why no server may start here, if that is so. */
  untrustedReason(): string | undefined;
  /** Whether the user allowed a server of the folder to start; the palette starts only allowed ones. */
  consentOf(folder: string, server: string, pool: McpConnectionPool): ConsentState;
}

export const untrustedPaletteReason =
  'MCP servers are not started in untrusted workspaces; trust the workspace (Workspaces: Manage Workspace Trust) to list their tools here.';

type ResourceList = { state: 'listing' } | { state: 'listed'; resources: McpResourceView[] } | { state: 'failed'; error: string };

interface FolderState {
  folder: string;
  subscribers: Set<(message: McpCatalogMessage) => void>;
  last?: McpCatalogMessage;
  lastJson?: string;
  /** Resources listed once per connection of each server of `pool`; dropped when the server reconnects or announces a change. */
  pool?: McpConnectionPool;
  resources: Map<string, ResourceList>;
  isScheduled: boolean;
  /** Counts rebuilds, so a slow one never posts over a newer one. */
  generation: number;
}

/** Whether starting the server would ask the user for an `${input:...}` value. */
export function asksForInput(definition: McpServerDefinition): boolean {
  return JSON.stringify(definition).includes('${input:');
}

/** What the palette says about a server it did not start because the user has not allowed it. */
export function consentNotice(state: Exclude<ConsentState, 'allowed'>): string {
  return state === 'denied'
    ? 'not started: you denied it in this workspace (Reconsider… in the palette asks again)'
    : 'not started: it needs your consent to start (Allow… in the palette, or Start in the MCP Servers view)';
}

const notStartedReason =
  'not started with the canvas: its configuration asks for an input (${input:...}); start it from the MCP Servers view, or run a flow that uses it';

export class McpPaletteCatalog implements Disposable {
  private readonly folders = new Map<string, FolderState>();
  /** Pools whose servers a canvas has started: each pool once, so a server the user stopped stays stopped. */
  private readonly startedPools = new WeakSet<McpConnectionPool>();
  private readonly subscription: Disposable;

  constructor(private readonly sources: McpPaletteSources) {
    this.subscription = sources.onDidChange((change) => this.changed(change));
  }

  /**
   * Posts the folder's catalog now (if known) and after every change, until disposed. The first
   * subscriber of a trusted folder starts its servers that need no answer from the user: a palette
   * that lists MCP tools needs their lists.
   */
  subscribe(folder: string, post: (message: McpCatalogMessage) => void): Disposable {
    const state = this.stateOf(folder);
    state.subscribers.add(post);
    if (state.last) post(state.last);
    this.schedule(state);
    return { dispose: () => state.subscribers.delete(post) };
  }

  /** The folder's catalog as it is now, listing resources where they are not known yet. */
  async build(folder: string): Promise<McpCatalogMessage> {
    if (this.sources.untrustedReason() !== undefined) return { type: 'mcpCatalog', servers: [], unavailableReason: untrustedPaletteReason };
    const pool = await this.sources.poolOfFolder(folder);
    if (!pool) return { type: 'mcpCatalog', servers: [], unavailableReason: untrustedPaletteReason };
    const state = this.stateOf(folder);
    if (state.pool !== pool) {
      state.pool = pool;
      state.resources.clear();
    }
    if (state.subscribers.size > 0) this.startServers(folder, pool);
    return { type: 'mcpCatalog', servers: pool.serverNames().map((name) => this.serverView(state, pool, name)) };
  }

  private stateOf(folder: string): FolderState {
    let state = this.folders.get(folder);
    if (!state) {
      state = { folder, subscribers: new Set(), resources: new Map(), isScheduled: false, generation: 0 };
      this.folders.set(folder, state);
    }
    return state;
  }

  private changed(change: McpServerChange | undefined): void {
    if (!change) {
      for (const state of this.folders.values()) this.schedule(state);
      return;
    }
    const state = this.folders.get(change.folder);
    if (!state) return;
    if (change.status !== 'connected' || change.list === 'resources') state.resources.delete(change.server);
    this.schedule(state);
  }

  /** Coalesces the bursts a connecting server causes (connecting, connected, lists) into one rebuild. */
  private schedule(state: FolderState): void {
    if (state.isScheduled || state.subscribers.size === 0) return;
    state.isScheduled = true;
    setTimeout(() => {
      state.isScheduled = false;
      void this.rebuild(state);
    }, 0);
  }

  private async rebuild(state: FolderState): Promise<void> {
    const generation = ++state.generation;
    let message: McpCatalogMessage;
    try {
      message = await this.build(state.folder);
    } catch (error) {
      message = {
        type: 'mcpCatalog',
        servers: [],
        unavailableReason: `MCP servers could not be listed: ${error instanceof Error ? error.message : String(error)}`,
      };
    }
    if (generation !== state.generation) return;
    const json = JSON.stringify(message);
    if (json === state.lastJson) return;
    state.last = message;
    state.lastJson = json;
    for (const post of state.subscribers) post(message);
  }

  private startServers(folder: string, pool: McpConnectionPool): void {
    if (this.startedPools.has(pool)) return;
    this.startedPools.add(pool);
    for (const name of pool.serverNames()) {
      const definition = pool.definitionOf(name);
      if (!definition || asksForInput(definition) || pool.statusOf(name) !== 'stopped') continue;
      // Opening a canvas is no consent to run a workspace's commands; allowed servers only.
      if (this.sources.consentOf(folder, name, pool) !== 'allowed') continue;
      // prepare() reports a failure through the server's status and error, which the next rebuild shows.
      void pool.prepare([name]);
    }
  }

  private serverView(state: FolderState, pool: McpConnectionPool, name: string): McpServerView {
    const status = pool.statusOf(name) ?? 'stopped';
    const tools = pool.toolsOf(name);
    const prompts = pool.promptsOf(name);
    const view: McpServerView = { name, status, tools: [], resources: [], prompts: [] };
    const consent = this.sources.consentOf(state.folder, name, pool);
    // A start refused for want of consent is shown as what it is, a stopped server, not a failure.
    if ((status === 'stopped' || status === 'error') && consent !== 'allowed')
      return { ...view, status: 'stopped', error: consentNotice(consent), consent };
    if (status === 'error') return { ...view, error: pool.errorOf(name) ?? 'the server failed' };
    if (status === 'stopped') {
      const definition = pool.definitionOf(name);
      return definition && asksForInput(definition) ? { ...view, error: notStartedReason } : view;
    }
    // Connected but still reading its lists: shown as connecting, so the palette does not claim it offers nothing.
    if (status === 'connecting' || !tools || !prompts) return { ...view, status: 'connecting' };
    const resources = this.resourcesOf(state, pool, name);
    return {
      ...view,
      tools: tools.map(toolView),
      prompts: prompts.map((p) => ({
        name: p.name,
        ...(p.description ? { description: p.description } : {}),
        ...(p.arguments ? { arguments: p.arguments.map((a) => ({ ...a })) } : {}),
      })),
      resources: resources.state === 'listed' ? resources.resources : [],
      ...(resources.state === 'failed' ? { resourcesError: resources.error } : {}),
    };
  }

  private resourcesOf(state: FolderState, pool: McpConnectionPool, server: string): ResourceList {
    const known = state.resources.get(server);
    if (known) return known;
    const listing: ResourceList = { state: 'listing' };
    state.resources.set(server, listing);
    const settle = (result: ResourceList) => {
      // A reconnect or change notification meanwhile dropped this listing; its own listing follows.
      if (state.resources.get(server) !== listing) return;
      state.resources.set(server, result);
      this.schedule(state);
    };
    pool.listResources(server).then(
      (resources) => settle({ state: 'listed', resources: resources.map((r) => ({ ...r })) }),
      (error: unknown) => settle({ state: 'failed', error: error instanceof Error ? error.message : String(error) }),
    );
    return listing;
  }

  dispose(): void {
    this.subscription.dispose();
    for (const state of this.folders.values()) state.subscribers.clear();
    this.folders.clear();
  }
}

function toolView(tool: McpToolInfo): McpToolView {
  const a = tool.annotations;
  const annotations = a
    ? {
        ...(a.title !== undefined ? { title: a.title } : {}),
        ...(a.readOnlyHint !== undefined ? { readOnlyHint: a.readOnlyHint } : {}),
        ...(a.destructiveHint !== undefined ? { destructiveHint: a.destructiveHint } : {}),
        ...(a.idempotentHint !== undefined ? { idempotentHint: a.idempotentHint } : {}),
        ...(a.openWorldHint !== undefined ? { openWorldHint: a.openWorldHint } : {}),
      }
    : undefined;
  return {
    name: tool.name,
    ...(tool.title ? { title: tool.title } : {}),
    ...(tool.description ? { description: tool.description } : {}),
    inputSchema: tool.inputSchema,
    ...(annotations ? { annotations } : {}),
  };
}
