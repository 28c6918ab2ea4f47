// The side panels' collapse controls: a header with a button that hides the panel, and the narrow
// rail a hidden panel leaves behind, whose button (or the rail itself) brings it back. Plain buttons,
// so Tab reaches them and Enter or Space presses them.

export interface PanelHeaderProps {
  title: string;
  /** Which edge of the editor the panel sits on: its button points that way. */
  side: 'left' | 'right';
  label: string;
  collapse(): void;
}

export function CollapseButton({ side, label, collapse }: Omit<PanelHeaderProps, 'title'>) {
  return (
    <button type="button" className="icon-button panel-collapse" title={label} aria-label={label} onClick={collapse}>
      <span className={`codicon codicon-chevron-${side}`} aria-hidden="true" />
    </button>
  );
}

export function PanelHeader({ title, ...button }: PanelHeaderProps) {
  return (
    <div className="panel-header">
      <span className="panel-header-title">{title}</span>
      <CollapseButton {...button} />
    </div>
  );
}

export interface CollapsedPanelProps {
  side: 'left' | 'right';
  label: string;
  icon: string;
  expand(): void;
}

export function CollapsedPanel({ side, label, icon, expand }: CollapsedPanelProps) {
  return (
    <div className={`collapsed-panel collapsed-${side}`}>
      <button type="button" className="icon-button panel-expand" title={label} aria-label={label} aria-expanded="false" onClick={expand}>
        <span className={`codicon codicon-chevron-${side === 'left' ? 'right' : 'left'}`} aria-hidden="true" />
        <span className={`codicon codicon-${icon}`} aria-hidden="true" />
      </button>
    </div>
  );
}
