// The inspector for the selected node: label and params (a form from the component's params JSON
// Schema), its ports, its problems, the last run's values, and while a debug run is paused before
// it, its inputs to edit before it runs.
import VscodeButton from '@vscode-elements/react-elements/dist/components/VscodeButton.js';
import VscodeTextarea from '@vscode-elements/react-elements/dist/components/VscodeTextarea.js';
import VscodeTextfield from '@vscode-elements/react-elements/dist/components/VscodeTextfield.js';
import type { VscodeTextfield as VscodeTextfieldElement } from '@vscode-elements/elements/dist/vscode-textfield/vscode-textfield.js';
import { forwardRef, useEffect, useImperativeHandle, useMemo, useRef, useState, type RefObject } from 'react';
import { McpDoc } from './McpDoc';
import { useEditor, useEditorContext } from '../store/editor-context';
import { selectedGroupIds, selectedNodeIds } from '../store/editor-store';
import { GroupInspector } from './GroupInspector';
import { ParamEditor } from './ParamEditor';
import { ModelPicker } from './ModelPicker';
import { isModelPickerField, modelPurposeOf } from './model-suggestions';
import { paramFields, type ParamField } from './param-fields';
import { useTypedField, type TypedFieldSink } from './use-typed-field';
import { fieldProblemText, placeProblems } from './problem-fields';
import { useShallow } from 'zustand/react/shallow';

// A selector must return the same value for the same state; a fresh [] each time would re-render forever.
const noSecretNames: readonly string[] = [];

/** `value`, except that while `hold` is true it stays what it was when `hold` became true. */
function useHeldWhile<T>(hold: boolean, value: T): T {
  const held = useRef(value);
  if (!hold) held.current = value;
  return held.current;
}

export interface InspectorHandle {
  focus(): void;
}

function json(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value, null, 2);
}

function PausedInputs({ nodeId, inputs }: { nodeId: string; inputs: Record<string, unknown> }) {
  const { host } = useEditorContext();
  const [text, setText] = useState(() => JSON.stringify(inputs, null, 2));
  const [status, setStatus] = useState<string | undefined>();
  useEffect(() => {
    setText(JSON.stringify(inputs, null, 2));
  }, [inputs]);
  const apply = async () => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      return setStatus(`Not valid JSON: ${(error as Error).message}`);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      return setStatus('Inputs must be a JSON object of port name to value.');
    try {
      const response = await host.request((requestId) => ({
        type: 'editInputs',
        requestId,
        nodeId,
        inputs: parsed as Record<string, unknown>,
      }));
      setStatus(response.ok ? 'Inputs changed; step or resume to run the node with them.' : response.error);
    } catch (error) {
      setStatus((error as Error).message);
    }
  };
  return (
    <section className="inspector-section paused-inputs">
      <h3>Paused before this node — inputs</h3>
      <VscodeTextarea
        className="json-input"
        rows={6}
        value={text}
        onInput={(e) => setText((e.target as HTMLTextAreaElement).value)}
        aria-label="Paused node inputs (JSON)"
      />
      <VscodeButton onClick={() => void apply()}>Apply inputs</VscodeButton>
      {status ? <div className="param-help">{status}</div> : null}
    </section>
  );
}

const labelField: ParamField = { name: 'label', kind: 'text', required: false, isSecretCandidate: false, schema: {} };

function LabelField(props: {
  nodeId: string;
  label: string | undefined;
  placeholder: string;
  isReadOnly: boolean;
  inputRef: RefObject<VscodeTextfieldElement>;
  typing: TypedFieldSink;
}) {
  const typed = useTypedField(props.nodeId, labelField, props.label, props.typing);
  return (
    <VscodeTextfield
      id="node-label"
      ref={props.inputRef}
      value={typed.text}
      placeholder={props.placeholder}
      disabled={props.isReadOnly}
      onFocus={typed.onFocus}
      onInput={(e) => typed.onInput((e.target as HTMLInputElement).value)}
      onBlur={typed.onBlur}
    />
  );
}

export const Inspector = forwardRef<InspectorHandle, { runToHere(nodeId: string): void }>(function Inspector({ runToHere }, ref) {
  const { store } = useEditorContext();
  // A drag selects the node it starts on; the inspector follows on the drop, so filling in its form
  // is not part of the drag's first frame (a quarter of it in the webview bench).
  const isDragging = useEditor((s) => s.nodes.some((n) => n.dragging));
  const selected = useHeldWhile(isDragging, useEditor(useShallow((s) => selectedNodeIds(s))));
  const nodeId = selected.length === 1 ? selected[0] : undefined;
  const groupId = useHeldWhile(
    isDragging,
    useEditor((s) => {
      const groups = selectedGroupIds(s);
      return groups.length === 1 ? groups[0] : undefined;
    }),
  );
  const node = useEditor((s) => (nodeId ? s.flow?.nodes.find((n) => n.id === nodeId) : undefined));
  const component = useEditor((s) => (node ? s.componentsById.get(node.type) : undefined));
  const ports = useEditor((s) => (nodeId ? s.catalog?.nodePorts[nodeId] : undefined));
  const secretNames = useEditor((s) => s.catalog?.secretNames ?? noSecretNames);
  const problems = useEditor(useShallow((s) => s.problems.filter((p) => p.nodeId !== undefined && p.nodeId === nodeId)));
  const runNode = useEditor((s) => (nodeId ? s.run.nodes[nodeId] : undefined));
  const pausedInputs = useEditor((s) => (nodeId && s.run.pausedAt === nodeId ? s.run.pausedInputs : undefined));
  const hasBreakpoint = useEditor((s) => (nodeId ? s.breakpoints.includes(nodeId) : false));
  const isReadOnly = useEditor((s) => s.readOnlyReason !== undefined);
  const fields = useMemo(() => (component ? paramFields(component.paramsSchema) : []), [component]);
  // Each problem shows next to the field its path names; those about no shown field, under Problems.
  const placed = useMemo(() => placeProblems(problems, new Set(['label', ...fields.map((f) => `params.${f.name}`)])), [problems, fields]);
  const first = useRef<VscodeTextfieldElement>(null);
  useImperativeHandle(ref, () => ({ focus: () => first.current?.focus() }), []);

  if (!node || !nodeId) {
    if (groupId !== undefined && selected.length === 0) return <GroupInspector groupId={groupId} labelRef={first} />;
    return (
      <aside className="inspector" aria-label="Inspector">
        <div className="muted">{selected.length > 1 ? `${selected.length} nodes selected.` : 'Select a node to edit its params.'}</div>
      </aside>
    );
  }
  const actions = store.getState();
  const paramProblem = (name: string) => fieldProblemText(placed, `params.${name}`);
  const labelProblem = fieldProblemText(placed, 'label');
  const params = node.params ?? {};
  const typingInto = (name: string) => ({
    draft: (value: unknown) => actions.draftParam(nodeId, name, value),
    flush: () => actions.flushEdits(),
  });
  return (
    <aside className="inspector" aria-label="Inspector" data-node-id={nodeId}>
      <div className="inspector-header">
        <span className={`codicon codicon-${component?.icon ?? 'symbol-misc'}`} aria-hidden="true" />
        <strong>{component?.title ?? node.type}</strong> <span className="muted">{nodeId}</span>
      </div>
      {component ? (
        <div className="param-help">{component.description}</div>
      ) : (
        <div className="param-problem">Unknown component type “{node.type}”.</div>
      )}
      <McpDoc nodeType={node.type} params={node.params} />
      <div className="param">
        <label className="param-label" htmlFor="node-label">
          label
        </label>
        <LabelField
          key={nodeId}
          nodeId={nodeId}
          label={node.label}
          placeholder={component?.title ?? nodeId}
          isReadOnly={isReadOnly}
          inputRef={first}
          typing={{ draft: (label) => actions.draftLabel(nodeId, label as string | undefined), flush: () => actions.flushEdits() }}
        />
        {labelProblem ? (
          <div className="param-problem" role="alert">
            {labelProblem}
          </div>
        ) : null}
      </div>
      {fields.map((field) =>
        isModelPickerField(
          field.name,
          fields.map((f) => f.name),
        ) ? (
          <ModelPicker
            key={`${nodeId}:${field.name}`}
            nodeId={nodeId}
            field={field}
            value={params[field.name]}
            provider={params.provider}
            baseURL={params.baseURL}
            purpose={modelPurposeOf(node.type)}
            hostProblem={paramProblem(field.name)}
            isReadOnly={isReadOnly}
            commit={(value) => void actions.setParam(nodeId, field.name, value)}
            typing={typingInto(field.name)}
          />
        ) : (
          <ParamEditor
            key={`${nodeId}:${field.name}`}
            nodeId={nodeId}
            field={field}
            value={params[field.name]}
            secretNames={secretNames}
            hostProblem={paramProblem(field.name)}
            isReadOnly={isReadOnly}
            commit={(value) => void actions.setParam(nodeId, field.name, value)}
            typing={typingInto(field.name)}
          />
        ),
      )}
      {placed.general.length ? (
        <section className="inspector-section">
          <h3>Problems</h3>
          {placed.general.map((p, i) => (
            <div key={i} className={`problem ${p.severity}`}>
              {p.message}
            </div>
          ))}
        </section>
      ) : null}
      <section className="inspector-section">
        <h3>Ports</h3>
        {ports?.inputs.map((p) => (
          <div key={`in-${p.name}`} className="port-line">
            → {p.name} <span className={`port-chip port-type-${p.type}`}>{p.type}</span>
            {p.required ? ' required' : ''}
            {p.many ? ' many' : ''}
          </div>
        ))}
        {ports?.outputs.map((p) => (
          <div key={`out-${p.name}`} className="port-line">
            {p.name} → <span className={`port-chip port-type-${p.type}`}>{p.type}</span>
          </div>
        ))}
      </section>
      <div className="inspector-actions">
        <VscodeButton secondary onClick={() => actions.toggleBreakpoint(nodeId)}>
          {hasBreakpoint ? 'Remove breakpoint (F9)' : 'Add breakpoint (F9)'}
        </VscodeButton>
        <VscodeButton secondary onClick={() => runToHere(nodeId)}>
          Run to here (Shift+R)
        </VscodeButton>
      </div>
      {pausedInputs ? <PausedInputs nodeId={nodeId} inputs={pausedInputs} /> : null}
      {runNode?.outputs ? (
        <section className="inspector-section">
          <h3>Last run outputs</h3>
          <pre className="value">{json(runNode.outputs)}</pre>
        </section>
      ) : null}
      {runNode?.error ? <div className="param-problem">{runNode.error}</div> : null}
    </aside>
  );
});
