// Extension entry point: builds the host services (secrets, MCP servers, diagnostics, runs), the
// custom editor, the MCP Servers view and the commands, and offers the flows to the AI assistant.
import * as vscode from 'vscode';
import { registerFlowCommands } from './commands/flow-commands';
import { FlowDiagnostics } from './diagnostics/flow-diagnostics';
import { FlowEditorProvider } from './editor/flow-editor-provider';
import { DisposableStore } from './lifetime/disposable';
import { OpenFlowDocuments } from './flow-documents';
import { AssistantServers, registerAssistantCommands } from './mcp/assistant-servers';
import { registerMcpCommands } from './mcp/mcp-commands';
import { editorOAuthOptions, OAuthCallbacks } from './mcp/oauth-sign-in';
import { McpServersView } from './mcp/servers-view';
import { WorkspaceMcp } from './mcp/workspace-mcp';
import { modalApproval } from './run/approval';
import { FlowRuns } from './run/flow-runs';
import { registerRunCommands } from './run/run-commands';
import { registerSecretCommands } from './secrets/secret-commands';
import { SecretStorageStore } from './secrets/secret-storage-store';
import { WalkthroughProgress } from './walkthrough/walkthrough-progress';

/** What activate returns: the services, for other extensions and the extension tests. */
export interface FlowStudioApi {
  readonly output: vscode.LogOutputChannel;
  readonly editors: FlowEditorProvider;
  readonly diagnostics: FlowDiagnostics;
  readonly runs: FlowRuns;
  readonly secrets: SecretStorageStore;
  readonly mcp: WorkspaceMcp;
  readonly assistantServers: AssistantServers;
  readonly oauthCallbacks: OAuthCallbacks;
  readonly serversView: McpServersView;
  readonly walkthrough: WalkthroughProgress;
  /** Milliseconds activate took, as measured inside it. */
  readonly activationMs: number;
}

/** The services whose shutdown is asynchronous (runs ending, then MCP servers closing): deactivate awaits it. */
let lifetime: DisposableStore | undefined;

export function activate(context: vscode.ExtensionContext): FlowStudioApi {
  const started = performance.now();
  const output = vscode.window.createOutputChannel('FlowStudio', { log: true });
  const secrets = new SecretStorageStore(context.secrets, context.globalState);
  const oauthCallbacks = new OAuthCallbacks();
  let oauth: ReturnType<typeof editorOAuthOptions> | undefined;
  const mcp = new WorkspaceMcp(
    context.secrets,
    output,
    () => (oauth ??= editorOAuthOptions(context, oauthCallbacks)),
    context.workspaceState,
  );
  const documents = new OpenFlowDocuments();
  const diagnostics = new FlowDiagnostics({ secrets, mcp }, documents);
  const runs = new FlowRuns({ diagnostics, mcp, secrets, output, approval: modalApproval });
  lifetime = new DisposableStore();
  // Disposed last first: runs end before the servers they use close.
  lifetime.add(mcp);
  lifetime.add(runs);
  const { provider: editors, registration } = FlowEditorProvider.register({
    extensionUri: context.extensionUri,
    diagnostics,
    documents,
    runs,
    output,
    mcp,
    secrets,
  });
  const serversView = new McpServersView(mcp);
  const walkthrough = new WalkthroughProgress(documents, runs);
  const assistantServers = new AssistantServers(context.extensionUri);
  assistantServers.register();

  context.subscriptions.push(
    output,
    secrets,
    documents,
    diagnostics,
    lifetime,
    registration,
    serversView,
    walkthrough,
    vscode.window.registerTreeDataProvider('flowstudio.mcpServers', serversView),
    vscode.window.registerUriHandler(oauthCallbacks),
    assistantServers,
    ...registerFlowCommands(editors, output),
    ...registerRunCommands(runs, editors, output),
    ...registerSecretCommands(secrets),
    ...registerMcpCommands(mcp, serversView, (document) => diagnostics.current(document)?.problems),
    ...registerAssistantCommands(assistantServers),
  );
  const activationMs = performance.now() - started;
  output.info(
    `FlowStudio ${context.extension.packageJSON.version as string} activated in ${activationMs.toFixed(1)} ms; flows offered to assistants via ${assistantServers.registration}`,
  );
  return { output, editors, diagnostics, runs, secrets, mcp, assistantServers, oauthCallbacks, serversView, walkthrough, activationMs };
}

export async function deactivate(): Promise<void> {
  // The rest is disposed through context.subscriptions.
  await lifetime?.dispose();
  lifetime = undefined;
}
