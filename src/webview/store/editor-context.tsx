// Gives components the editor store and the host connection without threading them through props.
import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { HostConnection } from '../host/host-connection';
import type { EditorActions, EditorState, EditorStore } from './editor-store';

export interface EditorContextValue {
  store: EditorStore;
  host: HostConnection;
}

export const EditorContext = createContext<EditorContextValue | null>(null);

export function useEditorContext(): EditorContextValue {
  const value = useContext(EditorContext);
  if (!value) throw new Error('useEditorContext outside <EditorContext.Provider>');
  return value;
}

export function useEditor<T>(selector: (state: EditorState & EditorActions) => T): T {
  return useStore(useEditorContext().store, selector);
}
