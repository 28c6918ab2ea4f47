// One param's control, chosen from its JSON Schema: text, multi-line text, number, enum, boolean or
// JSON, with inline validation and, for key/token fields, a picker of secret names that writes a
// {{secret:NAME}} reference (the webview never sees a secret's value).
import VscodeCheckbox from '@vscode-elements/react-elements/dist/components/VscodeCheckbox.js';
import VscodeOption from '@vscode-elements/react-elements/dist/components/VscodeOption.js';
import VscodeSingleSelect from '@vscode-elements/react-elements/dist/components/VscodeSingleSelect.js';
import VscodeTextarea from '@vscode-elements/react-elements/dist/components/VscodeTextarea.js';
import VscodeTextfield from '@vscode-elements/react-elements/dist/components/VscodeTextfield.js';
import { secretReference, type ParamField } from './param-fields';
import { useTypedField, type TypedFieldSink } from './use-typed-field';

export interface ParamEditorProps {
  nodeId: string;
  field: ParamField;
  value: unknown;
  secretNames: readonly string[];
  /** A problem validation reported for this param. */
  hostProblem: string | undefined;
  isReadOnly: boolean;
  /** Sets the value at once (a choice from a list, a checkbox). */
  commit(value: unknown): void;
  /** Where typed text goes: drafted while typing, flushed when the field is left. */
  typing: TypedFieldSink;
}

export function ParamEditor({ nodeId, field, value, secretNames, hostProblem, isReadOnly, commit, typing }: ParamEditorProps) {
  const typed = useTypedField(nodeId, field, value, typing);
  const problem = typed.problem ?? hostProblem;
  const inputId = `param-${nodeId}-${field.name}`;
  const label = (
    <label className="param-label" htmlFor={inputId} title={field.description}>
      {field.name}
      {field.required ? <span className="required"> *</span> : null}
    </label>
  );

  let control;
  switch (field.kind) {
    case 'boolean':
      control = (
        <VscodeCheckbox
          id={inputId}
          checked={value === true}
          disabled={isReadOnly}
          onChange={(e) => commit((e.target as HTMLInputElement).checked)}
        >
          {field.description ?? field.name}
        </VscodeCheckbox>
      );
      break;
    case 'enum':
      control = (
        <VscodeSingleSelect
          id={inputId}
          value={typeof value === 'string' ? value : ''}
          disabled={isReadOnly}
          onChange={(e) => {
            const chosen = (e.target as HTMLSelectElement).value;
            if (chosen !== (typeof value === 'string' ? value : '')) commit(chosen === '' ? undefined : chosen);
          }}
        >
          {!field.required ? (
            <VscodeOption value="">(default{field.defaultValue !== undefined ? `: ${String(field.defaultValue)}` : ''})</VscodeOption>
          ) : null}
          {field.options?.map((o) => (
            <VscodeOption key={o} value={o}>
              {o}
            </VscodeOption>
          ))}
        </VscodeSingleSelect>
      );
      break;
    case 'multiline':
    case 'json':
      control = (
        <VscodeTextarea
          id={inputId}
          className={field.kind === 'json' ? 'json-input' : undefined}
          rows={field.kind === 'json' ? 4 : 3}
          value={typed.text}
          disabled={isReadOnly}
          placeholder={field.kind === 'json' ? 'JSON' : field.defaultValue !== undefined ? String(field.defaultValue) : ''}
          invalid={problem !== undefined}
          onFocus={typed.onFocus}
          onInput={(e) => typed.onInput((e.target as HTMLTextAreaElement).value)}
          onBlur={typed.onBlur}
        />
      );
      break;
    default:
      control = (
        <VscodeTextfield
          id={inputId}
          type={field.kind === 'number' || field.kind === 'integer' ? 'number' : 'text'}
          value={typed.text}
          disabled={isReadOnly}
          placeholder={field.defaultValue !== undefined ? String(field.defaultValue) : ''}
          invalid={problem !== undefined}
          onFocus={typed.onFocus}
          onInput={(e) => typed.onInput((e.target as HTMLInputElement).value)}
          onBlur={typed.onBlur}
          onKeyDown={(e) => e.key === 'Enter' && typing.flush()}
        />
      );
  }

  return (
    <div className="param" data-param={field.name}>
      {field.kind === 'boolean' ? null : label}
      {control}
      {field.isSecretCandidate ? (
        <div className="secret-picker">
          <VscodeSingleSelect
            aria-label={`Use a secret for ${field.name}`}
            value=""
            disabled={isReadOnly}
            onChange={(e) => {
              const name = (e.target as HTMLSelectElement).value;
              if (name) commit(secretReference(name));
            }}
          >
            <VscodeOption value="">{secretNames.length ? 'Use a secret…' : 'No secrets set (FlowStudio: Set Secret…)'}</VscodeOption>
            {secretNames.map((name) => (
              <VscodeOption key={name} value={name}>
                {name}
              </VscodeOption>
            ))}
          </VscodeSingleSelect>
        </div>
      ) : null}
      {field.description && field.kind !== 'boolean' ? <div className="param-help">{field.description}</div> : null}
      {problem ? (
        <div className="param-problem" role="alert">
          {problem}
        </div>
      ) : null}
    </div>
  );
}
