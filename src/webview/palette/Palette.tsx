// The component palette: search across every component, and every tool, resource and prompt of the
// workspace's MCP servers, by name, title, description and category; arrow keys choose, Enter places
// the entry in the middle of the canvas, or drag it there. Servers not connected say why; one
// waiting for consent has a button that asks for it.
import VscodeTextfield from '@vscode-elements/react-elements/dist/components/VscodeTextfield.js';
import type { VscodeTextfield as VscodeTextfieldElement } from '@vscode-elements/elements/dist/vscode-textfield/vscode-textfield.js';
import { forwardRef, useImperativeHandle, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { CollapseButton } from '../layout/SidePanel';
import { useEditor } from '../store/editor-context';
import { flattenGroups, searchPalette } from './component-search';
import { encodePlacement, paletteMime, type Placement } from './palette-drag';
import { componentEntries, mcpEntries } from './palette-entries';
import { PaletteNoticeView } from './PaletteNotice';

export interface PaletteHandle {
  focus(): void;
}

export interface PaletteProps {
  place(placement: Placement): void;
  /** Hides the palette, giving the canvas its room. */
  collapse(): void;
}

/** An element id for an entry key (ids may not hold whitespace). */
function domId(key: string): string {
  return `palette-${key.replace(/\s/g, '_')}`;
}

export const Palette = forwardRef<PaletteHandle, PaletteProps>(function Palette({ place, collapse }, ref) {
  const components = useEditor((s) => s.catalog?.components);
  const mcpCatalog = useEditor((s) => s.mcpCatalog);
  const asking = useEditor((s) => s.askingConsentFor);
  const allowMcpServer = useEditor((s) => s.allowMcpServer);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const search = useRef<VscodeTextfieldElement>(null);
  useImperativeHandle(ref, () => ({ focus: () => search.current?.focus() }), []);
  const entries = useMemo(() => {
    const mcp = mcpEntries(mcpCatalog);
    return { list: [...componentEntries(components ?? []), ...mcp.entries], notices: mcp.notices };
  }, [components, mcpCatalog]);
  const groups = useMemo(() => searchPalette(entries.list, query, entries.notices), [entries, query]);
  const flat = useMemo(() => flattenGroups(groups), [groups]);
  const activeEntry = flat[Math.min(active, flat.length - 1)];
  const activeKey = activeEntry?.key;

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((i) => Math.max(0, Math.min(flat.length - 1, i + step)));
    } else if (event.key === 'Enter' && activeEntry) {
      event.preventDefault();
      place(activeEntry.placement);
    }
  };

  return (
    <aside className="palette" aria-label="Components" onKeyDown={onKeyDown}>
      <div className="palette-header">
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
        <CollapseButton side="left" label="Hide components" collapse={collapse} />
      </div>
      <div className="palette-list" role="listbox" aria-label="Components" aria-activedescendant={activeKey ? domId(activeKey) : undefined}>
        {components === undefined ? <div className="muted">Loading components…</div> : null}
        {components !== undefined && flat.length === 0 ? <div className="muted">No component matches “{query}”.</div> : null}
        {groups.map((group) => (
          <div key={group.category} className="palette-group">
            <div className="palette-category">{group.category}</div>
            {group.notice ? (
              <PaletteNoticeView
                notice={group.notice}
                isAsking={asking.includes(group.notice.consent?.server ?? '')}
                onAllow={(server) => void allowMcpServer(server)}
              />
            ) : null}
            {group.entries.map((entry) => (
              <div
                key={entry.key}
                id={domId(entry.key)}
                role="option"
                aria-selected={entry.key === activeKey}
                className={`palette-item${entry.key === activeKey ? ' active' : ''}`}
                data-component={entry.placement.type}
                data-mcp-name={entry.placement.type.startsWith('mcp.') ? entry.name : undefined}
                title={`${entry.title} (${entry.detail})\n${entry.description}\nEnter or double-click to place; drag onto the canvas.`}
                draggable
                onDragStart={(e) => {
                  e.dataTransfer.setData(paletteMime, encodePlacement(entry.placement));
                  e.dataTransfer.effectAllowed = 'copy';
                }}
                onClick={() => setActive(flat.findIndex((f) => f.key === entry.key))}
                onDoubleClick={() => place(entry.placement)}
              >
                <span className={`codicon codicon-${entry.icon}`} aria-hidden="true" />
                <span className="palette-title">{entry.title}</span>
                <span className="palette-id">{entry.detail}</span>
              </div>
            ))}
          </div>
        ))}
      </div>
    </aside>
  );
});
