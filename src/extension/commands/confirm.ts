// A yes/no question before a command changes files or configuration. Commands ask it even when
// another extension or a link invoked them with arguments: arguments choose what, never whether.
import * as vscode from 'vscode';

export type Confirm = (question: { message: string; detail: string; action: string }) => Promise<boolean>;

export const modalConfirm: Confirm = async ({ message, detail, action }) =>
  (await vscode.window.showWarningMessage(message, { modal: true, detail }, action)) === action;
