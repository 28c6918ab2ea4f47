// A sticky note: free text on the canvas, saved in the flow's `notes`. Typing stays local until the
// text box loses focus, then it is one setNoteText edit (one undo step), not one per keystroke.
import type { NodeProps } from '@xyflow/react';
import { memo, useEffect, useState } from 'react';
import { useEditorContext } from '../store/editor-context';
import type { NoteNode } from './flow-to-canvas';

function NoteCardView({ data, selected }: NodeProps<NoteNode>) {
  const { store } = useEditorContext();
  const [draft, setDraft] = useState(data.text);
  useEffect(() => {
    setDraft(data.text);
  }, [data.text]);
  return (
    <div className={`sticky-note${selected ? ' selected' : ''}`} data-note-id={data.noteId}>
      <textarea
        // nodrag/nowheel: React Flow leaves pointer and wheel events inside the text box to it.
        className="nodrag nowheel"
        aria-label={`Note ${data.noteId}`}
        placeholder="Note…"
        value={draft}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={() => {
          if (draft !== data.text) void store.getState().edit([{ type: 'setNoteText', noteId: data.noteId, text: draft }]);
        }}
      />
    </div>
  );
}

export const NoteCard = memo(NoteCardView);
