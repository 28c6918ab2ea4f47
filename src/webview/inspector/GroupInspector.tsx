// The inspector for a selected group: its label (one setGroupLabel edit when the field changes), its
// nodes (the ones the flow lacks marked), and Ungroup.
import VscodeButton from '@vscode-elements/react-elements/dist/components/VscodeButton.js';
import VscodeTextfield from '@vscode-elements/react-elements/dist/components/VscodeTextfield.js';
import type { VscodeTextfield as VscodeTextfieldElement } from '@vscode-elements/elements/dist/vscode-textfield/vscode-textfield.js';
import type { Ref } from 'react';
import { isGroup } from '../canvas/group-frames';
import { useEditor, useEditorContext } from '../store/editor-context';

export function GroupInspector({ groupId, labelRef }: { groupId: string; labelRef: Ref<VscodeTextfieldElement> }) {
  const { store } = useEditorContext();
  const frame = useEditor((s) => s.nodes.find((n) => isGroup(n) && n.data.groupId === groupId));
  const isReadOnly = useEditor((s) => s.readOnlyReason !== undefined);
  if (!frame || !isGroup(frame)) return null;
  const { label, memberIds, missingIds } = frame.data;
  return (
    <aside className="inspector" aria-label="Inspector" data-group-id={groupId}>
      <div className="inspector-header">
        <span className="codicon codicon-group-by-ref-type" aria-hidden="true" />
        <strong>Group</strong> <span className="muted">{groupId}</span>
      </div>
      <div className="param-help">A frame around its nodes; drag its label bar to move them together.</div>
      <div className="param">
        <label className="param-label" htmlFor="group-label">
          label
        </label>
        <VscodeTextfield
          id="group-label"
          ref={labelRef}
          value={label ?? ''}
          placeholder={groupId}
          disabled={isReadOnly}
          onChange={(e) => void store.getState().renameGroup(groupId, (e.target as HTMLInputElement).value.trim())}
        />
      </div>
      <section className="inspector-section">
        <h3>Nodes</h3>
        {memberIds.map((id) => (
          <div key={id} className="port-line">
            {id}
          </div>
        ))}
        {missingIds.map((id) => (
          <div key={id} className="problem warning">
            {id}: not in the flow
          </div>
        ))}
      </section>
      <div className="inspector-actions">
        <VscodeButton secondary disabled={isReadOnly} onClick={() => store.getState().ungroupSelection()}>
          Ungroup (Ctrl+Shift+G)
        </VscodeButton>
      </div>
    </aside>
  );
}
