// The panel under the canvas: run inputs and results (outputs, streamed tokens, log), the trace
// timeline, the problems list, and the chat playground for chat flows.
import VscodeTextfield from '@vscode-elements/react-elements/dist/components/VscodeTextfield.js';
import { useMemo } from 'react';
import { ChatPanel } from '../chat/ChatPanel';
import { useEditor, useEditorContext } from '../store/editor-context';
import type { SavedView } from '../store/saved-view';
import { chatPorts, flowInputFields } from './flow-inputs';
import { mediaPreviewOf } from './media-preview';
import { MediaPreviewView } from './MediaPreview';
import { Timeline } from './Timeline';

function valueText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value, null, 2);
}

/** A flow output: an image or audio clip previewed, anything else as text. */
function OutputValue({ name, value }: { name: string; value: unknown }) {
  const preview = useMemo(() => mediaPreviewOf(value), [value]);
  return preview ? <MediaPreviewView port={name} preview={preview} /> : <pre className="value">{valueText(value)}</pre>;
}

export interface RunPanelProps {
  inputDrafts: Record<string, string>;
  setInputDraft(name: string, text: string): void;
}

export function RunPanel({ inputDrafts, setInputDraft }: RunPanelProps) {
  const { store } = useEditorContext();
  const tab = useEditor((s) => s.view.panelTab);
  const flow = useEditor((s) => s.flow);
  const run = useEditor((s) => s.run);
  const problems = useEditor((s) => s.problems);
  const inputs = useMemo(() => flowInputFields(flow), [flow]);
  const chat = useMemo(() => chatPorts(flow), [flow]);
  const tabs: { id: SavedView['panelTab']; label: string }[] = [
    { id: 'run', label: 'Run' },
    { id: 'timeline', label: 'Timeline' },
    { id: 'problems', label: `Problems (${problems.length})` },
    ...(chat ? [{ id: 'chat' as const, label: 'Chat' }] : []),
  ];
  const shown = tab === 'chat' && !chat ? 'run' : tab;
  const streaming = Object.entries(run.nodes).filter(([, n]) => n.tokens);

  return (
    <section className="run-panel" aria-label="Run panel">
      <div className="panel-tabs" role="tablist">
        {tabs.map((t) => (
          <button
            key={t.id}
            role="tab"
            aria-selected={shown === t.id}
            className={`panel-tab${shown === t.id ? ' active' : ''}`}
            data-tab={t.id}
            onClick={() => store.getState().setView({ panelTab: t.id })}
          >
            {t.label}
          </button>
        ))}
        <span className="panel-status" data-run-status={run.status}>
          {run.status === 'idle' ? '' : `Run: ${run.status}`}
        </span>
      </div>
      <div className="panel-body" role="tabpanel">
        {shown === 'run' ? (
          <div className="run-view">
            {inputs.length ? (
              <div className="run-inputs">
                {inputs.map((f) => (
                  <label key={f.name} className="run-input">
                    <span>
                      {f.name}
                      {f.isRequired ? ' *' : ''}
                    </span>
                    <VscodeTextfield
                      data-input={f.name}
                      value={inputDrafts[f.name] ?? ''}
                      placeholder={f.defaultValue !== undefined ? valueText(f.defaultValue) : (f.description ?? '')}
                      onInput={(e) => setInputDraft(f.name, (e.target as HTMLInputElement).value)}
                    />
                  </label>
                ))}
              </div>
            ) : null}
            {Object.keys(run.outputs).length ? (
              <div className="run-outputs" aria-label="Outputs">
                {Object.entries(run.outputs).map(([name, value]) => (
                  <div key={name} className="run-output" data-output={name}>
                    <div className="run-output-name">{name}</div>
                    <OutputValue name={name} value={value} />
                  </div>
                ))}
              </div>
            ) : null}
            {run.status === 'running' || run.status === 'paused'
              ? streaming.map(([id, n]) => (
                  <div key={id} className="run-tokens" data-node-id={id}>
                    <div className="run-output-name">{id} (streaming)</div>
                    <pre className="value">{n.tokens}</pre>
                  </div>
                ))
              : null}
            <div className="run-log">
              {run.log.map((line, i) => (
                <div key={i}>{line}</div>
              ))}
              {run.status === 'idle' ? <div className="muted">Run the flow (toolbar ▶) to see its outputs here.</div> : null}
            </div>
          </div>
        ) : null}
        {shown === 'timeline' ? <Timeline run={run} /> : null}
        {shown === 'problems' ? (
          <div className="problems">
            {problems.length === 0 ? <div className="muted">No problems.</div> : null}
            {problems.map((p, i) => (
              <button
                key={i}
                className={`problem ${p.severity}`}
                onClick={() => p.nodeId && store.getState().select([p.nodeId])}
                title={p.line ? `line ${p.line}, column ${p.column ?? 1}` : undefined}
              >
                <span className={`codicon codicon-${p.severity}`} aria-hidden="true" /> {p.message}
              </button>
            ))}
          </div>
        ) : null}
        {shown === 'chat' && chat ? <ChatPanel input={chat.input} output={chat.output} /> : null}
      </div>
    </section>
  );
}
