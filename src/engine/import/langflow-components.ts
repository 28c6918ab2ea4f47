// Which mapper handles which Langflow component: by class name first, then by the fields a family shares.
import {
  agentMapper,
  chatModelMapper,
  embeddingsMapper,
  isVectorStore,
  knowledgeIngestionMapper,
  knowledgeRetrievalMapper,
  mcpToolsMapper,
  splitTextMapper,
  structuredOutputMapper,
  vectorStoreMapper,
} from './langflow-ai-mappers';
import {
  apiRequestMapper,
  chatInputMapper,
  chatOutputMapper,
  conditionalRouterMapper,
  fileMapper,
  memoryMapper,
  parserMapper,
  promptMapper,
  textInputMapper,
  textOutputMapper,
  urlMapper,
} from './langflow-core-mappers';
import type { Mapper } from './langflow-mapping';
import { providerKeyOf } from './langflow-models';
import type { LangflowNode } from './langflow-source';

const BY_TYPE: Record<string, Mapper> = {
  ChatInput: chatInputMapper,
  TextInput: textInputMapper,
  ChatOutput: chatOutputMapper,
  TextOutput: textOutputMapper,
  Prompt: promptMapper,
  'Prompt Template': promptMapper,
  LanguageModelComponent: chatModelMapper,
  Agent: agentMapper,
  StructuredOutput: structuredOutputMapper,
  StructuredOutputComponent: structuredOutputMapper,
  MCPTools: mcpToolsMapper,
  MCPToolsComponent: mcpToolsMapper,
  MCPStdio: mcpToolsMapper,
  MCPSse: mcpToolsMapper,
  EmbeddingModel: embeddingsMapper,
  SplitText: splitTextMapper,
  KnowledgeIngestion: knowledgeIngestionMapper,
  KnowledgeRetrieval: knowledgeRetrievalMapper,
  ConditionalRouter: conditionalRouterMapper,
  APIRequest: apiRequestMapper,
  URL: urlMapper,
  URLComponent: urlMapper,
  File: fileMapper,
  Memory: memoryMapper,
  parser: parserMapper,
  ParserComponent: parserMapper,
  ParseData: parserMapper,
};

/** Components whose whole point is Python written by the user. */
const CODE_TYPES = new Set(['CustomComponent', 'PythonFunction', 'PythonREPLComponent', 'PythonREPLTool', 'PythonCodeStructuredTool']);

/** Why a Langflow component has no mapper, in words the import summary can show. */
const KNOWN_REASONS: Record<string, string> = {
  LoopComponent:
    'a Loop runs part of this graph once per item; flow.map runs a separate sub-flow file per item, so move the loop body into its own flow and use flow.map',
  BatchRunComponent: 'a batch run calls a model once per row; flow.map with a one-node sub-flow does that',
  TypeConverterComponent: 'FlowStudio ports convert between types by themselves; connect the nodes directly',
};

export type MapperChoice = { mapper: Mapper } | { reason: string; isCode?: boolean };

const TOOL_MODE_REASON = 'it serves as an agent tool (Tool Mode); FlowStudio agents take tools from MCP servers (mcp.tools) or from flows';

/** `isTool`: the node's tool output (Tool Mode) feeds an agent. */
export function mapperFor(node: LangflowNode, isTool = false): MapperChoice {
  if (CODE_TYPES.has(node.type)) return { reason: 'it runs custom Python code, which FlowStudio does not run', isCode: true };
  if (node.isEdited) return { reason: 'its Python code was edited in Langflow, so what it does is not known', isCode: true };
  const known = BY_TYPE[node.type];
  if (isTool && known !== mcpToolsMapper) return { reason: TOOL_MODE_REASON };
  if (known) return { mapper: known };
  if (isVectorStore(node)) return { mapper: vectorStoreMapper };
  if (/Embeddings?(Component)?$/.test(node.type) && providerKeyOf(node.type)) return { mapper: embeddingsMapper };
  if (/Model(Component)?$/.test(node.type) && providerKeyOf(node.type)) return { mapper: chatModelMapper };
  const reason = KNOWN_REASONS[node.type];
  if (reason) return { reason };
  return {
    reason: node.outputNames.some((n) => /tool/i.test(n))
      ? `no FlowStudio component matches Langflow's ${node.displayName}; an MCP server offering it can serve the agent through mcp.tools`
      : `no FlowStudio component matches Langflow's ${node.displayName}`,
  };
}
