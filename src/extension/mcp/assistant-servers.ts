// Offers the workspace's flows to the editor's AI assistant as one MCP server per workspace folder
// (`flowstudio mcp serve --flows FOLDER` over stdio, from dist/flows-server.js): through vscode.lm in VS Code (Copilot agent
// mode), vscode.cursor.mcp in Cursor, and an entry in Windsurf's mcp_config.json on request. The
// served process watches the folder itself, so flows added or changed on disk update its tool list.
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { applyEdits, modify, parse as parseJsonc } from 'jsonc-parser';
import { Disposable } from '../lifetime/disposable';
import { modalConfirm, type Confirm } from '../commands/confirm';

export const providerId = 'flowstudio.flows';

/** What starts the flows server for one folder; the same for every editor. */
export interface FlowServerLaunch {
  name: string;
  label: string;
  command: string;
  args: string[];
  env: Record<string, string>;
}

// The MCP definition API arrived in VS Code 1.101 and is absent in older forks; it is reached
// through these shapes after a feature check rather than by raising engines.vscode for everyone.
interface McpStdioDefinitionConstructor {
  new (label: string, command: string, args?: string[], env?: Record<string, string | number | null>, version?: string): object;
}
interface McpDefinitionApi {
  registerMcpServerDefinitionProvider(
    id: string,
    provider: { onDidChangeMcpServerDefinitions?: vscode.Event<void>; provideMcpServerDefinitions(): object[] },
  ): vscode.Disposable;
}
interface CursorMcpApi {
  registerServer(config: { name: string; server: { command: string; args: string[]; env: Record<string, string> } }): void;
  unregisterServer(name: string): void;
}

export type AssistantRegistration = 'vscode.lm' | 'cursor' | 'none';

export class AssistantServers extends Disposable {
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  private cursorNames: string[] = [];
  /** Which editor API the flows were offered through. */
  registration: AssistantRegistration = 'none';
  /** The question before another editor's config is written; replaceable so tests can answer it. */
  confirm: Confirm = modalConfirm;

  constructor(private readonly extensionUri: vscode.Uri) {
    super();
  }

  /** One launch per workspace folder; empty in an untrusted workspace (nothing may run there). */
  launches(): FlowServerLaunch[] {
    if (!vscode.workspace.isTrusted) return [];
    const cli = vscode.Uri.joinPath(this.extensionUri, 'dist', 'flows-server.js').fsPath;
    const folders = vscode.workspace.workspaceFolders ?? [];
    return folders.map((folder) => ({
      name: folders.length === 1 ? 'flowstudio' : `flowstudio-${folder.name}`,
      label: folders.length === 1 ? 'FlowStudio flows' : `FlowStudio flows (${folder.name})`,
      // The editor's own runtime runs the CLI: Node in code-server, Electron-as-Node on the desktop.
      command: process.execPath,
      args: [cli, 'mcp', 'serve', '--flows', folder.uri.fsPath],
      env: { ELECTRON_RUN_AS_NODE: '1' },
    }));
  }

  /** Offers each folder's flows as an MCP server through the editor's API (VS Code's, else Cursor's), kept current as folders and trust change. */
  offerToAssistants(): void {
    const lm = vscode.lm as unknown as Partial<McpDefinitionApi>;
    const Definition = (vscode as unknown as { McpStdioServerDefinition?: McpStdioDefinitionConstructor }).McpStdioServerDefinition;
    if (typeof lm.registerMcpServerDefinitionProvider === 'function' && Definition) {
      this.register(
        lm.registerMcpServerDefinitionProvider(providerId, {
          onDidChangeMcpServerDefinitions: this.changed.event,
          provideMcpServerDefinitions: () => this.launches().map((l) => new Definition(l.label, l.command, l.args, l.env)),
        }),
      );
      this.registration = 'vscode.lm';
    } else {
      const cursor = (vscode as unknown as { cursor?: { mcp?: Partial<CursorMcpApi> } }).cursor?.mcp;
      if (typeof cursor?.registerServer === 'function' && typeof cursor.unregisterServer === 'function') {
        this.registerWithCursor(cursor as CursorMcpApi);
        this.registration = 'cursor';
      }
    }
    this.register(vscode.workspace.onDidChangeWorkspaceFolders(() => this.refresh()));
    this.register(vscode.workspace.onDidGrantWorkspaceTrust(() => this.refresh()));
  }

  private cursorApi: CursorMcpApi | undefined;

  private registerWithCursor(api: CursorMcpApi): void {
    this.cursorApi = api;
    for (const name of this.cursorNames) api.unregisterServer(name);
    const launches = this.launches();
    for (const l of launches) api.registerServer({ name: l.name, server: { command: l.command, args: l.args, env: l.env } });
    this.cursorNames = launches.map((l) => l.name);
  }

  private refresh(): void {
    this.changed.fire();
    if (this.cursorApi) this.registerWithCursor(this.cursorApi);
  }

  /** The `mcpServers` JSON Cursor's and Windsurf's config files take, for copying by hand. */
  configJson(): string {
    const servers: Record<string, unknown> = {};
    for (const l of this.launches()) servers[l.name] = { command: l.command, args: l.args, env: l.env };
    return JSON.stringify({ mcpServers: servers }, null, 2);
  }

  /** Adds (or replaces) the flows servers in Windsurf's user config; returns the file written. */
  async writeWindsurfConfig(file = path.join(os.homedir(), '.codeium', 'windsurf', 'mcp_config.json')): Promise<string> {
    const uri = vscode.Uri.file(file);
    let text = await vscode.workspace.fs.readFile(uri).then(
      (b) => Buffer.from(b).toString('utf8'),
      () => '{\n  "mcpServers": {}\n}\n',
    );
    if (parseJsonc(text) === undefined) throw new Error(`${file} is not valid JSON; fix it before adding FlowStudio`);
    for (const l of this.launches()) {
      text = applyEdits(
        text,
        modify(
          text,
          ['mcpServers', l.name],
          { command: l.command, args: l.args, env: l.env },
          { formattingOptions: { tabSize: 2, insertSpaces: true, eol: '\n' } },
        ),
      );
    }
    await vscode.workspace.fs.createDirectory(vscode.Uri.file(path.dirname(file)));
    await vscode.workspace.fs.writeFile(uri, Buffer.from(text));
    return file;
  }

  protected override disposeSelf(): void {
    if (this.cursorApi) for (const name of this.cursorNames) this.cursorApi.unregisterServer(name);
  }
}

export function registerAssistantCommands(servers: AssistantServers): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('flowstudio.copyMcpConfig', async () => {
      if (!vscode.workspace.isTrusted)
        return void vscode.window.showWarningMessage('FlowStudio offers no flows to assistants in an untrusted workspace.');
      await vscode.env.clipboard.writeText(servers.configJson());
      void vscode.window.showInformationMessage(
        "FlowStudio: MCP config for Cursor/Windsurf copied. Paste its mcpServers entries into .cursor/mcp.json or Windsurf's mcp_config.json.",
      );
    }),
    // A caller may choose the file (scripts, tests), never skip the question: the answer is the user's.
    vscode.commands.registerCommand('flowstudio.addToWindsurf', async (fileArg?: unknown) => {
      if (!vscode.workspace.isTrusted)
        return void vscode.window.showWarningMessage('FlowStudio offers no flows to assistants in an untrusted workspace.');
      if (fileArg !== undefined && (typeof fileArg !== 'string' || !path.isAbsolute(fileArg)))
        throw new Error('Add Flows to Windsurf: the config file must be an absolute path');
      const target = fileArg ?? path.join(os.homedir(), '.codeium', 'windsurf', 'mcp_config.json');
      const isConfirmed = await servers.confirm({
        message: `Add this workspace's flows as MCP tools to Windsurf's config?`,
        detail: `Writes the FlowStudio entries into ${target}; Windsurf will then start \`flowstudio mcp serve\` for this workspace's flows.`,
        action: 'Add',
      });
      if (!isConfirmed) return undefined;
      const file = await servers.writeWindsurfConfig(target);
      void vscode.window.showInformationMessage(
        `FlowStudio: added to ${file}. Refresh MCP servers in Windsurf's Cascade panel to see the flows.`,
      );
      return file;
    }),
  ];
}
