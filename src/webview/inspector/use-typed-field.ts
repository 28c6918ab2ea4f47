// A text field of a param, in the inspector or on a node card: what is typed goes to the document
// after a short pause (so ports follow a template as it is typed, and a Run uses what is shown), and
// at once when the field loses focus. While the field has focus, the document's answers to its own
// edits do not overwrite what is typed since.
import { useEffect, useRef, useState } from 'react';
import { fieldText, typedValue, type ParamField } from './param-fields';

export interface TypedFieldSink {
  /** A value typed; sent after the typing pause. */
  draft(value: unknown): void;
  /** Sends what waits now. */
  flush(): void;
}

export interface TypedField {
  text: string;
  /** Why the text cannot be sent (shown under the field), if it cannot. */
  problem: string | undefined;
  onFocus(): void;
  onInput(text: string): void;
  onBlur(): void;
}

export function useTypedField(nodeId: string, field: ParamField, value: unknown, sink: TypedFieldSink): TypedField {
  const shownText = fieldText(field, value);
  const [text, setText] = useState(shownText);
  const [problem, setProblem] = useState<string | undefined>();
  const hasFocus = useRef(false);
  // The document changed (undo, another editor): show its value. Keyed by content, not identity:
  // every document change brings new field and value objects, and text being typed must survive an
  // edit elsewhere that leaves this param as it was.
  useEffect(() => {
    if (hasFocus.current) return;
    setText(shownText);
    setProblem(undefined);
  }, [shownText, field.kind, field.name, nodeId]);
  const check = (typed: string) => typedValue(field, typed);
  return {
    text,
    problem,
    onFocus() {
      hasFocus.current = true;
    },
    onInput(typed) {
      setText(typed);
      const outcome = check(typed);
      if ('value' in outcome) {
        setProblem(undefined);
        sink.draft(outcome.value);
      } else if (field.kind !== 'json') {
        // Half-typed JSON is invalid at almost every keystroke; it is judged when the field is left.
        setProblem(outcome.problem);
      }
    },
    onBlur() {
      hasFocus.current = false;
      const outcome = check(text);
      setProblem('problem' in outcome ? outcome.problem : undefined);
      sink.flush();
    },
  };
}
