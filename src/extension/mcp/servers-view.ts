// The "MCP Servers" view: every server the workspace configures, its status (with the reason when it
// failed or waits for the user's consent), and once connected its tools and prompts.
import * as vscode from 'vscode';
import type { ConnectionStatus, McpConnectionPool } from '../../engine';
import { Disposable } from '../lifetime/disposable';
import { untrustedReason } from '../workspace-trust';
import { consentReason } from './server-consent';
import type { WorkspaceMcp } from './workspace-mcp';

export type ServerItemData = { kind: 'server'; folder: string; server: string; pool: McpConnectionPool };
type ItemData =
  | ServerItemData
  | { kind: 'group'; label: 'Tools' | 'Resources' | 'Prompts'; parent: ServerItemData }
  | { kind: 'entry'; label: string; detail?: string; icon: string }
  | { kind: 'message'; label: string; detail?: string };

const groupIcons = { Tools: 'tools', Resources: 'files', Prompts: 'comment-discussion' } as const;

const statusIcons: Record<ConnectionStatus, vscode.ThemeIcon> = {
  connected: new vscode.ThemeIcon('pass-filled', new vscode.ThemeColor('testing.iconPassed')),
  connecting: new vscode.ThemeIcon('loading~spin'),
  error: new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed')),
  stopped: new vscode.ThemeIcon('circle-outline'),
};

export class McpServersView extends Disposable implements vscode.TreeDataProvider<ItemData> {
  private readonly changed = this.register(new vscode.EventEmitter<ItemData | undefined>());
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly mcp: WorkspaceMcp) {
    super();
    // Consent decisions arrive here too: WorkspaceMcp announces them as a change of every folder.
    this.register(mcp.onDidChange(() => this.changed.fire(undefined)));
    this.register(vscode.workspace.onDidGrantWorkspaceTrust(() => this.changed.fire(undefined)));
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  getTreeItem(data: ItemData): vscode.TreeItem {
    switch (data.kind) {
      case 'server': {
        let status = data.pool.statusOf(data.server) ?? 'stopped';
        let error = data.pool.errorOf(data.server);
        const item = new vscode.TreeItem(
          data.server,
          status === 'connected' ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None,
        );
        const definition = data.pool.definitionOf(data.server);
        const consent = this.mcp.consentOf(data.folder, data.server, data.pool);
        // Not running for want of consent is a stopped server with a reason, not a failure.
        const waitsForConsent = consent !== 'allowed' && (status === 'stopped' || status === 'error');
        if (waitsForConsent) {
          status = 'stopped';
          error = consentReason(data.server, consent);
        }
        item.description = waitsForConsent
          ? consent === 'denied'
            ? 'stopped: denied in this workspace'
            : 'stopped: needs your consent to start'
          : status === 'error'
            ? `error: ${error ?? 'unknown'}`
            : status;
        item.tooltip = new vscode.MarkdownString(
          `**${data.server}** (${definition?.transport ?? '?'}) — ${status}` +
            `${error ? `\n\n${error}` : ''}${definition ? `\n\nfrom \`${definition.source}\`` : ''}`,
        );
        item.iconPath = waitsForConsent ? new vscode.ThemeIcon(consent === 'denied' ? 'circle-slash' : 'shield') : statusIcons[status];
        item.contextValue = `mcpServer.${status}`;
        item.id = `${data.folder}\0${data.server}`;
        return item;
      }
      case 'group':
        return Object.assign(new vscode.TreeItem(data.label, vscode.TreeItemCollapsibleState.Collapsed), {
          iconPath: new vscode.ThemeIcon(groupIcons[data.label]),
        });
      case 'entry':
        return Object.assign(new vscode.TreeItem(data.label), {
          description: data.detail,
          tooltip: data.detail,
          iconPath: new vscode.ThemeIcon(data.icon),
        });
      case 'message':
        return Object.assign(new vscode.TreeItem(data.label), {
          description: data.detail,
          tooltip: data.detail,
          iconPath: new vscode.ThemeIcon('info'),
        });
    }
  }

  async getChildren(data?: ItemData): Promise<ItemData[]> {
    if (!data) {
      const refusal = untrustedReason();
      if (refusal) return [{ kind: 'message', label: 'Servers do not start in an untrusted workspace', detail: refusal }];
      const pools = await this.mcp.allPools();
      const servers: ItemData[] = pools.flatMap(({ folder, pool }) =>
        pool.serverNames().map((server) => ({ kind: 'server' as const, folder, server, pool })),
      );
      return servers.length
        ? servers
        : [
            {
              kind: 'message',
              label: 'No MCP servers configured',
              detail: 'Add one with FlowStudio: Add MCP Server (writes .vscode/mcp.json)',
            },
          ];
    }
    if (data.kind === 'server') {
      if (data.pool.statusOf(data.server) !== 'connected') return [];
      return [
        { kind: 'group', label: 'Tools', parent: data },
        { kind: 'group', label: 'Resources', parent: data },
        { kind: 'group', label: 'Prompts', parent: data },
      ];
    }
    if (data.kind === 'group') {
      const { pool, server } = data.parent;
      const entries: ItemData[] = await this.entriesOf(data.label, pool, server);
      return entries.length ? entries : [{ kind: 'message', label: `no ${data.label.toLowerCase()}` }];
    }
    return [];
  }

  private async entriesOf(group: 'Tools' | 'Resources' | 'Prompts', pool: McpConnectionPool, server: string): Promise<ItemData[]> {
    const entry = (label: string, icon: string, detail?: string): ItemData => ({
      kind: 'entry',
      label,
      icon,
      ...(detail ? { detail } : {}),
    });
    switch (group) {
      case 'Tools':
        return (pool.toolsOf(server) ?? []).map((t) =>
          entry(t.name, t.annotations?.destructiveHint ? 'warning' : 'symbol-method', t.description),
        );
      case 'Prompts':
        return (pool.promptsOf(server) ?? []).map((p) => entry(p.name, 'symbol-string', p.description));
      case 'Resources':
        try {
          return (await pool.listResources(server)).map((r) => entry(r.name, 'file', r.description ?? r.uri));
        } catch (error) {
          return [{ kind: 'message', label: 'resources could not be listed', detail: (error as Error).message }];
        }
    }
  }
}
