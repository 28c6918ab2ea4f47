// The component palette: search across every component by id, title, description and category;
// arrow keys choose, Enter places the component in the middle of the canvas, or drag it there.
import VscodeTextfield from '@vscode-elements/react-elements/dist/components/VscodeTextfield.js';
import type { VscodeTextfield as VscodeTextfieldElement } from '@vscode-elements/elements/dist/vscode-textfield/vscode-textfield.js';
import { forwardRef, useImperativeHandle, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useEditor } from '../store/editor-context';
import { flattenGroups, searchComponents } from './component-search';
import { paletteMime } from './palette-drag';

export interface PaletteHandle {
  focus(): void;
}

export interface PaletteProps {
  place(type: string): void;
}

export const Palette = forwardRef<PaletteHandle, PaletteProps>(function Palette({ place }, ref) {
  const components = useEditor((s) => s.catalog?.components);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const search = useRef<VscodeTextfieldElement>(null);
  useImperativeHandle(ref, () => ({ focus: () => search.current?.focus() }), []);
  const groups = useMemo(() => searchComponents(components ?? [], query), [components, query]);
  const flat = useMemo(() => flattenGroups(groups), [groups]);
  const activeId = flat[Math.min(active, flat.length - 1)]?.id;

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((i) => Math.max(0, Math.min(flat.length - 1, i + step)));
    } else if (event.key === 'Enter' && activeId) {
      event.preventDefault();
      place(activeId);
    }
  };

  return (
    <aside className="palette" aria-label="Components" onKeyDown={onKeyDown}>
      <VscodeTextfield
        ref={search}
        className="palette-search"
        placeholder="Search components (/)"
        value={query}
        onInput={(e) => {
          setQuery((e.target as HTMLInputElement).value);
          setActive(0);
        }}
      >
        <span slot="content-before" className="codicon codicon-search" />
      </VscodeTextfield>
      <div className="palette-list" role="listbox" aria-label="Components" aria-activedescendant={activeId ? `palette-${activeId}` : undefined}>
        {components === undefined ? <div className="muted">Loading components…</div> : null}
        {components !== undefined && flat.length === 0 ? <div className="muted">No component matches “{query}”.</div> : null}
        {groups.map((group) => (
          <div key={group.category} className="palette-group">
            <div className="palette-category">{group.category}</div>
            {group.components.map((c) => (
              <div
                key={c.id}
                id={`palette-${c.id}`}
                role="option"
                aria-selected={c.id === activeId}
                className={`palette-item${c.id === activeId ? ' active' : ''}`}
                data-component={c.id}
                title={`${c.id}: ${c.description}\nEnter or double-click to place; drag onto the canvas.`}
                draggable
                onDragStart={(e) => {
                  e.dataTransfer.setData(paletteMime, c.id);
                  e.dataTransfer.effectAllowed = 'copy';
                }}
                onClick={() => setActive(flat.findIndex((f) => f.id === c.id))}
                onDoubleClick={() => place(c.id)}
              >
                <span className={`codicon codicon-${c.icon ?? 'symbol-misc'}`} aria-hidden="true" />
                <span className="palette-title">{c.title}</span>
                <span className="palette-id">{c.id}</span>
              </div>
            ))}
          </div>
        ))}
      </div>
    </aside>
  );
});
