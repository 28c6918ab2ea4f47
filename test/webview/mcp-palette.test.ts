// The palette's MCP entries and the inspector's MCP documentation, from an `mcpCatalog` message as
// the host sends it: search across built-in components and live MCP items, server status notices,
// drag payloads, placing a tool as an mcp.tool node, and the docs of tools, prompts and resources.
import * as assert from 'node:assert/strict';
import { isValidElement, type ReactElement, type ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { createCoreRegistry } from '../../src/engine';
import { componentViews } from '../../src/extension/editor/flow-catalog';
import { hostToWebviewSchema, type McpCatalogMessage } from '../../src/protocol/messages';
import { mcpDocOf, schemaProperties, schemaType } from '../../src/webview/inspector/mcp-doc';
import { flattenGroups, searchPalette } from '../../src/webview/palette/component-search';
import { decodePlacement, encodePlacement } from '../../src/webview/palette/palette-drag';
import { componentEntries, mcpCategory, mcpEntries } from '../../src/webview/palette/palette-entries';
import { PaletteNoticeView } from '../../src/webview/palette/PaletteNotice';
import { openStore } from './helpers/recording-host';

const echoSchema = {
  type: 'object',
  properties: { message: { type: 'string', description: 'Message to echo' }, times: { type: 'integer' } },
  required: ['message'],
};

const mcpCatalog: McpCatalogMessage = {
  type: 'mcpCatalog',
  servers: [
    {
      name: 'everything',
      status: 'connected',
      tools: [
        {
          name: 'echo',
          title: 'Echo Tool',
          description: 'Echoes back the input string',
          inputSchema: echoSchema,
          annotations: { readOnlyHint: true },
        },
        {
          name: 'get-sum',
          description: 'Returns the sum of two numbers',
          inputSchema: { type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' } }, required: ['a', 'b'] },
        },
      ],
      resources: [
        {
          uri: 'demo://resource/static/document/architecture.md',
          name: 'architecture.md',
          description: 'Static document',
          mimeType: 'text/markdown',
        },
      ],
      prompts: [
        {
          name: 'args-prompt',
          description: 'A prompt with arguments',
          arguments: [{ name: 'city', description: 'Name of the city', required: true }, { name: 'state' }],
        },
      ],
    },
    {
      name: 'broken',
      status: 'error',
      error: "cannot connect to MCP server 'broken' (node x.js): Connection closed",
      tools: [],
      resources: [],
      prompts: [],
    },
    { name: 'slow', status: 'connecting', tools: [], resources: [], prompts: [] },
  ],
};

const components = componentViews(createCoreRegistry());

function allEntries(catalog: McpCatalogMessage | null = mcpCatalog) {
  const mcp = mcpEntries(catalog);
  return { entries: [...componentEntries(components), ...mcp.entries], notices: mcp.notices };
}

describe('palette MCP entries and search', () => {
  it('is a valid host message', () => {
    assert.ok(hostToWebviewSchema.safeParse(mcpCatalog).success);
  });

  it('finds a live MCP tool and built-in components with one query, built-in categories first', () => {
    const { entries, notices } = allEntries();
    const groups = searchPalette(entries, 'echo', notices);
    const everything = groups.find((g) => g.category === mcpCategory('everything'));
    assert.deepEqual(
      everything?.entries.map((e) => e.name),
      ['echo'],
    );
    assert.deepEqual(everything?.entries[0]?.placement, { type: 'mcp.tool', params: { server: 'everything', tool: 'echo' } });
    const all = searchPalette(entries, '', notices).map((g) => g.category);
    assert.ok(all.indexOf('inputs') < all.indexOf(mcpCategory('everything')), all.join(', '));
    assert.ok(all.indexOf('mcp') < all.indexOf(mcpCategory('everything')));
    const listed = searchPalette(entries, '', notices).find((g) => g.category === mcpCategory('everything'));
    assert.deepEqual(
      listed?.entries.map((e) => e.name),
      ['echo', 'get-sum', 'architecture.md', 'args-prompt'],
      'tools, then resources, then prompts',
    );
  });

  it("lists each server's tools, resources and prompts, placing each as its MCP component", () => {
    const { entries } = allEntries();
    const everything = entries.filter((e) => e.category === mcpCategory('everything'));
    assert.deepEqual(
      everything.map((e) => [e.detail, e.placement]),
      [
        ['tool', { type: 'mcp.tool', params: { server: 'everything', tool: 'echo' } }],
        ['tool', { type: 'mcp.tool', params: { server: 'everything', tool: 'get-sum' } }],
        ['resource', { type: 'mcp.resource', params: { server: 'everything', uri: 'demo://resource/static/document/architecture.md' } }],
        ['prompt', { type: 'mcp.prompt', params: { server: 'everything', prompt: 'args-prompt' } }],
      ],
    );
    assert.equal(everything[0]?.title, 'Echo Tool');
  });

  it('matches a resource by its URI and a prompt by its description', () => {
    const { entries } = allEntries();
    assert.deepEqual(
      flattenGroups(searchPalette(entries, 'static/document')).map((e) => e.name),
      ['architecture.md'],
    );
    assert.deepEqual(
      flattenGroups(searchPalette(entries, 'prompt with arguments')).map((e) => e.name),
      ['args-prompt'],
    );
  });

  it('keeps the status of servers that are not connected visible while searching', () => {
    const { entries, notices } = allEntries();
    const groups = searchPalette(entries, 'echo', notices);
    const broken = groups.find((g) => g.category === mcpCategory('broken'));
    assert.equal(broken?.notice?.kind, 'error');
    assert.match(broken?.notice?.text ?? '', /broken failed: cannot connect .*Connection closed/);
    assert.deepEqual(broken?.entries, []);
    assert.equal(groups.find((g) => g.category === mcpCategory('slow'))?.notice?.kind, 'connecting');
    assert.equal(groups.find((g) => g.category === mcpCategory('everything'))?.notice, undefined);
  });

  it('says MCP servers are not started in an untrusted workspace', () => {
    const { entries, notices } = allEntries({
      type: 'mcpCatalog',
      servers: [],
      unavailableReason: 'MCP servers are not started in untrusted workspaces; trust it.',
    });
    assert.equal(entries.filter((e) => e.placement.type.startsWith('mcp.') && e.placement.params).length, 0);
    assert.deepEqual(
      notices.map((n) => [n.kind, n.text]),
      [['unavailable', 'MCP servers are not started in untrusted workspaces; trust it.']],
    );
  });

  it('carries a placement through a drag, and a bare component type as before', () => {
    const tool = { type: 'mcp.tool', params: { server: 'everything', tool: 'echo' } };
    assert.deepEqual(decodePlacement(encodePlacement(tool)), tool);
    assert.equal(encodePlacement({ type: 'json.parse' }), 'json.parse');
    assert.deepEqual(decodePlacement('json.parse'), { type: 'json.parse' });
    assert.equal(decodePlacement('{"not":"a placement"}'), undefined);
    assert.equal(decodePlacement('{broken'), undefined);
    assert.equal(decodePlacement(''), undefined);
  });
});

const emptyFlow = JSON.stringify({
  version: 1,
  name: 'empty',
  nodes: [{ id: 'echo1', type: 'json.parse', position: { x: 0, y: 0 } }],
  edges: [],
});
const openEmpty = () => openStore(emptyFlow, '/w/empty.flow.json');

describe('editor store with the MCP catalog', () => {
  it('keeps the last mcpCatalog the host sent', () => {
    const { store } = openEmpty();
    assert.equal(store.getState().mcpCatalog, null);
    store.getState().receive(mcpCatalog);
    assert.equal(store.getState().mcpCatalog, mcpCatalog);
  });

  it('places an MCP tool entry as an mcp.tool node with its server and tool, named after the tool', () => {
    const { store, api } = openEmpty();
    store.getState().receive(mcpCatalog);
    const entry = mcpEntries(mcpCatalog).entries.find((e) => e.name === 'echo')!;
    const id = store.getState().placeComponent(entry.placement.type, { x: 300, y: 0 }, entry.placement.params);
    assert.equal(id, 'echo2', 'echo1 is taken');
    const edits = api.posted.flatMap((m) => (m.type === 'edit' ? m.edits : []));
    assert.equal(edits.length, 1);
    const edit = edits[0]!;
    assert.equal(edit.type, 'addNodes');
    if (edit.type !== 'addNodes') return;
    assert.deepEqual(
      edit.nodes.map((n) => [n.id, n.type, n.params]),
      [['echo2', 'mcp.tool', { server: 'everything', tool: 'echo' }]],
    );
  });

  it('places a prompt and a resource with their params', () => {
    const { store, api } = openEmpty();
    for (const entry of mcpEntries(mcpCatalog).entries.filter((e) => e.placement.type !== 'mcp.tool')) {
      store.getState().placeComponent(entry.placement.type, { x: 0, y: 300 }, entry.placement.params);
    }
    const added = api.posted.flatMap((m) => (m.type === 'edit' ? m.edits : [])).flatMap((e) => (e.type === 'addNodes' ? e.nodes : []));
    assert.deepEqual(
      added.map((n) => [n.id, n.type, n.params]),
      [
        ['resource1', 'mcp.resource', { server: 'everything', uri: 'demo://resource/static/document/architecture.md' }],
        ['argsprompt1', 'mcp.prompt', { server: 'everything', prompt: 'args-prompt' }],
      ],
    );
  });
});

const waitingCatalog: McpCatalogMessage = {
  type: 'mcpCatalog',
  servers: [
    {
      name: 'marked',
      status: 'stopped',
      error: 'not started: it needs your consent to start',
      consent: 'undecided',
      tools: [],
      resources: [],
      prompts: [],
    },
    {
      name: 'refused',
      status: 'stopped',
      error: 'not started: you denied it in this workspace',
      consent: 'denied',
      tools: [],
      resources: [],
      prompts: [],
    },
    { name: 'idle', status: 'stopped', tools: [], resources: [], prompts: [] },
  ],
};

/** The button elements of a rendered element tree (the component's own output, before React renders it). */
function buttonsOf(node: ReactNode): ReactElement<{ onClick(): void; disabled: boolean; children: ReactNode }>[] {
  if (Array.isArray(node)) return node.flatMap(buttonsOf);
  if (!isValidElement<{ children?: ReactNode }>(node)) return [];
  const own = node.type === 'button' ? [node as ReactElement<{ onClick(): void; disabled: boolean; children: ReactNode }>] : [];
  return [...own, ...buttonsOf(node.props.children)];
}

describe('palette consent buttons', () => {
  const noticeOf = (server: string) => mcpEntries(waitingCatalog).notices.find((n) => n.category === mcpCategory(server));

  it('is a valid host message with the consent field, and refuses a consent state the palette cannot act on', () => {
    assert.ok(hostToWebviewSchema.safeParse(waitingCatalog).success);
    const allowed = { ...waitingCatalog, servers: [{ ...waitingCatalog.servers[0]!, consent: 'allowed' }] };
    assert.equal(hostToWebviewSchema.safeParse(allowed).success, false);
  });

  it('offers Allow… for a server needing consent, Reconsider… for a denied one, nothing for a plain stopped one', () => {
    assert.deepEqual(noticeOf('marked')?.consent, { server: 'marked', state: 'undecided', label: 'Allow…' });
    assert.equal(noticeOf('marked')?.text, 'marked is not started: it needs your consent to start.');
    assert.deepEqual(noticeOf('refused')?.consent, { server: 'refused', state: 'denied', label: 'Reconsider…' });
    assert.equal(noticeOf('idle')?.consent, undefined);
    assert.equal(noticeOf('idle')?.kind, 'stopped');
  });

  it("keeps the button visible while a search hides the server's entries", () => {
    const { entries, notices } = allEntries(waitingCatalog);
    const group = searchPalette(entries, 'json', notices).find((g) => g.category === mcpCategory('marked'));
    assert.equal(group?.notice?.consent?.label, 'Allow…');
  });

  it('renders the button next to the notice, and no button for a server that needs none', () => {
    const html = renderToStaticMarkup(PaletteNoticeView({ notice: noticeOf('marked')!, isAsking: false, onAllow: () => {} }));
    assert.match(
      html,
      new RegExp(
        /marked is not started: it needs your consent to start\./.source +
          /<button type="button" class="palette-notice-action" data-allow-server="marked"[^>]*>Allow…<\/button>/.source,
      ),
    );
    assert.match(
      renderToStaticMarkup(PaletteNoticeView({ notice: noticeOf('refused')!, isAsking: false, onAllow: () => {} })),
      />Reconsider…<\/button>/,
    );
    assert.doesNotMatch(
      renderToStaticMarkup(PaletteNoticeView({ notice: noticeOf('idle')!, isAsking: false, onAllow: () => {} })),
      /<button/,
    );
    assert.match(
      renderToStaticMarkup(PaletteNoticeView({ notice: noticeOf('marked')!, isAsking: true, onAllow: () => {} })),
      /<button[^>]* disabled=""/,
      'the button waits while the question is open',
    );
  });

  it("clicking the button posts allowMcpServer for that server, and waits for the host's answer", async () => {
    const { store, api } = openEmpty();
    store.getState().receive(waitingCatalog);
    let answered: (() => void) | undefined;
    const held = new Promise<void>((resolve) => (answered = resolve));
    const deliver = api.deliver;
    api.deliver = (message) => void held.then(() => deliver(message));
    let clicked: Promise<boolean> | undefined;
    const [button] = buttonsOf(
      PaletteNoticeView({
        notice: noticeOf('marked')!,
        isAsking: false,
        onAllow: (server) => (clicked = store.getState().allowMcpServer(server)),
      }),
    );
    assert.ok(button, 'no button rendered');
    button.props.onClick();
    const sent = api.posted.filter((m) => m.type === 'allowMcpServer');
    assert.equal(sent.length, 1);
    assert.equal(sent[0]?.type === 'allowMcpServer' && sent[0].server, 'marked');
    assert.deepEqual(store.getState().askingConsentFor, ['marked']);
    assert.equal(await store.getState().allowMcpServer('marked'), false, 'a second click while the question is open');
    assert.equal(api.posted.filter((m) => m.type === 'allowMcpServer').length, 1, 'a second click asked again');
    answered!();
    assert.equal(await clicked, true);
    assert.deepEqual(store.getState().askingConsentFor, []);
    assert.equal(store.getState().notice, undefined);
  });

  it("shows the host's refusal of a server name as a notice", async () => {
    const { store, api } = openEmpty();
    api.answer = (m) => (m.type === 'allowMcpServer' ? `MCP server '${m.server}' is not configured for /w` : undefined);
    assert.equal(await store.getState().allowMcpServer('nowhere'), false);
    assert.equal(store.getState().notice, "MCP server 'nowhere' is not configured for /w");
    assert.deepEqual(store.getState().askingConsentFor, []);
  });

  it('sends only a server name the protocol accepts', () => {
    const { api } = openEmpty();
    assert.throws(() => api.postMessage({ type: 'allowMcpServer', requestId: 'w1', server: '' }));
    assert.throws(() => api.postMessage({ type: 'allowMcpServer', requestId: 'w1', server: 'x'.repeat(201) }));
  });
});

describe('inspector MCP documentation', () => {
  it('documents a tool: description and each input property with type and whether it is required', () => {
    const doc = mcpDocOf('mcp.tool', { server: 'everything', tool: 'echo' }, mcpCatalog);
    assert.equal(doc?.kind, 'tool');
    if (doc?.kind !== 'tool') return;
    assert.equal(doc.tool.description, 'Echoes back the input string');
    assert.deepEqual(doc.properties, [
      { name: 'message', type: 'string', isRequired: true, description: 'Message to echo' },
      { name: 'times', type: 'integer', isRequired: false },
    ]);
  });

  it('says clearly when the server or the tool is not found, or the server is not connected', () => {
    const message = (params: Record<string, unknown>, type = 'mcp.tool') => {
      const doc = mcpDocOf(type, params, mcpCatalog);
      return doc?.kind === 'message' ? [doc.isProblem, doc.text] : doc?.kind;
    };
    assert.deepEqual(message({ server: 'nowhere', tool: 'echo' }), [
      true,
      "MCP server 'nowhere' is not configured in this workspace; configured: everything, broken, slow.",
    ]);
    assert.deepEqual(message({ server: 'everything', tool: 'ecko' }), [
      true,
      "MCP server 'everything' has no tool 'ecko'; its tools: echo, get-sum.",
    ]);
    assert.deepEqual(message({ server: 'everything', prompt: 'nope' }, 'mcp.prompt'), [
      true,
      "MCP server 'everything' has no prompt 'nope'; its prompts: args-prompt.",
    ]);
    assert.match(String(message({ server: 'broken', tool: 'x' })), /true,MCP server 'broken' failed: cannot connect/);
    assert.match(String(message({ server: 'slow', tool: 'x' })), /^false,Connecting to MCP server 'slow'/);
    const loading = mcpDocOf('mcp.tool', { server: 'everything', tool: 'echo' }, null);
    assert.equal(loading?.kind, 'message');
    assert.equal(mcpDocOf('json.parse', {}, mcpCatalog), undefined);
  });

  it("documents a prompt's arguments and a resource's description and type", () => {
    const prompt = mcpDocOf('mcp.prompt', { server: 'everything', prompt: 'args-prompt' }, mcpCatalog);
    assert.deepEqual(prompt?.kind === 'prompt' ? prompt.prompt.arguments?.map((a) => a.name) : prompt, ['city', 'state']);
    const resource = mcpDocOf('mcp.resource', { server: 'everything', uri: 'demo://resource/static/document/architecture.md' }, mcpCatalog);
    assert.deepEqual(resource?.kind === 'resource' ? [resource.resource?.description, resource.resource?.mimeType] : resource, [
      'Static document',
      'text/markdown',
    ]);
    const unlisted = mcpDocOf('mcp.resource', { server: 'everything', uri: 'demo://other' }, mcpCatalog);
    assert.deepEqual(unlisted?.kind === 'resource' ? unlisted.resource : unlisted, undefined);
  });

  it('gives short types for enum, union, array and untyped properties', () => {
    assert.equal(schemaType({ enum: ['a', 'b'] }), '"a" | "b"');
    assert.equal(schemaType({ anyOf: [{ type: 'string' }, { type: 'null' }] }), 'string | null');
    assert.equal(schemaType({ type: 'array', items: { type: ['number', 'string'] } }), '(number | string)[]');
    assert.equal(schemaType({}), 'any');
    assert.deepEqual(schemaProperties({ type: 'object' }), []);
  });
});
