// Asks the user before an agent calls a tool its server marks destructive.
import * as vscode from 'vscode';
import type { ApprovalPrompt, ToolApprovalRequest } from '../../engine/llm/run-services';

export const modalApproval: ApprovalPrompt = {
  async approve(request: ToolApprovalRequest): Promise<boolean> {
    const answer = await vscode.window.showWarningMessage(
      `Node "${request.nodeId}" wants to call ${request.tool} on ${request.source}, which the server marks as destructive. Allow this call?`,
      { modal: true, detail: `Arguments: ${JSON.stringify(request.args ?? {}, null, 2).slice(0, 2000)}\n\n${request.reason}` },
      'Allow',
    );
    return answer === 'Allow';
  },
};
