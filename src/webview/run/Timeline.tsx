// The trace timeline: one row per node that ran, a bar from its start to its end on the run's
// clock, so nodes that ran at the same time show side by side.
import { formatDuration } from '../canvas/FlowNodeCard';
import type { RunView } from './run-state';

export function Timeline({ run }: { run: RunView }) {
  const rows = Object.entries(run.nodes)
    .filter(([, n]) => n.startedAt !== undefined)
    .sort(([, a], [, b]) => (a.startedAt ?? 0) - (b.startedAt ?? 0));
  if (rows.length === 0) return <div className="muted">Run the flow to see when each node ran.</div>;
  const now = run.endT !== undefined ? run.endT - run.startT : Math.max(...rows.map(([, n]) => n.endedAt ?? n.startedAt ?? 0));
  const span = Math.max(1, now);
  return (
    <div className="timeline" role="list" aria-label="Run timeline">
      {rows.map(([id, n]) => {
        const start = n.startedAt ?? 0;
        const end = n.endedAt ?? now;
        return (
          <div key={id} className="timeline-row" role="listitem" data-node-id={id}>
            <span className="timeline-label">{id}</span>
            <span className="timeline-track">
              <span
                className={`timeline-bar run-${n.state}`}
                // Positions are computed per run; CSSOM style properties are allowed by the CSP (no inline style attributes in markup).
                style={{ left: `${(start / span) * 100}%`, width: `${Math.max(0.5, ((end - start) / span) * 100)}%` }}
                title={`${id}: ${n.state}, ${formatDuration(n.durationMs ?? end - start)} from ${formatDuration(start)}`}
              />
            </span>
            <span className="timeline-duration">{formatDuration(n.durationMs ?? (n.endedAt !== undefined ? end - start : undefined))}</span>
          </div>
        );
      })}
    </div>
  );
}
