// Workspace trust: in an untrusted workspace flows open and validate, but nothing runs and no MCP
// server starts. Every place that would run something asks here first.
import * as vscode from 'vscode';

export function untrustedReason(): string | undefined {
  return vscode.workspace.isTrusted
    ? undefined
    : 'FlowStudio runs nothing in an untrusted workspace (no flow runs, no MCP server starts). ' +
        'Trust the workspace (Workspaces: Manage Workspace Trust) to run flows.';
}
