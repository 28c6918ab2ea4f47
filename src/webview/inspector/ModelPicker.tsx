// The `model` param of a node that names a provider: a combobox (ARIA 1.2 pattern: the input keeps
// focus, arrows move through a listbox of suggestions, Enter picks) that takes any text, since
// providers add models all the time, and suggests what the node's provider offers.
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useEditor } from '../store/editor-context';
import { fieldCommit, fieldText, typedValue, type ParamField } from './param-fields';
import type { TypedFieldSink } from './use-typed-field';
import type { ModelPurpose } from './curated-models';
import { filterModelOptions, modelListKey, modelSuggestions } from './model-suggestions';
import './model-picker.css';

export interface ModelPickerProps {
  nodeId: string;
  field: ParamField;
  value: unknown;
  provider: unknown;
  baseURL: unknown;
  purpose: ModelPurpose;
  hostProblem: string | undefined;
  isReadOnly: boolean;
  commit(value: unknown): void;
  /** Where a model id being typed goes before the field is left: drafted, sent after a pause in typing. */
  typing: TypedFieldSink;
}

export function ModelPicker({
  nodeId,
  field,
  value,
  provider,
  baseURL,
  purpose,
  hostProblem,
  isReadOnly,
  commit,
  typing,
}: ModelPickerProps) {
  const key = modelListKey(provider, baseURL);
  const live = useEditor((s) => (key ? s.modelLists[key] : undefined));
  const listModels = useEditor((s) => s.listModels);
  const [draft, setDraft] = useState(() => fieldText(field, value));
  const [localProblem, setLocalProblem] = useState<string | undefined>();
  const [isOpen, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const listId = useId();
  const hasFocus = useRef(false);

  // The document changed (undo, another editor, a pick): show its value. Not on a new `field` object:
  // every catalog message rebuilds the fields, and that must not undo what is being typed.
  // While the input has focus, the document's answers to its own drafts must not overwrite what is typed since.
  useEffect(() => {
    if (hasFocus.current) return;
    setDraft(fieldText(field, value));
    setLocalProblem(undefined);
  }, [value, nodeId]);
  // A new node or provider (or server) refreshes the suggestions; the value itself is kept.
  useEffect(() => {
    if (key) listModels(nodeId);
  }, [key, nodeId, listModels]);

  const suggestions = modelSuggestions(provider, purpose, live);
  const shown = useMemo(() => filterModelOptions(suggestions.options, draft), [suggestions.options, draft]);
  const isListShown = isOpen && shown.length > 0;

  const commitText = (text: string) => {
    const outcome = fieldCommit(field, text, value);
    setLocalProblem(outcome.problem);
    if (outcome.changed) commit(outcome.changed.value);
  };
  const pick = (id: string) => {
    setDraft(id);
    setOpen(false);
    setActive(-1);
    commitText(id);
  };
  const move = (step: number) => {
    if (!shown.length) return;
    if (!isOpen) {
      setOpen(true);
      setActive(
        Math.max(
          0,
          shown.findIndex((o) => o.id === draft),
        ),
      );
      return;
    }
    setActive((i) => (i + step + shown.length) % shown.length);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    switch (e.key) {
      case 'ArrowDown':
        e.preventDefault();
        move(1);
        break;
      case 'ArrowUp':
        e.preventDefault();
        move(-1);
        break;
      case 'Enter': {
        e.preventDefault();
        const chosen = isListShown ? shown[active] : undefined;
        if (chosen) pick(chosen.id);
        else commitText(draft);
        break;
      }
      case 'Escape':
        if (isListShown) {
          // Closing the list is all Escape does here; the canvas must not also take it.
          e.preventDefault();
          e.stopPropagation();
          setOpen(false);
          setActive(-1);
        }
        break;
    }
  };

  const problem = localProblem ?? hostProblem;
  const inputId = `param-${nodeId}-${field.name}`;
  const optionId = (i: number) => `${listId}-option-${i}`;
  const status = suggestions.isLoading ? 'Listing models…' : suggestions.note;
  return (
    <div className="param model-picker" data-param={field.name}>
      <label className="param-label" htmlFor={inputId} title={field.description}>
        {field.name}
        {field.required ? <span className="required"> *</span> : null}
      </label>
      <div className="model-combobox">
        <input
          id={inputId}
          className={`model-input${problem ? ' invalid' : ''}`}
          type="text"
          role="combobox"
          autoComplete="off"
          spellCheck={false}
          aria-autocomplete="list"
          aria-expanded={isListShown}
          aria-controls={listId}
          aria-activedescendant={isListShown && active >= 0 ? optionId(active) : undefined}
          aria-invalid={problem !== undefined}
          value={draft}
          disabled={isReadOnly}
          placeholder={suggestions.options[0]?.id ?? 'model id'}
          onFocus={() => (hasFocus.current = true)}
          onChange={(e) => {
            setDraft(e.target.value);
            setOpen(true);
            setActive(-1);
            const typed = typedValue(field, e.target.value);
            if ('value' in typed) typing.draft(typed.value);
          }}
          onKeyDown={onKeyDown}
          onBlur={() => {
            hasFocus.current = false;
            setOpen(false);
            setActive(-1);
            commitText(draft);
            typing.flush();
          }}
        />
        <button
          type="button"
          className="model-toggle codicon codicon-chevron-down"
          aria-label={`Show models for ${String(provider)}`}
          tabIndex={-1}
          disabled={isReadOnly || suggestions.options.length === 0}
          // Keeps focus in the input, so the list belongs to it and a blur does not commit midway.
          onMouseDown={(e) => e.preventDefault()}
          onClick={() => {
            setOpen((open) => !open);
            setActive(-1);
            document.getElementById(inputId)?.focus();
          }}
        />
        <ul id={listId} role="listbox" aria-label={`Models for ${String(provider)}`} className="model-options" hidden={!isListShown}>
          {shown.map((option, i) => (
            <li
              key={option.id}
              id={optionId(i)}
              role="option"
              aria-selected={i === active}
              className={`model-option${i === active ? ' active' : ''}`}
              data-model={option.id}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => pick(option.id)}
            >
              <span className="model-option-id">{option.label ?? option.id}</span>
              {option.label || option.detail ? (
                <span className="model-option-detail">
                  {option.label ? [option.id, option.detail].filter(Boolean).join(' · ') : option.detail}
                </span>
              ) : null}
            </li>
          ))}
        </ul>
      </div>
      {status ? (
        <div className="param-help model-status" role="status">
          {status}
        </div>
      ) : null}
      {suggestions.hint ? <div className="param-help">{suggestions.hint}</div> : null}
      {problem ? (
        <div className="param-problem" role="alert">
          {problem}
        </div>
      ) : null}
    </div>
  );
}
