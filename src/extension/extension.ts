// Extension entry point: builds the host services (secrets, MCP servers, diagnostics, runs), the
// custom editor, the MCP Servers view and the commands, and offers the flows to the AI assistant.
import * as vscode from 'vscode';
import { EditorAsking } from './ask/editor-asking';
import { registerFlowCommands } from './commands/flow-commands';
import { registerCopyAsCodeCommand } from './commands/copy-as-code';
import { registerImportCommand } from './commands/import-command';
import { FlowDiagnostics } from './diagnostics/flow-diagnostics';
import { FlowEditorProvider } from './editor/flow-editor-provider';
import { MissingFlowFiles } from './editor/missing-flow-files';
import { PanelLayoutMemory } from './editor/panel-layout';
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
import { FlowTests } from './testing/flow-tests';
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
  readonly tests: FlowTests;
  /** Who answers runs' questions (input.ask, MCP elicitation) and servers' sampling requests. */
  readonly asking: EditorAsking;
  readonly walkthrough: WalkthroughProgress;
  /** Opens a flow file that does not exist yet as a new, untitled flow at its path. */
  readonly missingFlowFiles: MissingFlowFiles;
  /** Milliseconds activate took, as measured inside it. */
  readonly activationMs: number;
}

/** The services, disposed last made first (runs end before the MCP servers they use close): deactivate awaits it. */
let lifetime: DisposableStore | undefined;

export function activate(context: vscode.ExtensionContext): FlowStudioApi {
  const started = performance.now();
  const services = (lifetime = new DisposableStore());
  const output = services.add(vscode.window.createOutputChannel('FlowStudio', { log: true }));
  const secrets = services.add(new SecretStorageStore(context.secrets, context.globalState));
  const oauthCallbacks = new OAuthCallbacks();
  let oauth: ReturnType<typeof editorOAuthOptions> | undefined;
  const mcp = services.add(
    new WorkspaceMcp(
      context.secrets,
      output,
      () => (oauth ??= editorOAuthOptions(context, oauthCallbacks, secrets)),
      context.workspaceState,
    ),
  );
  const documents = services.add(new OpenFlowDocuments());
  const diagnostics = services.add(new FlowDiagnostics({ secrets, mcp }, documents));
  const asking = new EditorAsking(context.workspaceState);
  const runs = services.add(new FlowRuns({ diagnostics, mcp, secrets, output, approval: modalApproval, asking }));
  const { provider: editors, registration } = FlowEditorProvider.register({
    extensionUri: context.extensionUri,
    diagnostics,
    documents,
    runs,
    output,
    mcp,
    secrets,
    panelLayout: new PanelLayoutMemory(context.workspaceState),
  });
  const missingFlowFiles = services.add(new MissingFlowFiles(output));
  const serversView = services.add(new McpServersView(mcp));
  const assistantServers = services.add(new AssistantServers(context.extensionUri));
  const tests = services.add(new FlowTests({ runs, mcp, secrets, output }));
  const walkthrough = services.add(new WalkthroughProgress(documents, runs));
  assistantServers.offerToAssistants();

  context.subscriptions.push(
    // Also here in case the host disposes the subscriptions without calling deactivate; disposed once either way.
    services,
    registration,
    vscode.window.registerTreeDataProvider('flowstudio.mcpServers', serversView),
    vscode.window.registerUriHandler(oauthCallbacks),
    ...registerFlowCommands(editors, output),
    registerCopyAsCodeCommand(editors, documents),
    registerImportCommand(output),
    ...registerRunCommands(runs, editors, output),
    ...registerSecretCommands(secrets),
    ...registerMcpCommands(mcp, serversView, (document) => diagnostics.current(document)?.problems),
    ...registerAssistantCommands(assistantServers),
  );
  const activationMs = performance.now() - started;
  output.info(
    `FlowStudio ${context.extension.packageJSON.version as string} activated in ${activationMs.toFixed(1)} ms; ` +
      `flows offered to assistants via ${assistantServers.registration}`,
  );
  return {
    output,
    editors,
    diagnostics,
    runs,
    secrets,
    mcp,
    assistantServers,
    oauthCallbacks,
    serversView,
    tests,
    asking,
    walkthrough,
    missingFlowFiles,
    activationMs,
  };
}

export async function deactivate(): Promise<void> {
  // Registrations (commands, the editor, views) go with context.subscriptions after this.
  await lifetime?.dispose();
  lifetime = undefined;
}
