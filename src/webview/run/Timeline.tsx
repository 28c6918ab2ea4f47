// The trace timeline: one row per node that ran, a bar from its start to its end on the run's
// clock, so nodes that ran at the same time show side by side. A node that talked to MCP servers
// shows how many messages it exchanged; its bar (a button) opens the list of those messages.
import { useCallback, useState } from 'react';
import { formatDuration } from '../canvas/FlowNodeCard';
import { McpMessageList } from './McpMessageList';
import type { RunView } from './run-state';
import './timeline.css';

export function Timeline({ run }: { run: RunView }) {
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set());
  const toggle = useCallback((id: string) => {
    setExpanded((open) => {
      const next = new Set(open);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  }, []);
  const rows = Object.entries(run.nodes)
    .filter(([, n]) => n.startedAt !== undefined)
    .sort(([, a], [, b]) => (a.startedAt ?? 0) - (b.startedAt ?? 0));
  if (rows.length === 0) return <div className="muted">Run the flow to see when each node ran.</div>;
  // The axis starts at the first node's start: time the run spends before it (checks, connecting MCP
  // servers) would otherwise squeeze every bar to the right.
  const origin = Math.min(...rows.map(([, n]) => n.startedAt ?? 0));
  const now = Math.max(...rows.map(([, n]) => n.endedAt ?? (run.endT !== undefined ? run.endT - run.startT : (n.startedAt ?? 0))));
  const span = Math.max(1, now - origin);
  return (
    <div className="timeline" role="list" aria-label="Run timeline">
      {rows.map(([id, n]) => {
        const start = (n.startedAt ?? 0) - origin;
        const end = (n.endedAt ?? now) - origin;
        const count = n.mcpMessageCount ?? 0;
        const isOpen = count > 0 && expanded.has(id);
        const listId = `timeline-mcp-${id}`;
        const title = `${id}: ${n.state}, ${formatDuration(n.durationMs ?? end - start)}, starting ${formatDuration(start)} after the first node`;
        // Positions are computed per run; CSSOM style properties are allowed by the CSP (no inline style attributes in markup).
        const position = { left: `${(start / span) * 100}%`, width: `${Math.max(0.5, ((end - start) / span) * 100)}%` };
        return (
          <div key={id} className="timeline-item" role="listitem" data-node-id={id}>
            <div className="timeline-row">
              <span className="timeline-label">{id}</span>
              <span className="timeline-track">
                {count > 0 ? (
                  <button
                    type="button"
                    className={`timeline-bar timeline-bar-button run-${n.state}`}
                    style={position}
                    title={`${title}; ${count} MCP message${count === 1 ? '' : 's'} (Enter shows them)`}
                    aria-label={`${id}: ${count} MCP message${count === 1 ? '' : 's'}`}
                    aria-expanded={isOpen}
                    aria-controls={isOpen ? listId : undefined}
                    onClick={() => toggle(id)}
                  />
                ) : (
                  <span className={`timeline-bar run-${n.state}`} style={position} title={title} />
                )}
              </span>
              <span className="timeline-mcp-count" aria-hidden="true" onClick={count > 0 ? () => toggle(id) : undefined}>
                {count > 0 ? `⇄ ${count}` : ''}
              </span>
              <span className="timeline-duration">
                {formatDuration(n.durationMs ?? (n.endedAt !== undefined ? end - start : undefined))}
              </span>
            </div>
            {isOpen ? <McpMessageList id={listId} nodeId={id} node={n} /> : null}
          </div>
        );
      })}
    </div>
  );
}
