// The engine library (dist/engine.js): parse, validate and run flows. Nothing here imports vscode.
export { parseFlow, describePath } from './flow/parse';
export { serializeFlow } from './flow/serialize';
export { applyFlowEdits, flowEditSchema, FlowEditError, type FlowEdit, type TextReplacement } from './flow/flow-edit';
export { FlowDocument, FlowDocuments, type FlowParse } from './flow/flow-document';
export { FlowError, formatLocation, type FlowProblem } from './flow/errors';
export { FLOW_FORMAT_VERSION, flowSchema, type Flow, type FlowNode, type FlowEdge, type NodeRunSettings } from './flow/schema';
export { sourceOf, positionAt, positionOfPath, type SourcePosition, type JsonPath } from './flow/source';
export { flowInterface, inputSchemaOf, outputSchemaOf, type FlowInterface, type FlowInterfacePort } from './flow/interface';
export { FileFlowLoader, defaultFlowLoader, type FlowLoader } from './flow/loader';
export { validateFlow, type ValidateOptions } from './validate/validate-flow';
export { findUnsetReferences, type ReferenceAvailability, type UnsetReference } from './validate/references-check';
export { formatDiagnostic, type Diagnostic, type DiagnosticCode, type DiagnosticSeverity } from './validate/diagnostic';
export {
  defineComponent,
  FLOW_OUTPUT_KEY,
  type Component,
  type ComponentSpec,
  type ComponentContext,
  type ComponentCategory,
  type ComponentOutputs,
  type PortSpec,
  type PortContext,
  type FlowPortInfo,
} from './components/define-component';
export { ComponentRegistry } from './components/registry';
export { coreComponents, createCoreRegistry } from './components/core';
export { PORT_TYPES, canConnect, portConverter, textOf, type PortType, type ChatMessage } from './ports/port-types';
export { EnvSecretStore, noSecrets, type SecretStore } from './secrets/secret-store';
export { MissingSecretError } from './secrets/references';
export { runFlow, type RunOptions, type RunHandle } from './executor/run-flow';
export { RunCache } from './executor/run-cache';
export type { RunEvent, RunEventType, RunResult, RunStatus, RunError, NodeCounts, NodeDetail, ModelUsage } from './executor/events';
export type { ModelProvider, ApprovalPrompt, ToolApprovalRequest, AiRunServices } from './llm/run-services';
export { ChatSessionStore, defaultChatSessions, type ChatSessionStoreOptions } from './llm/chat-session-store';
export { PROVIDER_NAMES, type ProviderName } from './llm/providers';
export { llmComponents } from './components/llm';
export type { FlowToolSet } from './llm/agent-tools';
export { ragComponents } from './components/rag';
export type { RagDocument } from './rag/documents';
export { McpConnectionPool, type McpPoolOptions } from './mcp/connection-pool';
export { loadMcpConfig, addConfigText, type McpConfig, type McpServerDefinition, type McpInputDeclaration } from './mcp/server-config';
export type { ConnectionStatus } from './mcp/connection';
export { MemoryOAuthTokenStore, type OAuthTokenStore } from './mcp/oauth/token-store';
export { FileOAuthTokenStore, defaultOAuthFile } from './mcp/oauth/file-token-store';
export type { McpOAuthOptions, OAuthAuthorizationPrompt, OAuthAuthorizationRequest } from './mcp/oauth/authorization-prompt';
export { serversUsedBy, type McpAccess, type McpCatalog, type McpMessage, type McpToolInfo, type McpPromptInfo, type McpToolResult } from './mcp/access';
export { findToolPoisoning, type PoisoningFinding } from './mcp/tool-poisoning';
export { mcpComponents, type McpToolSet } from './components/mcp';
export { FlowToolCatalog, type FlowTool } from './mcp/server/flow-tool-catalog';
export { toolNameFromFlow, uniqueToolNames } from './mcp/server/tool-name';
export { RunLimiter } from './mcp/server/run-limiter';
export { createFlowServer, type FlowServerOptions } from './mcp/server/flow-server';
export { serveFlowsOverHttp, serveFlowsOverStdio, type HttpServeOptions, type RunningHttpServer } from './mcp/server/serve';
