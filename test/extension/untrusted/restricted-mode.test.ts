import assert from 'node:assert/strict';
import * as vscode from 'vscode';

describe('FlowStudio in an untrusted workspace', () => {
  it('runs in restricted mode', () => {
    assert.equal(vscode.workspace.isTrusted, false);
  });
});
