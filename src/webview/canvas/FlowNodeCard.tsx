// One node on the canvas: icon, title (its label, else its component's title), its id, a params
// summary (when selected, its main params to edit in place), its typed ports as handles, live run
// state with duration, breakpoint marker and the first problem validation found on it.
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo, useMemo } from 'react';
import type { PortView } from '../../protocol/messages';
import { paramsSummary } from '../inspector/param-fields';
import { NodeResults } from '../run/MediaPreview';
import type { NodeRunState } from '../run/run-state';
import { useEditor } from '../store/editor-context';
import type { CanvasNode } from './flow-to-canvas';
import { nodeDecorationSelector } from './node-decoration';
import { NodeFields } from './NodeFields';

const stateIcons: Record<NodeRunState, string> = {
  waiting: 'circle-large-outline',
  running: 'loading codicon-modifier-spin',
  done: 'pass-filled',
  skipped: 'circle-slash',
  error: 'error',
  paused: 'debug-pause',
};

export function formatDuration(ms: number | undefined): string {
  if (ms === undefined) return '';
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

function PortRow({ port, side }: { port: PortView; side: 'input' | 'output' }) {
  const title =
    `${port.name}: ${port.type}${port.many ? ' (many)' : ''}${port.required ? ' (required)' : ''}` +
    (port.description ? ` — ${port.description}` : '');
  return (
    <div className={`port-row port-${side}`} title={title}>
      <Handle
        type={side === 'input' ? 'target' : 'source'}
        position={side === 'input' ? Position.Left : Position.Right}
        id={port.name}
        className={`port-handle port-type-${port.type}${port.many ? ' port-many' : ''}`}
        aria-label={`${side} ${port.name} (${port.type})`}
      />
      <span className="port-name">{port.name}</span>
      {/* A port named after its type says it once ("text", not "text text"); the handle's colour and shape show the type too. */}
      {port.type !== port.name ? <span className="port-type">{port.type}</span> : null}
    </div>
  );
}

function FlowNodeCardView({ id, data, selected }: NodeProps<CanvasNode>) {
  const node = data.flowNode;
  const decoration = useMemo(() => nodeDecorationSelector(id, node.type), [id, node.type]);
  const { component, ports, run, problem, hasBreakpoint } = useEditor(decoration);
  const title = node.label ?? component?.title ?? node.type;
  const classes = [
    'flow-node',
    selected ? 'selected' : '',
    run ? `state-${run.state}` : '',
    problem ? `has-${problem.severity}` : '',
    component ? '' : 'unknown-type',
  ];
  return (
    <div className={classes.filter(Boolean).join(' ')} data-node-id={id} data-run-state={run?.state}>
      <div className="flow-node-header">
        {hasBreakpoint ? (
          <span className="breakpoint" title="Breakpoint: a debug run pauses before this node" aria-label="breakpoint" />
        ) : null}
        <span className={`codicon codicon-${component?.icon ?? 'symbol-misc'}`} aria-hidden="true" />
        <span className="flow-node-title" title={title}>
          {title}
        </span>
        {run ? (
          <span className={`run-badge run-${run.state}`} title={run.error ?? run.skipReason ?? run.state}>
            <span className={`codicon codicon-${stateIcons[run.state]}`} aria-hidden="true" />
            {run.state}
            {run.durationMs !== undefined ? ` · ${formatDuration(run.durationMs)}` : ''}
          </span>
        ) : null}
      </div>
      <div className="flow-node-type">
        <span className="flow-node-id">{id}</span>
        {component ? (node.label ? ` · ${component.title}` : '') : ` · unknown type ${node.type}`}
      </div>
      {selected && component ? (
        <NodeFields node={node} component={component} />
      ) : node.params ? (
        <div className="flow-node-params">{paramsSummary(node.params)}</div>
      ) : null}
      <div className="flow-node-ports">
        <div className="ports-in">
          {ports?.inputs.map((p) => (
            <PortRow key={p.name} port={p} side="input" />
          ))}
        </div>
        <div className="ports-out">
          {ports?.outputs.map((p) => (
            <PortRow key={p.name} port={p} side="output" />
          ))}
        </div>
      </div>
      {run?.outputs && run.state === 'done' ? <NodeResults outputs={run.outputs} /> : null}
      {run?.tokens && run.state === 'running' ? <div className="flow-node-tokens">{run.tokens.slice(-160)}</div> : null}
      {run?.progress && run.state === 'running' ? <div className="flow-node-progress">{run.progress.slice(0, 160)}</div> : null}
      {problem ? <div className={`flow-node-problem ${problem.severity}`}>{problem.message}</div> : null}
    </div>
  );
}

export const FlowNodeCard = memo(FlowNodeCardView);
