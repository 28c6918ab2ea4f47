// A group's frame on the canvas: a labelled box behind its member nodes. The label bar drags the
// frame (and so the members, see group-frames.ts); double-click or F2 renames it in place, and the
// new label is one setGroupLabel edit when Enter is pressed or the box loses focus.
import type { NodeProps } from '@xyflow/react';
import { memo, useState, type KeyboardEvent } from 'react';
import { useEditor, useEditorContext } from '../store/editor-context';
import type { GroupNode } from './flow-to-canvas';

function LabelEditor({ groupId, label }: { groupId: string; label: string }) {
  const { store } = useEditorContext();
  const [draft, setDraft] = useState(label);
  const finish = (target: HTMLElement, isCommitted: boolean) => {
    const state = store.getState();
    state.stopRenamingGroup();
    if (isCommitted && draft !== label) void state.renameGroup(groupId, draft.trim());
    // Back to the canvas, so its keys work again without a click.
    target.closest<HTMLElement>('.canvas')?.focus();
  };
  return (
    <input
      // nodrag: React Flow leaves pointer events inside the text box to it.
      className="group-frame-input nodrag"
      aria-label={`Name of group ${groupId}`}
      autoFocus
      value={draft}
      onFocus={(e) => e.target.select()}
      onChange={(e) => setDraft(e.target.value)}
      onKeyDown={(e: KeyboardEvent<HTMLInputElement>) => {
        if (e.key === 'Enter' || e.key === 'Escape') {
          e.preventDefault();
          finish(e.currentTarget, e.key === 'Enter');
        }
      }}
      onBlur={(e) => {
        if (store.getState().renamingGroupId === groupId) finish(e.currentTarget, true);
      }}
    />
  );
}

function GroupFrameView({ data, selected }: NodeProps<GroupNode>) {
  const { store } = useEditorContext();
  const isRenaming = useEditor((s) => s.renamingGroupId === data.groupId);
  const shown = data.label ?? data.groupId;
  return (
    <div className={`group-frame${selected ? ' selected' : ''}`} data-group-id={data.groupId}>
      <div
        className="group-frame-label"
        title="Drag to move the group; double-click or F2 to rename"
        onDoubleClick={() => store.getState().startRenamingGroup(data.groupId)}
      >
        <span className="codicon codicon-group-by-ref-type" aria-hidden="true" />
        {isRenaming ? (
          <LabelEditor groupId={data.groupId} label={data.label ?? ''} />
        ) : (
          <span className={`group-frame-name${data.label ? '' : ' muted'}`}>{shown}</span>
        )}
        {data.missingIds.length ? (
          <span
            className="group-frame-warning codicon codicon-warning"
            title={`Not in the flow: ${data.missingIds.join(', ')}`}
            aria-label={`${data.missingIds.length} missing node(s)`}
          />
        ) : null}
      </div>
    </div>
  );
}

export const GroupFrame = memo(GroupFrameView);
