// The workspace's panel layout as the host keeps it: merged change by change, and a stored value of
// another shape (an older version, a hand edit) read as nothing rather than sent to the canvas.
import assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { PanelLayoutMemory } from '../../../src/extension/editor/panel-layout';

/** workspaceState as VS Code gives it: a key-value store, here in memory. */
class MemoryState implements vscode.Memento {
  readonly values = new Map<string, unknown>();
  keys(): readonly string[] {
    return [...this.values.keys()];
  }
  get<T>(key: string, defaultValue?: T): T | undefined {
    return this.values.has(key) ? (this.values.get(key) as T) : defaultValue;
  }
  update(key: string, value: unknown): Thenable<void> {
    this.values.set(key, value);
    return Promise.resolve();
  }
}

describe('panel layout memory', () => {
  it('merges each change into what it remembers for the workspace', async () => {
    const memory = new PanelLayoutMemory(new MemoryState());
    assert.deepEqual(memory.current, {});
    await memory.remember({ isPaletteOpen: false });
    await memory.remember({ isInspectorOpen: false });
    await memory.remember({ isPaletteOpen: true });
    assert.deepEqual(memory.current, { isPaletteOpen: true, isInspectorOpen: false });
  });

  it('reads a stored value of another shape as nothing remembered', () => {
    const state = new MemoryState();
    state.values.set('flowstudio.canvasPanels', { isPaletteOpen: 'no', injected: '<script>' });
    assert.deepEqual(new PanelLayoutMemory(state).current, {});
    state.values.set('flowstudio.canvasPanels', 'closed');
    assert.deepEqual(new PanelLayoutMemory(state).current, {});
  });
});
