// The trace timeline: one row per node that ran, a bar from its start to its end on the run's
// clock, so nodes that ran at the same time show side by side.
import { formatDuration } from '../canvas/FlowNodeCard';
import type { RunView } from './run-state';

export function Timeline({ run }: { run: RunView }) {
  const rows = Object.entries(run.nodes)
    .filter(([, n]) => n.startedAt !== undefined)
    .sort(([, a], [, b]) => (a.startedAt ?? 0) - (b.startedAt ?? 0));
  if (rows.length === 0) return <div className="muted">Run the flow to see when each node ran.</div>;
  // The axis starts at the first node's start: time the run spends before it (checks, connecting MCP
  // servers) would otherwise squeeze every bar to the right.
  const origin = Math.min(...rows.map(([, n]) => n.startedAt ?? 0));
  const now = Math.max(...rows.map(([, n]) => n.endedAt ?? (run.endT !== undefined ? run.endT - run.startT : n.startedAt ?? 0)));
  const span = Math.max(1, now - origin);
  return (
    <div className="timeline" role="list" aria-label="Run timeline">
      {rows.map(([id, n]) => {
        const start = (n.startedAt ?? 0) - origin;
        const end = (n.endedAt ?? now) - origin;
        return (
          <div key={id} className="timeline-row" role="listitem" data-node-id={id}>
            <span className="timeline-label">{id}</span>
            <span className="timeline-track">
              <span
                className={`timeline-bar run-${n.state}`}
                // Positions are computed per run; CSSOM style properties are allowed by the CSP (no inline style attributes in markup).
                style={{ left: `${(start / span) * 100}%`, width: `${Math.max(0.5, ((end - start) / span) * 100)}%` }}
                title={`${id}: ${n.state}, ${formatDuration(n.durationMs ?? end - start)}, starting ${formatDuration(start)} after the first node`}
              />
            </span>
            <span className="timeline-duration">{formatDuration(n.durationMs ?? (n.endedAt !== undefined ? end - start : undefined))}</span>
          </div>
        );
      })}
    </div>
  );
}
