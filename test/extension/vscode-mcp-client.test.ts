// VS Code's own MCP client runs the workspace's flows: the server FlowStudio's definition provider
// offers is started by VS Code itself (not by FlowStudio), its flows appear in vscode.lm.tools, and
// vscode.lm.invokeTool runs one through VS Code's MCP client and returns the flow's output.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { flowStudio } from './helpers/vscode-waits';

// VS Code names a provider's server `<extension id, lower case>/<definition label>` (ExtHostMcp), and
// the single-folder label is the one AssistantServers gives.
const serverId = 'flowstudio.flowstudio/FlowStudio flows';

function greetTool(): vscode.LanguageModelToolInformation | undefined {
  // An MCP tool's name is prefixed by VS Code (`mcp_<server>_<tool>`); the flow's tool name is `greet`.
  return vscode.lm.tools.find((tool) => /(^|_)greet$/.test(tool.name));
}

/**
 * The tool once VS Code lists it. The typed API (engines.vscode 1.95) has no tools-changed event,
 * so the list is read again every 100 ms until the deadline.
 */
async function greetToolWithin(ms: number): Promise<vscode.LanguageModelToolInformation> {
  const deadline = Date.now() + ms;
  for (;;) {
    const tool = greetTool();
    if (tool) return tool;
    if (Date.now() > deadline)
      throw new Error(`after ${ms} ms vscode.lm.tools lacks the greet flow; it has: ${vscode.lm.tools.map((t) => t.name).join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function textOf(result: vscode.LanguageModelToolResult): string {
  return result.content
    .map((part) => (part instanceof vscode.LanguageModelTextPart ? part.value : ''))
    .join('')
    .trim();
}

describe("VS Code's own MCP client", function () {
  this.timeout(180_000);

  it('starts the flows server from our provider, lists the flows in vscode.lm.tools and runs one with invokeTool', async () => {
    const api = await flowStudio();
    assert.equal(api.assistantServers.registration, 'vscode.lm', 'FlowStudio offered its flows through vscode.lm');
    assert.equal(greetTool(), undefined, 'no flow is a tool before VS Code starts the server');

    // What the "Start Server" action of the MCP server list runs; VS Code spawns the provider's command.
    await vscode.commands.executeCommand('workbench.mcp.startServer', serverId, { waitForLiveTools: true });
    const tool = await greetToolWithin(60_000);
    assert.match(tool.description, /Greets a person by name/);
    assert.deepEqual((tool.inputSchema as { required?: string[] }).required, ['person']);

    const result = await vscode.lm.invokeTool(tool.name, { input: { person: 'Ada' }, toolInvocationToken: undefined });
    assert.match(textOf(result), /Hello, Ada!/);
  });
});
