// The canvas's one store (zustand). It holds what the host last sent (document, problems, catalog,
// run events) and view state (React Flow nodes with selection and drag positions, panels). Every
// change to the flow leaves as an edit message; the store changes the flow only when the host
// sends the new document back, so the TextDocument stays the only source of truth.
import {
  applyEdgeChanges,
  applyNodeChanges,
  type Connection,
  type EdgeChange,
  type FinalConnectionState,
  type NodeChange,
  type Viewport,
} from '@xyflow/react';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { FlowEdit } from '../../engine/flow/flow-edit-schema';
import type { Flow } from '../../engine/flow/schema';
import type { ComponentView, HostToWebview, McpCatalogMessage, PanelLayout, Problem } from '../../protocol/messages';
import { checkConnection } from '../canvas/connection-check';
import { connectionDropOf, missedDropReason } from '../canvas/connection-drop';
import { addedGroupCanvasId, addedNoteCanvasId } from '../canvas/canvas-item-ids';
import {
  canvasEdges,
  canvasNodes,
  isFlowNode,
  isNote,
  withEstimatedLayout,
  withoutEstimatesOnceMeasured,
  type CanvasEdge,
  type CanvasItem,
} from '../canvas/flow-to-canvas';
import { copyNodes, pasteEdit, type ClipboardNodes } from '../canvas/clipboard';
import { carryGroupMembers, isGroup, refreshGroupFrames } from '../canvas/group-frames';
import { newEdgeId, newNodeId, uniqueId } from '../canvas/node-ids';
import { freeSpot } from '../canvas/placement';
import type { HostConnection } from '../host/host-connection';
import { initialParams } from '../inspector/param-fields';
import { modelListKey, modelListKeyOf, type ModelListView } from '../inspector/model-suggestions';
import { idleRun, reduceRunEvent, runOfInvalidFile, type RunView } from '../run/run-state';
import { catalogOf, type Catalog } from './catalog';
import { readSavedView, type SavedView } from './saved-view';
import { markOpening } from '../timing/opening-marks';

export interface EditorState {
  flow: Flow | null;
  version: number;
  problems: Problem[];
  readOnlyReason: string | undefined;
  untrustedReason: string | undefined;
  catalog: Catalog | null;
  componentsById: ReadonlyMap<string, ComponentView>;
  /** The workspace's MCP servers with their tools, resources and prompts, for the palette and inspector. */
  mcpCatalog: McpCatalogMessage | null;
  /** Flow nodes and sticky notes, as React Flow draws them. */
  nodes: CanvasItem[];
  edges: CanvasEdge[];
  run: RunView;
  breakpoints: string[];
  /** Why the connection being dragged would be refused; shown while dragging. */
  connectionRefusal: string | undefined;
  /** The last refused edit or run, as the host explained it. */
  notice: string | undefined;
  view: SavedView;
  /** The group whose label is being edited on the canvas (double-click or F2). */
  renamingGroupId: string | undefined;
  /** The host's model lists for the model picker, by modelListKey (provider, and baseURL for servers). */
  modelLists: Readonly<Record<string, ModelListView>>;
  /** MCP servers whose consent question the host is asking now (their palette buttons wait). */
  askingConsentFor: readonly string[];
}

export interface EditorActions {
  receive(message: HostToWebview): void;
  onNodesChange(changes: NodeChange<CanvasItem>[]): void;
  onEdgesChange(changes: EdgeChange<CanvasEdge>[]): void;
  /** Checks a connection being dragged; records the reason when refused. */
  isValidConnection(connection: Connection | CanvasEdge): boolean;
  connect(connection: Connection): void;
  /** A connection drag ended (React Flow's onConnectEnd): a drop on a node that connected nothing says why. */
  endConnection(event?: MouseEvent | TouchEvent, state?: FinalConnectionState): void;
  edit(edits: FlowEdit[]): Promise<boolean>;
  deleteSelection(): void;
  copySelection(): ClipboardNodes | undefined;
  paste(copied: ClipboardNodes, offset?: { x: number; y: number }): void;
  /** Copies of the selected nodes (and the edges between them) `offset` away; the canvas room says where they fit. */
  duplicateSelection(offset?: { x: number; y: number }): void;
  /** Adds a node of the component; `params` (an MCP entry's server and tool) go over the component's starting params. */
  placeComponent(type: string, position: { x: number; y: number }, params?: Record<string, unknown>): string | undefined;
  addNote(position: { x: number; y: number }): void;
  /** Ctrl+G: one group (labelled "Group") of the selected nodes, then selects it. */
  groupSelection(): void;
  /** Ctrl+Shift+G: removes the selected groups and selects their nodes, which stay. */
  ungroupSelection(): void;
  renameGroup(groupId: string, label: string): Promise<boolean>;
  startRenamingGroup(groupId: string): void;
  stopRenamingGroup(): void;
  selectAll(): void;
  select(nodeIds: readonly string[], edgeIds?: readonly string[]): void;
  /** Sets a param now (a choice made: a select, a checkbox), after any typing still waiting to be sent. */
  setParam(nodeId: string, name: string, value: unknown): Promise<boolean>;
  /**
   * A param being typed: sent as an edit after a short pause in typing, so ports and the document follow
   * the text as it is typed; flushEdits sends it at once.
   */
  draftParam(nodeId: string, name: string, value: unknown): void;
  /** The node's label being typed (undefined or '' removes it), sent like draftParam. */
  draftLabel(nodeId: string, label: string | undefined): void;
  /** Sends every typed value still waiting for its pause, now: before a run, a save, or the page hiding. */
  flushEdits(): void;
  toggleBreakpoint(nodeId: string): void;
  setView(change: Partial<SavedView>): void;
  setViewport(viewport: Viewport): void;
  dismissNotice(): void;
  /** Asks the host for the models the node's provider offers (the answer lands in modelLists). */
  listModels(nodeId: string): void;
  /**
   * The palette's "Allow…" / "Reconsider…": asks the host to put the consent question for the server;
   * the answer is the user's, in the host's dialog. The server's tools arrive with the next mcpCatalog.
   */
  allowMcpServer(server: string): Promise<boolean>;
}

export type EditorStore = StoreApi<EditorState & EditorActions>;

/** How long typing pauses before what was typed becomes an edit (one undo step per pause). */
export const typingPauseMs = 300;

/** A node's size before React Flow has measured it, for placing new nodes. */
const newNodeSize = { width: 200, height: 110 };

/** Selected flow nodes (not notes). */
export function selectedNodeIds(state: Pick<EditorState, 'nodes'>): string[] {
  return state.nodes.filter((n) => n.selected && isFlowNode(n)).map((n) => n.id);
}

export function selectedNoteIds(state: Pick<EditorState, 'nodes'>): string[] {
  return state.nodes.flatMap((n) => (n.selected && isNote(n) ? [n.data.noteId] : []));
}

/** Selected groups, by group id. */
export function selectedGroupIds(state: Pick<EditorState, 'nodes'>): string[] {
  return state.nodes.flatMap((n) => (n.selected && isGroup(n) ? [n.data.groupId] : []));
}

export function selectedEdgeIds(state: Pick<EditorState, 'edges'>): string[] {
  return state.edges.filter((e) => e.selected).map((e) => e.id);
}

/** The part of a view change the host remembers for the workspace: which side panels are open. */
function panelLayoutOf(change: Partial<SavedView>): PanelLayout {
  const { isPaletteOpen, isInspectorOpen, isMiniMapOpen } = change;
  return {
    ...(isPaletteOpen !== undefined ? { isPaletteOpen } : {}),
    ...(isInspectorOpen !== undefined ? { isInspectorOpen } : {}),
    ...(isMiniMapOpen !== undefined ? { isMiniMapOpen } : {}),
  };
}

export function createEditorStore(host: HostConnection): EditorStore {
  const saved = readSavedView(host.getState());
  const store = createStore<EditorState & EditorActions>()((set, get) => {
    const saveView = () => {
      const { view, nodes, edges } = get();
      const shown = new Set(nodes.map((n) => n.id));
      const pending = view.selectedNodeIds.filter((id) => !shown.has(id));
      const next = { ...view, selectedNodeIds: [...selectedNodeIds({ nodes }), ...pending], selectedEdgeIds: selectedEdgeIds({ edges }) };
      set({ view: next });
      host.setState(next);
    };
    // Typed values not sent yet, by field, in the order they were first typed; one edit when sent.
    const typed = new Map<string, FlowEdit>();
    let typingTimer: ReturnType<typeof setTimeout> | undefined;
    const type = (field: string, edit: FlowEdit) => {
      typed.delete(field); // re-added last: a field typed again goes after fields typed since
      typed.set(field, edit);
      if (typingTimer !== undefined) clearTimeout(typingTimer);
      typingTimer = setTimeout(() => get().flushEdits(), typingPauseMs);
    };
    const reportSelection = (before: string[]) => {
      const after = selectedNodeIds(get());
      if (after.length !== before.length || after.some((id, i) => id !== before[i])) {
        host.post({ type: 'selection', nodeIds: after });
        saveView();
      }
    };
    return {
      flow: null,
      version: -1,
      problems: [],
      readOnlyReason: undefined,
      untrustedReason: undefined,
      catalog: null,
      componentsById: new Map(),
      mcpCatalog: null,
      nodes: [],
      edges: [],
      run: idleRun,
      breakpoints: [],
      connectionRefusal: undefined,
      notice: undefined,
      view: saved,
      renamingGroupId: undefined,
      modelLists: {},
      askingConsentFor: [],

      receive(message) {
        switch (message.type) {
          case 'document': {
            markOpening('document');
            const state = get();
            if (message.version < state.version) return; // an answer overtaken by a newer change
            // Selected now, plus saved ids not on the canvas yet (a pasted node selected before its document arrived).
            const shownNodes = new Set(state.nodes.map((n) => n.id));
            const shownEdges = new Set(state.edges.map((e) => e.id));
            const selectedNodes = new Set([
              ...state.nodes.filter((n) => n.selected).map((n) => n.id),
              ...state.view.selectedNodeIds.filter((id) => !shownNodes.has(id)),
            ]);
            const selectedEdges = new Set([...selectedEdgeIds(state), ...state.view.selectedEdgeIds.filter((id) => !shownEdges.has(id))]);
            const flow = message.flow;
            set({
              flow,
              version: message.version,
              // A file that is no flow now: the last run's results describe a flow that is gone.
              ...(flow === null && state.flow !== null ? { run: runOfInvalidFile(state.run) } : {}),
              // Problems of the previous check stay until this version's check lands.
              problems: message.problems ?? state.problems,
              readOnlyReason: message.readOnlyReason,
              nodes: flow ? withEstimatedLayout(canvasNodes(flow, state.nodes, selectedNodes), state.catalog?.nodePorts ?? {}) : [],
              view: flow
                ? { ...state.view, selectedNodeIds: flow.nodes.filter((n) => selectedNodes.has(n.id)).map((n) => n.id) }
                : state.view,
              edges: flow ? canvasEdges(flow, state.edges, selectedEdges) : [],
              breakpoints: flow ? state.breakpoints.filter((id) => flow.nodes.some((n) => n.id === id)) : state.breakpoints,
            });
            return;
          }
          case 'catalog': {
            markOpening('catalog');
            const known = get().catalog;
            const catalog = catalogOf(message);
            set({
              catalog,
              componentsById:
                known && known.components === catalog.components ? get().componentsById : new Map(catalog.components.map((c) => [c.id, c])),
              nodes: withEstimatedLayout(get().nodes, catalog.nodePorts),
            });
            return;
          }
          case 'mcpCatalog':
            set({ mcpCatalog: message });
            return;
          case 'workspace':
            set({ untrustedReason: message.isTrusted ? undefined : (message.untrustedReason ?? 'This workspace is not trusted.') });
            return;
          case 'runEvent': {
            const flow = get().flow;
            set({ run: reduceRunEvent(get().run, message.event, flow ? flow.nodes.map((n) => n.id) : []) });
            return;
          }
          case 'response':
            if (!host.settle(message) && !message.ok) set({ notice: message.error });
            return;
          case 'panelLayout': {
            // The workspace's layout, remembered by the host: it wins over this webview's own saved state.
            const { type: _type, ...layout } = message;
            set({ view: { ...get().view, ...layout } });
            saveView();
            return;
          }
          case 'flushEdits':
            get().flushEdits();
            host.post({ type: 'flushed', requestId: message.requestId });
            return;
          case 'models': {
            const key = modelListKeyOf(message);
            if (key)
              set({
                modelLists: {
                  ...get().modelLists,
                  [key]: { models: message.models, ...(message.note ? { note: message.note } : {}), isLoading: false },
                },
              });
            return;
          }
        }
      },

      onNodesChange(changes) {
        const before = selectedNodeIds(get());
        const previous = get().nodes;
        // A dragged group frame carries its members; frames around moved or measured nodes follow them.
        const { items, carried } = carryGroupMembers(
          previous,
          withoutEstimatesOnceMeasured(applyNodeChanges(changes, previous), changes),
          changes,
        );
        const touched = new Set([...carried, ...changes.flatMap((c) => (c.type === 'position' || c.type === 'dimensions' ? [c.id] : []))]);
        const nodes = refreshGroupFrames(items, touched);
        set({ nodes });
        // A drop (drag end) or an arrow-key move arrives as position changes that are not dragging:
        // together they become one moveNodes edit, one undo step.
        // What was dropped is looked up by its canvas id; its kind and its id in the flow come from the item.
        const itemsById = new Map(nodes.map((n) => [n.id, n]));
        const dropped = changes.flatMap((c) => {
          const item = c.type === 'position' && c.dragging === false && c.position ? itemsById.get(c.id) : undefined;
          return item && c.type === 'position' && c.position ? [{ item, x: Math.round(c.position.x), y: Math.round(c.position.y) }] : [];
        });
        const movedNotes = dropped.flatMap(({ item, x, y }) => (isNote(item) ? [{ id: item.data.noteId, x, y }] : []));
        // A dropped frame is its members' move, in the same edit as any node dropped with it.
        const members = new Set(dropped.flatMap(({ item }) => (isGroup(item) ? item.data.memberIds : [])));
        const moved = [
          ...dropped.flatMap(({ item, x, y }) =>
            isFlowNode(item) && !members.has(item.data.flowNode.id) ? [{ id: item.data.flowNode.id, x, y }] : [],
          ),
          ...nodes.flatMap((n) =>
            isFlowNode(n) && members.has(n.data.flowNode.id)
              ? [{ id: n.data.flowNode.id, x: Math.round(n.position.x), y: Math.round(n.position.y) }]
              : [],
          ),
        ];
        if (movedNotes.length) void get().edit([{ type: 'moveNotes', notes: movedNotes }]);
        if (moved.length) {
          const flow = get().flow;
          const changed = moved.filter((m) => {
            const node = flow?.nodes.find((n) => n.id === m.id);
            return !node || node.position.x !== m.x || node.position.y !== m.y;
          });
          if (changed.length) void get().edit([{ type: 'moveNodes', nodes: changed }]);
        }
        if (changes.some((c) => c.type === 'select')) reportSelection(before);
      },

      onEdgesChange(changes) {
        set({ edges: applyEdgeChanges(changes, get().edges) });
        if (changes.some((c) => c.type === 'select')) saveView();
      },

      isValidConnection(connection) {
        const { catalog, flow } = get();
        if (!catalog || !flow) return false;
        const verdict = checkConnection(
          {
            source: connection.source,
            sourceHandle: connection.sourceHandle ?? null,
            target: connection.target,
            targetHandle: connection.targetHandle ?? null,
          },
          catalog,
          flow.edges,
        );
        const refusal = verdict.ok ? undefined : verdict.reason;
        if (refusal !== get().connectionRefusal) set({ connectionRefusal: refusal });
        return verdict.ok;
      },

      connect(connection) {
        const flow = get().flow;
        if (!flow || !get().isValidConnection(connection) || !connection.sourceHandle || !connection.targetHandle) return;
        const id = newEdgeId(new Set(flow.edges.map((e) => e.id)));
        void get().edit([
          {
            type: 'addEdge',
            edge: {
              id,
              source: connection.source,
              sourceHandle: connection.sourceHandle,
              target: connection.target,
              targetHandle: connection.targetHandle,
            },
          },
        ]);
      },

      endConnection(event, connectionState) {
        const { connectionRefusal, catalog, flow } = get();
        const drop = connectionDropOf(event, connectionState);
        // A refusal seen while dragging over a handle says more than "no port here".
        const missed =
          drop && drop.isValid !== true && drop.onNodeId !== undefined && drop.onNodeId !== drop.fromNodeId
            ? (connectionRefusal ??
              missedDropReason(
                drop,
                (id) => catalog?.nodePorts[id],
                (id) => flow?.nodes.find((n) => n.id === id)?.type,
              ))
            : undefined;
        if (connectionRefusal !== undefined || missed !== undefined)
          set({ connectionRefusal: undefined, ...(missed !== undefined ? { notice: missed } : {}) });
      },

      async edit(edits) {
        const { readOnlyReason, flow } = get();
        if (readOnlyReason || !flow) {
          set({ notice: readOnlyReason ?? 'There is no flow to edit.' });
          return false;
        }
        let response: Awaited<ReturnType<HostConnection['request']>>;
        try {
          response = await host.request((requestId) => ({ type: 'edit', requestId, edits }));
        } catch (error) {
          set({ notice: (error as Error).message });
          return false;
        }
        if (!response.ok) {
          // The document did not change: put the canvas back to what the document says.
          const state = get();
          set({ notice: response.error, nodes: canvasNodes(flow, [], new Set(selectedNodeIds(state))) });
        }
        return response.ok;
      },

      deleteSelection() {
        const state = get();
        const nodeIds = selectedNodeIds(state);
        const edgeIds = selectedEdgeIds(state);
        const noteIds = selectedNoteIds(state);
        // A deleted group is ungrouped: its nodes stay unless they are selected too (one edit, one undo).
        const groupIds = selectedGroupIds(state);
        const edits: FlowEdit[] = groupIds.length ? [{ type: 'ungroup', groupIds }] : [];
        if (nodeIds.length || edgeIds.length || noteIds.length) edits.push({ type: 'remove', nodeIds, edgeIds, noteIds });
        if (edits.length) void get().edit(edits);
      },

      copySelection() {
        const { flow } = get();
        return flow ? copyNodes(flow, selectedNodeIds(get())) : undefined;
      },

      paste(copied, offset = { x: 40, y: 40 }) {
        const flow = get().flow;
        if (!flow) return;
        const { edit, nodeIds } = pasteEdit(copied, flow, offset);
        void get()
          .edit([edit])
          .then((ok) => ok && get().select(nodeIds));
      },

      duplicateSelection(offset) {
        const copied = get().copySelection();
        if (copied) get().paste(copied, offset);
      },

      placeComponent(type, position, given) {
        const { flow, componentsById } = get();
        const component = componentsById.get(type);
        if (!flow || !component) return undefined;
        // An MCP tool or prompt names its node after itself (`echo1`), a readable id in the file and the canvas.
        const named = typeof given?.tool === 'string' ? given.tool : typeof given?.prompt === 'string' ? given.prompt : type;
        const id = newNodeId(named, new Set(flow.nodes.map((n) => n.id)));
        const params = { ...initialParams(component.paramsSchema, id), ...given };
        const taken = get()
          .nodes.filter((n) => !isGroup(n))
          .map((n) => ({
            x: n.position.x,
            y: n.position.y,
            width: n.measured?.width ?? newNodeSize.width,
            height: n.measured?.height ?? newNodeSize.height,
          }));
        const spot = freeSpot(position, newNodeSize, taken);
        void get()
          .edit([
            {
              type: 'addNodes',
              nodes: [
                { id, type, position: { x: Math.round(spot.x), y: Math.round(spot.y) }, ...(Object.keys(params).length ? { params } : {}) },
              ],
              edges: [],
            },
          ])
          .then((ok) => ok && get().select([id]));
        return id;
      },

      addNote(position) {
        const flow = get().flow;
        if (!flow) return;
        const id = uniqueId('note', new Set((flow.notes ?? []).map((n) => n.id)));
        void get()
          .edit([{ type: 'addNote', note: { id, position: { x: Math.round(position.x), y: Math.round(position.y) }, text: '' } }])
          .then((ok) => ok && get().select([addedNoteCanvasId(get().flow ?? flow, id)]));
      },

      groupSelection() {
        const flow = get().flow;
        const nodeIds = selectedNodeIds(get());
        if (!flow || nodeIds.length === 0) return;
        const id = uniqueId('group', new Set((flow.groups ?? []).map((g) => g.id)));
        void get()
          .edit([{ type: 'addGroup', group: { id, label: 'Group', nodes: nodeIds } }])
          .then((ok) => ok && get().select([addedGroupCanvasId(get().flow ?? flow, id)]));
      },

      ungroupSelection() {
        const frames = get()
          .nodes.filter(isGroup)
          .filter((n) => n.selected);
        if (frames.length === 0) return;
        const groupIds = frames.map((n) => n.data.groupId);
        const members = [...new Set(frames.flatMap((n) => n.data.memberIds))];
        void get()
          .edit([{ type: 'ungroup', groupIds }])
          .then((ok) => ok && get().select(members));
      },

      renameGroup(groupId, label) {
        return get().edit([{ type: 'setGroupLabel', groupId, ...(label ? { label } : {}) }]);
      },

      startRenamingGroup(groupId) {
        if (!get().readOnlyReason) set({ renamingGroupId: groupId });
      },

      stopRenamingGroup() {
        if (get().renamingGroupId !== undefined) set({ renamingGroupId: undefined });
      },

      selectAll() {
        get().select(
          get().nodes.map((n) => n.id),
          get().edges.map((e) => e.id),
        );
      },

      select(nodeIds, edgeIds = []) {
        const before = selectedNodeIds(get());
        const nodeSet = new Set(nodeIds);
        const edgeSet = new Set(edgeIds);
        // Nodes added by an edit may arrive after the edit's answer; the saved selection covers them.
        set({
          nodes: get().nodes.map((n) => (Boolean(n.selected) === nodeSet.has(n.id) ? n : { ...n, selected: nodeSet.has(n.id) })),
          edges: get().edges.map((e) => (Boolean(e.selected) === edgeSet.has(e.id) ? e : { ...e, selected: edgeSet.has(e.id) })),
          view: { ...get().view, selectedNodeIds: [...nodeIds], selectedEdgeIds: [...edgeIds] },
        });
        reportSelection(before);
      },

      setParam(nodeId, name, value) {
        typed.delete(`param:${nodeId}:${name}`);
        get().flushEdits();
        return get().edit([{ type: 'setParam', nodeId, name, ...(value === undefined ? {} : { value }) }]);
      },

      draftParam(nodeId, name, value) {
        type(`param:${nodeId}:${name}`, { type: 'setParam', nodeId, name, ...(value === undefined ? {} : { value }) });
      },

      draftLabel(nodeId, label) {
        type(`label:${nodeId}`, { type: 'setLabel', nodeId, ...(label ? { label } : {}) });
      },

      flushEdits() {
        if (typingTimer !== undefined) clearTimeout(typingTimer);
        typingTimer = undefined;
        if (typed.size === 0) return;
        // A node deleted while its field waited takes its typing with it (an edit naming it would be refused whole).
        const nodeIds = new Set(get().flow?.nodes.map((n) => n.id));
        const edits = [...typed.values()].filter((e) => 'nodeId' in e && nodeIds.has(e.nodeId));
        typed.clear();
        if (edits.length) void get().edit(edits);
      },

      toggleBreakpoint(nodeId) {
        const current = get().breakpoints;
        const breakpoints = current.includes(nodeId) ? current.filter((id) => id !== nodeId) : [...current, nodeId];
        set({ breakpoints });
        host.post({ type: 'setBreakpoints', nodeIds: breakpoints });
      },

      setView(change) {
        set({ view: { ...get().view, ...change } });
        saveView();
        const layout = panelLayoutOf(change);
        if (Object.keys(layout).length) host.post({ type: 'panelLayout', ...layout });
      },

      setViewport(viewport) {
        set({ view: { ...get().view, viewport: { x: viewport.x, y: viewport.y, zoom: viewport.zoom } } });
        saveView();
      },

      dismissNotice() {
        set({ notice: undefined });
      },

      listModels(nodeId) {
        const params = get().flow?.nodes.find((n) => n.id === nodeId)?.params;
        const key = modelListKey(params?.provider, params?.baseURL);
        if (!key) return;
        const known = get().modelLists[key];
        set({
          modelLists: {
            ...get().modelLists,
            [key]: { models: known?.models ?? [], ...(known?.note ? { note: known.note } : {}), isLoading: true },
          },
        });
        host.post({ type: 'listModels', requestId: host.nextRequestId(), nodeId });
      },

      async allowMcpServer(server) {
        if (get().askingConsentFor.includes(server)) return false;
        set({ askingConsentFor: [...get().askingConsentFor, server] });
        let response: Awaited<ReturnType<HostConnection['request']>> | undefined;
        try {
          response = await host.request((requestId) => ({ type: 'allowMcpServer', requestId, server }));
        } catch (error) {
          set({ notice: (error as Error).message });
        } finally {
          set({ askingConsentFor: get().askingConsentFor.filter((s) => s !== server) });
        }
        if (response && !response.ok) set({ notice: response.error ?? `MCP server '${server}' could not be allowed` });
        return response?.ok ?? false;
      },
    };
  });
  return store;
}
