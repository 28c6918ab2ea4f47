// The flow editor's panel layout (palette, inspector, minimap open or closed), remembered per
// workspace: a panel closed in one canvas stays closed in the next flow opened there.
import type * as vscode from 'vscode';
import { panelLayoutSchema, type PanelLayout } from '../../protocol/messages';

const key = 'flowstudio.canvasPanels';

export class PanelLayoutMemory {
  constructor(private readonly workspaceState: vscode.Memento) {}

  /** What was remembered; a stored value of another shape (an older version, a hand edit) counts as nothing. */
  get current(): PanelLayout {
    const parsed = panelLayoutSchema.safeParse(this.workspaceState.get<unknown>(key));
    return parsed.success ? parsed.data : {};
  }

  async remember(change: PanelLayout): Promise<void> {
    const next = { ...this.current, ...panelLayoutSchema.parse(change) };
    await this.workspaceState.update(key, next);
  }
}
