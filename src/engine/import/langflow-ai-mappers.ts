// Mappers for Langflow's model, agent, structured output, MCP and RAG components.
import { embeddingSettingsOf, importedModelOf, providerKeyOf, withoutUndefined, type ImportedModel } from './langflow-models';
import {
  flowNode,
  numberField,
  port,
  stringField,
  type InputTarget,
  type MapContext,
  type Mapper,
  type Mapping,
  type PortRef,
  type Unmapped,
} from './langflow-mapping';
import type { LangflowNode } from './langflow-source';
import type { PortType } from '../ports/port-types';

/** The model of a LanguageModel (or Embeddings) connection into `field`, if one arrives. */
function connectedModel(context: MapContext, ...fields: string[]): { model?: ImportedModel; from?: LangflowNode } {
  for (const field of fields) {
    const edge = context.incoming(field)[0];
    const source = edge ? context.node(edge.source) : undefined;
    if (source) return { model: importedModelOf(source, context.secrets), from: source };
  }
  return {};
}

function modelParams(model: ImportedModel): Record<string, unknown> {
  return withoutUndefined({ ...model });
}

/** LanguageModelComponent and the per-provider model components (OpenAIModel, AnthropicModel, ...). */
export const chatModelMapper: Mapper = (node, context): Mapping | Unmapped => {
  const model = importedModelOf(node, context.secrets);
  if (!model) return { reason: `its provider '${stringField(node, 'provider') ?? node.type}' has no FlowStudio equivalent` };
  const asText = context.outgoing().filter((e) => e.sourceOutput !== 'model_output');
  const asModel = context.outgoing('model_output');
  // Used only as another component's model: its settings move into that component.
  if (asModel.length > 0 && asText.length === 0) {
    const users = [...new Set(asModel.map((e) => e.target))];
    return {
      component: `model settings of ${users.join(', ')}`,
      nodes: [],
      inputs: {},
      outputs: { model_output: 'consumed' },
      consumers: users,
    };
  }
  const params = modelParams(model);
  const system = stringField(node, 'system_message');
  if (system !== undefined && context.incoming('system_message').length === 0) params.system = context.secrets.scrub(system);
  const created = flowNode(node, '', 'llm.chat', params);
  const text = port(created, 'text', 'text');
  const mapping: Mapping = {
    component: 'llm.chat',
    nodes: [created],
    inputs: { input_value: port(created, 'prompt', 'text'), system_message: port(created, 'system', 'text') },
    outputs: { text_output: text, model_output: 'consumed' },
    defaultOutput: text,
  };
  fixedPrompt(node, context, mapping, port(created, 'prompt', 'text'));
  return mapping;
};

export const agentMapper: Mapper = (node, context) => {
  const connected = connectedModel(context, 'agent_llm', 'llm', 'model');
  const model = connected.model ?? (connected.from ? undefined : importedModelOf(node, context.secrets));
  if (!model) {
    const provider = connected.from?.displayName ?? stringField(node, 'agent_llm') ?? 'none';
    return { reason: `its model provider '${provider}' has no FlowStudio equivalent` };
  }
  const maxSteps = Math.min(50, Math.max(1, Math.round(numberField(node, 'max_iterations') ?? 15)));
  const { temperature, ...settings } = model;
  const params: Record<string, unknown> = {
    ...modelParams(settings),
    instructions: context.secrets.scrub(stringField(node, 'system_prompt') ?? ''),
    maxSteps,
  };
  if (temperature !== undefined) params.temperature = temperature;
  delete params.maxTokens;
  const agent = flowNode(node, '', 'agent', params);
  const inputs: Record<string, InputTarget> = {
    input_value: port(agent, 'prompt', 'text'),
    tools: port(agent, 'tools', 'tools'),
    agent_llm: 'consumed',
    llm: 'consumed',
    model: 'consumed',
  };
  const mapping: Mapping = { component: 'agent', nodes: [agent], inputs, outputs: { response: port(agent, 'text', 'text') } };
  mapping.defaultOutput = port(agent, 'text', 'text');
  // Langflow agents read the chat's earlier messages themselves (n_messages); ours take them on `history`.
  const chat = context
    .incoming('input_value')
    .map((e) => context.node(e.source))
    .find((n) => n?.type === 'ChatInput');
  if (chat && (numberField(node, 'n_messages') ?? 100) > 0)
    mapping.edges = [{ source: { node: chat.id, port: 'history', type: 'messages' }, target: port(agent, 'history', 'messages') }];
  if (context.incoming('system_prompt').length > 0) {
    instructionsAhead(node, context, mapping, port(agent, 'prompt', 'text'));
    context.warn('its instructions come from a connection; they are sent ahead of the message, as agent params hold only fixed text');
  }
  return mapping;
};

/**
 * Instructions that arrive on a connection, where our component takes them only as a fixed param: a
 * text.template puts them ahead of the message on the prompt port instead.
 */
function instructionsAhead(node: LangflowNode, context: MapContext, mapping: Mapping, prompt: PortRef): void {
  const hasMessage = context.incoming('input_value').length > 0;
  const template = hasMessage ? '{{instructions}}\n\n{{message}}' : '{{instructions}}';
  const combined = flowNode(node, 'prompt', 'text.template', { template }, -160);
  mapping.nodes.unshift(combined);
  mapping.edges = [...(mapping.edges ?? []), { source: port(combined, 'text', 'text'), target: prompt }];
  mapping.inputs.system_prompt = port(combined, 'instructions', 'text');
  if (hasMessage) mapping.inputs.input_value = port(combined, 'message', 'text');
  mapping.component = `text.template + ${mapping.component}`;
}

/** A model component's prompt typed into its field rather than connected: a template holding that text feeds it. */
function fixedPrompt(node: LangflowNode, context: MapContext, mapping: Mapping, prompt: PortRef): void {
  const text = stringField(node, 'input_value');
  if (context.incoming('input_value').length > 0 || text === undefined) return;
  // The text is not a template: break any {{ so it cannot become a placeholder.
  const fixed = flowNode(node, 'input', 'text.template', { template: context.secrets.scrub(text).replaceAll('{{', '{ {') }, -160);
  mapping.nodes.unshift(fixed);
  mapping.edges = [...(mapping.edges ?? []), { source: port(fixed, 'text', 'text'), target: prompt }];
  mapping.component = `text.template + ${mapping.component}`;
}

const SCHEMA_TYPES: Record<string, string> = {
  str: 'string',
  text: 'string',
  int: 'integer',
  float: 'number',
  number: 'number',
  bool: 'boolean',
  boolean: 'boolean',
  dict: 'object',
  list: 'array',
};

/** Langflow's output schema table ({name, type, description, multiple}) as a JSON Schema object. */
function jsonSchemaOf(rows: unknown): Record<string, unknown> | undefined {
  if (!Array.isArray(rows) || rows.length === 0) return undefined;
  const properties: Record<string, unknown> = {};
  for (const row of rows as { name?: unknown; type?: unknown; description?: unknown; multiple?: unknown }[]) {
    if (typeof row?.name !== 'string' || row.name === '') continue;
    const type = SCHEMA_TYPES[String(row.type ?? 'str').toLowerCase()] ?? 'string';
    const item: Record<string, unknown> = { type };
    if (typeof row.description === 'string' && row.description !== '') item.description = row.description;
    const isList = row.multiple === true || row.multiple === 'True' || row.multiple === 'true';
    properties[row.name] = isList ? { type: 'array', items: item } : item;
  }
  const names = Object.keys(properties);
  return names.length > 0 ? { type: 'object', properties, required: names, additionalProperties: false } : undefined;
}

export const structuredOutputMapper: Mapper = (node, context) => {
  const { model, from } = connectedModel(context, 'llm');
  if (!model) return { reason: from ? `its model '${from.displayName}' has no FlowStudio equivalent` : 'no model is connected to it' };
  const schema = jsonSchemaOf(node.fields.get('output_schema')?.value);
  if (!schema) return { reason: 'its output schema is empty' };
  const params: Record<string, unknown> = { ...modelParams(model), schema };
  const system = stringField(node, 'system_prompt');
  if (system !== undefined) params.system = context.secrets.scrub(system);
  const created = flowNode(node, '', 'llm.structured', params);
  const value = port(created, 'value', 'json');
  const mapping: Mapping = {
    component: 'llm.structured',
    nodes: [created],
    inputs: { input_value: port(created, 'prompt', 'text'), llm: 'consumed' },
    outputs: { structured_output: value, dataframe_output: value },
    defaultOutput: value,
  };
  if (context.incoming('system_prompt').length > 0) {
    delete params.system;
    instructionsAhead(node, context, mapping, port(created, 'prompt', 'text'));
    context.warn(
      'its instructions come from a connection; they are sent ahead of the input, as llm.structured takes fixed instructions only',
    );
  } else fixedPrompt(node, context, mapping, port(created, 'prompt', 'text'));
  return mapping;
};

function mcpServerName(node: LangflowNode): string | undefined {
  const server = node.fields.get('mcp_server')?.value;
  if (typeof server === 'string' && server.trim() !== '') return server.trim();
  if (typeof server === 'object' && server !== null) {
    const name = (server as { name?: unknown }).name;
    if (typeof name === 'string' && name.trim() !== '') return name.trim();
  }
  return undefined;
}

function enabledToolNames(node: LangflowNode): string[] | undefined {
  const metadata = node.fields.get('tools_metadata')?.value;
  if (!Array.isArray(metadata)) return undefined;
  const names = metadata.flatMap((t: unknown) => {
    const { name, status } = (t ?? {}) as { name?: unknown; status?: unknown };
    return typeof name === 'string' && name !== '' && status !== false ? [name] : [];
  });
  return names.length > 0 ? names : undefined;
}

/** MCP Tools (MCPTools, MCPStdio, MCPSse): a tool set for an agent (mcp.tools), or one tool call (mcp.tool). */
export const mcpToolsMapper: Mapper = (node, context): Mapping | Unmapped => {
  let server = mcpServerName(node);
  if (!server) {
    server = 'langflow-mcp';
    context.warn(`the export names no MCP server; add one called '${server}' to .vscode/mcp.json, or change params.server`);
  }
  const usedAsTools = context.outgoing().some((e) => e.sourceOutput === 'component_as_tool' || e.targetField === 'tools');
  if (usedAsTools || context.outgoing().length === 0) {
    const include = enabledToolNames(node);
    const created = flowNode(node, '', 'mcp.tools', include ? { server, include } : { server });
    const tools = port(created, 'tools', 'tools');
    return { component: 'mcp.tools', nodes: [created], inputs: {}, outputs: { component_as_tool: tools }, defaultOutput: tools };
  }
  const tool = stringField(node, 'tool');
  if (!tool) return { reason: 'it calls no named tool' };
  const created = flowNode(node, '', 'mcp.tool', { server, tool });
  const inputs: Record<string, InputTarget> = {};
  for (const field of node.fields.keys()) if (context.incoming(field).length > 0) inputs[field] = port(created, field, 'any');
  const text = port(created, 'text', 'text');
  return { component: 'mcp.tool', nodes: [created], inputs, outputs: {}, defaultOutput: text };
};

/** Embedding components are model settings in Langflow; FlowStudio's rag.embed nodes made for each vector store take them. */
export const embeddingsMapper: Mapper = (node, context) => {
  const model = importedModelOf(node, context.secrets);
  if (!model) return { reason: `its provider '${stringField(node, 'provider') ?? node.type}' has no FlowStudio embedding equivalent` };
  const users = [...new Set(context.outgoing().map((e) => e.target))];
  if (users.length === 0)
    for (const store of context.graph.nodes)
      if (isVectorStore(store) && unconnectedEmbeddingFor(store, context)?.id === node.id) users.push(store.id);
  if (users.length === 0) return { reason: 'no vector store uses it' };
  return {
    component: `rag.embed settings of ${users.join(', ')}`,
    nodes: [],
    inputs: {},
    outputs: { embeddings: 'consumed' },
    consumers: users,
  };
};

function storeNameOf(node: LangflowNode): string {
  const name = stringField(node, 'collection_name', 'index_name', 'collection', 'table_name') ?? 'langflow';
  return name.replace(/[^A-Za-z0-9_-]+/g, '_').slice(0, 64) || 'langflow';
}

/**
 * A Langflow vector store both ingests and searches, with its embedding model attached. In FlowStudio that is
 * rag.embed -> rag.store for the documents and rag.embed -> rag.retrieve for the question, meeting on a store name.
 */
export const vectorStoreMapper: Mapper = (node, context) => {
  const { model, from } = connectedModel(context, 'embedding', 'embedding_model', 'embeddings');
  if (from && !model) return { reason: `its embedding model '${from.displayName}' has no FlowStudio equivalent` };
  if (context.outgoing('component_as_tool').length > 0)
    return { reason: 'it serves as an agent tool; FlowStudio agents take tools from MCP servers (mcp.tools) or flows' };
  const nearby = model ? undefined : unconnectedEmbeddingFor(node, context);
  const nearbyModel = nearby ? importedModelOf(nearby, context.secrets) : undefined;
  if (nearby && nearbyModel)
    context.warn(
      `no embedding model is connected to it; rag.embed takes the settings of the unconnected ${nearby.displayName} (${nearby.id}) beside it`,
    );
  const embedding = embeddingSettingsOf(model ?? nearbyModel ?? defaultModel(context, 'the database computes its embeddings itself'));
  const store = storeNameOf(node);
  for (const field of ['lexical_terms', 'advanced_search_filter'])
    if (context.incoming(field).length > 0)
      context.warn(`'${field}' has no equivalent in rag.retrieve (vector search only); its connection was left out`);
  const mapping: Mapping = {
    component: '',
    nodes: [],
    edges: [],
    inputs: { embedding: 'consumed', embedding_model: 'consumed', embeddings: 'consumed', lexical_terms: 'consumed' },
    outputs: {},
  };
  const parts: string[] = [];
  if (context.incoming('ingest_data').length > 0) {
    const embed = flowNode(node, 'embed-documents', 'rag.embed', embedding);
    const save = flowNode(node, 'store', 'rag.store', { store }, 0);
    save.position.x += 260;
    mapping.nodes.push(embed, save);
    mapping.edges!.push({ source: port(embed, 'documents', 'documents'), target: port(save, 'documents', 'documents') });
    mapping.inputs.ingest_data = port(embed, 'documents', 'documents');
    parts.push('rag.embed + rag.store');
  }
  const isSearched =
    context.incoming('search_query').length > 0 || context.incoming('search_input').length > 0 || context.outgoing().length > 0;
  if (isSearched) {
    const embed = flowNode(node, 'embed-query', 'rag.embed', embedding, 160);
    const retrieve = flowNode(
      node,
      'retrieve',
      'rag.retrieve',
      { store, topK: Math.min(100, Math.max(1, numberField(node, 'number_of_results') ?? 4)) },
      160,
    );
    retrieve.position.x += 260;
    mapping.nodes.push(embed, retrieve);
    mapping.edges!.push({ source: port(embed, 'embedding', 'embedding'), target: port(retrieve, 'query', 'embedding') });
    mapping.inputs.search_query = port(embed, 'text', 'text');
    mapping.inputs.search_input = port(embed, 'text', 'text');
    const text: PortRef = port(retrieve, 'text', 'text');
    mapping.outputs = { search_results: text, dataframe: text };
    mapping.defaultOutput = text;
    parts.push('rag.embed + rag.retrieve');
  }
  if (parts.length === 0) return { reason: 'nothing is stored in it or searched' };
  mapping.component = parts.join(', ');
  return mapping;
};

export const splitTextMapper: Mapper = (node) => {
  const size = Math.min(100_000, Math.max(50, Math.round(numberField(node, 'chunk_size') ?? 1000)));
  const overlap = Math.min(size - 1, Math.max(0, Math.round(numberField(node, 'chunk_overlap') ?? 200)));
  const created = flowNode(node, '', 'rag.split', { size, overlap });
  const documents = port(created, 'documents', 'documents');
  const receive = (arriving: PortType) => (arriving === 'documents' ? documents : port(created, 'text', 'text'));
  return {
    component: 'rag.split',
    nodes: [created],
    inputs: { data_inputs: receive, data_input: receive },
    outputs: {},
    defaultOutput: documents,
  };
};

/**
 * Where the export does not say which embedding model a store uses (Astra's server-side vectorize, a
 * Langflow knowledge base), rag.embed gets OpenAI's small model and a warning to check it.
 */
function defaultModel(context: MapContext, why: string): ImportedModel {
  context.warn(`${why}; rag.embed uses OpenAI text-embedding-3-small: change it to the model the data was embedded with`);
  return { provider: 'openai', model: 'text-embedding-3-small', apiKey: '{{secret:OPENAI_API_KEY}}' };
}

function defaultEmbedding(context: MapContext, why: string): Record<string, unknown> {
  return embeddingSettingsOf(defaultModel(context, why));
}

export function isVectorStore(node: LangflowNode): boolean {
  return node.fields.has('ingest_data') && (node.fields.has('search_query') || node.fields.has('search_input'));
}

const EMBEDDING_FIELDS = ['embedding', 'embedding_model', 'embeddings'];

function isEmbeddingComponent(node: LangflowNode): boolean {
  return node.type === 'EmbeddingModel' || (/Embeddings?(Component)?$/.test(node.type) && providerKeyOf(node.type) !== undefined);
}

/**
 * Langflow's starter projects leave embedding components unconnected beside a store the database embeds for
 * (Astra vectorize). For a store with no embedding connection, the nearest embedding component connected to
 * nothing supplies the settings, so they are not lost.
 */
function unconnectedEmbeddingFor(store: LangflowNode, context: MapContext): LangflowNode | undefined {
  if (EMBEDDING_FIELDS.some((field) => context.graph.edges.some((e) => e.target === store.id && e.targetField === field))) return undefined;
  const distance = (n: LangflowNode) => Math.hypot(n.position.x - store.position.x, n.position.y - store.position.y);
  return context.graph.nodes
    .filter((n) => isEmbeddingComponent(n) && !context.graph.edges.some((e) => e.source === n.id))
    .sort((a, b) => distance(a) - distance(b))[0];
}

function knowledgeBaseOf(node: LangflowNode): string {
  const name = stringField(node, 'knowledge_base') ?? 'knowledge';
  return name.replace(/[^A-Za-z0-9_-]+/g, '_').slice(0, 64) || 'knowledge';
}

/** Langflow knowledge bases are named vector stores: ingestion is rag.embed -> rag.store under the base's name. */
export const knowledgeIngestionMapper: Mapper = (node, context) => {
  const embedding = defaultEmbedding(context, "the knowledge base's embedding model is kept outside the export");
  const embed = flowNode(node, 'embed', 'rag.embed', embedding);
  const save = flowNode(node, 'store', 'rag.store', { store: knowledgeBaseOf(node), mode: 'append' });
  save.position.x += 260;
  return {
    component: 'rag.embed + rag.store',
    nodes: [embed, save],
    edges: [{ source: port(embed, 'documents', 'documents'), target: port(save, 'documents', 'documents') }],
    inputs: { input_df: port(embed, 'documents', 'documents') },
    outputs: {},
    defaultOutput: port(save, 'count', 'number'),
  };
};

/** Retrieval from a knowledge base: rag.embed for the question -> rag.retrieve from the base's store. */
export const knowledgeRetrievalMapper: Mapper = (node, context) => {
  const embedding = defaultEmbedding(context, "the knowledge base's embedding model is kept outside the export");
  const embed = flowNode(node, 'embed-query', 'rag.embed', embedding);
  const topK = Math.min(100, Math.max(1, Math.round(numberField(node, 'top_k') ?? 4)));
  const retrieve = flowNode(node, 'retrieve', 'rag.retrieve', { store: knowledgeBaseOf(node), topK });
  retrieve.position.x += 260;
  const text = port(retrieve, 'text', 'text');
  return {
    component: 'rag.embed + rag.retrieve',
    nodes: [embed, retrieve],
    edges: [{ source: port(embed, 'embedding', 'embedding'), target: port(retrieve, 'query', 'embedding') }],
    inputs: { search_query: port(embed, 'text', 'text') },
    outputs: {},
    defaultOutput: text,
  };
};
