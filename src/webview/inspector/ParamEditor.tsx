// One param's control, chosen from its JSON Schema: text, multi-line text, number, enum, boolean or
// JSON, with inline validation and, for key/token fields, a picker of secret names that writes a
// {{secret:NAME}} reference (the webview never sees a secret's value).
import VscodeCheckbox from '@vscode-elements/react-elements/dist/components/VscodeCheckbox.js';
import VscodeOption from '@vscode-elements/react-elements/dist/components/VscodeOption.js';
import VscodeSingleSelect from '@vscode-elements/react-elements/dist/components/VscodeSingleSelect.js';
import VscodeTextarea from '@vscode-elements/react-elements/dist/components/VscodeTextarea.js';
import VscodeTextfield from '@vscode-elements/react-elements/dist/components/VscodeTextfield.js';
import { useEffect, useState } from 'react';
import { fieldCommit, fieldText, secretReference, type ParamField } from './param-fields';

export interface ParamEditorProps {
  nodeId: string;
  field: ParamField;
  value: unknown;
  secretNames: readonly string[];
  /** A problem validation reported for this param. */
  hostProblem: string | undefined;
  isReadOnly: boolean;
  commit(value: unknown): void;
}

export function ParamEditor({ nodeId, field, value, secretNames, hostProblem, isReadOnly, commit }: ParamEditorProps) {
  const [draft, setDraft] = useState(() => fieldText(field, value));
  const [localProblem, setLocalProblem] = useState<string | undefined>();
  // The document changed (undo, another editor): show its value. Keyed by content, not identity:
  // every document change brings a new catalog with new field and value objects, and a draft being
  // typed must survive an edit elsewhere that leaves this param as it was.
  const shownText = fieldText(field, value);
  useEffect(() => {
    setDraft(shownText);
    setLocalProblem(undefined);
  }, [shownText, field.kind, field.name, nodeId]);

  const commitText = (text: string) => {
    const outcome = fieldCommit(field, text, value);
    setLocalProblem(outcome.problem);
    if (outcome.changed) commit(outcome.changed.value);
  };
  const problem = localProblem ?? hostProblem;
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
          onChange={(e) => commitText((e.target as HTMLSelectElement).value)}
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
          value={draft}
          disabled={isReadOnly}
          placeholder={field.kind === 'json' ? 'JSON' : field.defaultValue !== undefined ? String(field.defaultValue) : ''}
          invalid={problem !== undefined}
          onInput={(e) => setDraft((e.target as HTMLTextAreaElement).value)}
          onChange={(e) => commitText((e.target as HTMLTextAreaElement).value)}
        />
      );
      break;
    default:
      control = (
        <VscodeTextfield
          id={inputId}
          type={field.kind === 'number' || field.kind === 'integer' ? 'number' : 'text'}
          value={draft}
          disabled={isReadOnly}
          placeholder={field.defaultValue !== undefined ? String(field.defaultValue) : ''}
          invalid={problem !== undefined}
          onInput={(e) => setDraft((e.target as HTMLInputElement).value)}
          onChange={(e) => commitText((e.target as HTMLInputElement).value)}
          onKeyDown={(e) => e.key === 'Enter' && commitText((e.target as HTMLInputElement).value)}
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
