// The main params of a selected node, editable on its card: compact native fields (a 1,000-node flow
// mounts them only for the selected nodes) that send what is typed like the inspector does.
import { memo, useMemo } from 'react';
import type { ComponentView } from '../../protocol/messages';
import type { FlowNode } from '../../engine/flow/schema';
import { paramFields, type ParamField } from '../inspector/param-fields';
import { useTypedField } from '../inspector/use-typed-field';
import { useEditor, useEditorContext } from '../store/editor-context';
import { mainParamFields } from './main-params';
import './node-fields.css';

function NodeField({ node, field, title, isReadOnly }: { node: FlowNode; field: ParamField; title: string; isReadOnly: boolean }) {
  const { store } = useEditorContext();
  const typed = useTypedField(node.id, field, node.params?.[field.name], {
    draft: (value) => store.getState().draftParam(node.id, field.name, value),
    flush: () => store.getState().flushEdits(),
  });
  const inputId = `node-field-${node.id}-${field.name}`;
  const common = {
    id: inputId,
    // nodrag/nowheel: React Flow leaves pointer and wheel events in the field to it (select text, scroll).
    className: `node-field-input nodrag nowheel${typed.problem ? ' invalid' : ''}`,
    value: typed.text,
    disabled: isReadOnly,
    spellCheck: false,
    'aria-invalid': typed.problem !== undefined,
    'aria-label': `${field.name} of ${title}`,
    placeholder: field.defaultValue !== undefined ? String(field.defaultValue) : field.kind === 'json' ? '{ }' : field.name,
    onFocus: typed.onFocus,
    onBlur: typed.onBlur,
  };
  const isLong = field.kind === 'multiline' || field.kind === 'json';
  return (
    <div className="node-field" data-param={field.name}>
      <label className="node-field-label" htmlFor={inputId} title={field.description}>
        {field.name}
      </label>
      {isLong ? (
        <textarea {...common} rows={field.kind === 'json' ? 3 : 2} onChange={(e) => typed.onInput(e.target.value)} />
      ) : (
        <input
          {...common}
          type={field.kind === 'number' || field.kind === 'integer' ? 'number' : 'text'}
          onChange={(e) => typed.onInput(e.target.value)}
          onKeyDown={(e) => e.key === 'Enter' && store.getState().flushEdits()}
        />
      )}
      {typed.problem ? (
        <div className="node-field-problem" role="alert">
          {typed.problem}
        </div>
      ) : null}
    </div>
  );
}

function NodeFieldsView({ node, component }: { node: FlowNode; component: ComponentView }) {
  // Read here, not by every card: only selected cards mount these fields.
  const isReadOnly = useEditor((s) => s.readOnlyReason !== undefined);
  const fields = useMemo(() => mainParamFields(paramFields(component.paramsSchema)), [component]);
  if (fields.length === 0) return null;
  return (
    <div className="node-fields">
      {fields.map((field) => (
        <NodeField key={field.name} node={node} field={field} title={node.label ?? component.title} isReadOnly={isReadOnly} />
      ))}
    </div>
  );
}

export const NodeFields = memo(NodeFieldsView);
