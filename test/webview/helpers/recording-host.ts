// The host side of the editor store's tests: a recording stand-in for VS Code's webview API that
// checks every post is a valid protocol message, answers requests as the extension would and hands
// host messages to the store, plus a store opened on a flow the way the host opens one.
import * as assert from 'node:assert/strict';
import { createCoreRegistry, parseFlow, type Flow } from '../../../src/engine';
import { buildCatalog } from '../../../src/extension/editor/flow-catalog';
import { parseMessage, webviewToHostSchema, type HostToWebview, type WebviewToHost } from '../../../src/protocol/messages';
import { HostConnection, type VsCodeApi } from '../../../src/webview/host/host-connection';
import { createEditorStore, type EditorStore } from '../../../src/webview/store/editor-store';

/** A three-node flow: a text input feeding a template, and an output. */
export const greetFlow: Flow = {
  version: 1,
  name: 'greet',
  nodes: [
    { id: 'who', type: 'input.text', position: { x: 0, y: 0 }, params: { name: 'person' } },
    { id: 'tpl', type: 'text.template', position: { x: 240, y: 0 }, params: { template: 'Hello, {{name}}!' } },
    { id: 'out', type: 'output.text', position: { x: 480, y: 0 }, params: { name: 'greeting' } },
  ],
  edges: [{ id: 'e1', source: 'who', sourceHandle: 'text', target: 'tpl', targetHandle: 'name' }],
};
export const greetText = JSON.stringify(greetFlow);

export class RecordingApi implements VsCodeApi {
  readonly posted: WebviewToHost[] = [];
  state: unknown;
  /** Answers each request as the host would: ok, or the given error. */
  answer: (message: WebviewToHost) => string | undefined = () => undefined;
  deliver: (message: HostToWebview) => void = () => {};
  postMessage(message: WebviewToHost): void {
    const parsed = parseMessage(webviewToHostSchema, message);
    assert.ok(parsed.ok, parsed.ok ? '' : parsed.error);
    this.posted.push(message);
    if ('requestId' in message) {
      const error = this.answer(message);
      queueMicrotask(() =>
        this.deliver({ type: 'response', requestId: message.requestId, ok: error === undefined, ...(error ? { error } : {}) }),
      );
    }
  }
  getState(): unknown {
    return this.state;
  }
  setState(state: unknown): void {
    this.state = state;
  }
  edits() {
    return this.posted.flatMap((m) => (m.type === 'edit' ? m.edits : []));
  }
}

export interface OpenStore {
  store: EditorStore;
  api: RecordingApi;
  /** The store's connection to the host (the page disposes it when it goes away). */
  host: HostConnection;
  /** Sends a new version of the document and its catalog, as the host does after a change. */
  show(text: string, version: number): void;
}

/** A store whose host answers through `api`, showing `text` (version 1) with its catalog. */
export function openStore(text: string, file: string, options: { api?: RecordingApi; secretNames?: string[] } = {}): OpenStore {
  const api = options.api ?? new RecordingApi();
  const host = new HostConnection(api);
  const store = createEditorStore(host);
  api.deliver = (m) => store.getState().receive(m);
  const show = (shown: string, version: number) => {
    const flow = parseFlow(shown, file);
    store.getState().receive({ type: 'document', version, flow, problems: [] });
    store.getState().receive(buildCatalog(flow, version, { registry: createCoreRegistry(), file, secretNames: options.secretNames ?? [] }));
  };
  show(text, 1);
  return { store, api, host, show };
}
