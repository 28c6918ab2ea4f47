// The engine library (dist/engine.js): parse, validate and run flows. Nothing here imports vscode.
export { parseFlow, describePath } from './flow/parse';
export { serializeFlow } from './flow/serialize';
export { applyFlowEdits, flowEditSchema, FlowEditError, type FlowEdit, type TextReplacement } from './flow/flow-edit';
export { FlowDocument, FlowDocuments, type FlowParse } from './flow/flow-document';
export { FlowError, formatLocation, type FlowProblem } from './flow/errors';
export { FLOW_FORMAT_VERSION, flowSchema, type Flow, type FlowNode, type FlowEdge, type NodeRunSettings } from './flow/schema';
export { sourceOf, positionAt, positionOfPath, type SourcePosition, type JsonPath } from './flow/source';
export { MAX_FLOW_TEXT_LENGTH, MAX_NESTING_DEPTH, MAX_FLOW_NODES, MAX_FLOW_EDGES } from './flow/limits';
export { flowInterface, inputSchemaOf, outputSchemaOf, type FlowInterface, type FlowInterfacePort } from './flow/interface';
export { FileFlowLoader, defaultFlowLoader, type FlowLoader } from './flow/loader';
export { readFlowFileText, FlowFileReadError } from './flow/read-flow-file';
export { FileAccess, type FileAccessOptions } from './files/file-access';
export { DEFAULT_MAX_FILE_BYTES, FileAccessError, type FileAccessRule } from './files/file-rules';
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
export { coreComponents, coreRegistry, createCoreRegistry } from './components/core';
export { PORT_TYPES, canConnect, portConverter, textOf, type PortType, type ChatMessage } from './ports/port-types';
export { MAX_MEDIA_BYTES, describeMedia, isMediaValue, withoutMediaBytes, type MediaValue } from './ports/media';
export { EnvSecretStore, noSecrets, type SecretStore } from './secrets/secret-store';
export { MissingSecretError } from './secrets/references';
export { Redactor, REDACTION_MASK } from './secrets/redactor';
export {
  createBindingPolicy,
  commandLinePolicy,
  parseSecretBinding,
  SecretBindingError,
  type SecretBindingPolicy,
  type SecretUse,
  type BindingDecision,
  type BindingAnswer,
  type BindingPolicyOptions,
} from './secrets/binding-policy';
export { PROVIDER_ORIGINS, DEFAULT_SECRET_ORIGINS, normaliseBinding, originOf } from './secrets/destinations';
export { runFlow, type RunOptions, type RunHandle } from './executor/run-flow';
export { runResultJson, type RunResultJson } from './executor/result-json';
export { RunControl, type RunState, type PauseReason } from './executor/run-control';
export { RunCache } from './executor/run-cache';
export type { RunEvent, RunEventType, RunResult, RunStatus, RunError, NodeCounts, NodeDetail, ModelUsage } from './executor/events';
export type { ModelProvider, ApprovalPrompt, ToolApprovalRequest, AiRunServices } from './llm/run-services';
export type { HumanInput, AskRequest, AskAnswer, AskOrigin, FormAskRequest, UrlAskRequest } from './ask/human-input';
export {
  fieldKindOf,
  choicesOf,
  multiChoicesOf,
  answerProblems,
  formSchemaProblems,
  type FieldKind,
  type FieldChoice,
  type FormSchema,
} from './ask/form-schema';
export { NOBODY_CAN_ANSWER } from './components/core/ask';
export {
  approvedSampling,
  configuredModelOf,
  flowModelForSampling,
  SamplingRefusedError,
  type McpSampling,
  type SamplingApproval,
  type SamplingRequest,
  type SamplingReply,
} from './ask/sampling';
export { rootsOfFolders, type McpRoot } from './mcp/server-requests';
export type { McpCallResponder } from './mcp/call-responder';
export { ChatSessionStore, defaultChatSessions, type ChatSessionStoreOptions } from './llm/chat-session-store';
export { PROVIDER_NAMES, type ProviderName } from './llm/providers';
export { llmComponents } from './components/llm';
export type { FlowToolSet } from './llm/agent-tools';
export { ragComponents } from './components/rag';
export type { RagDocument } from './rag/documents';
export { McpConnectionPool, type McpPoolOptions } from './mcp/connection-pool';
export {
  loadMcpConfig,
  addConfigText,
  definitionDigest,
  describeServerLaunch,
  type McpConfig,
  type McpServerDefinition,
  type McpInputDeclaration,
} from './mcp/server-config';
export type { ConnectionStatus } from './mcp/connection';
export { MemoryOAuthTokenStore, type OAuthTokenStore } from './mcp/oauth/token-store';
export { FileOAuthTokenStore, defaultOAuthFile } from './mcp/oauth/file-token-store';
export type { McpOAuthOptions, OAuthAuthorizationPrompt, OAuthAuthorizationRequest } from './mcp/oauth/authorization-prompt';
export { signInUrlProblem } from './mcp/oauth/sign-in-url';
export {
  boundClientSecrets,
  parsePreRegisteredClient,
  type OAuthClientSecrets,
  type PreRegisteredClient,
} from './mcp/oauth/pre-registered-client';
export {
  serversUsedBy,
  type McpAccess,
  type McpCatalog,
  type McpMessage,
  type McpToolInfo,
  type McpPromptInfo,
  type McpToolResult,
  type McpTaskPreference,
  type McpTaskStatus,
} from './mcp/access';
export { findToolPoisoning, type PoisoningFinding } from './mcp/tool-poisoning';
export { terminalSafe, hiddenTextIn, type HiddenTextKind } from './mcp/hidden-text';
export { mcpComponents, type McpToolSet } from './components/mcp';
export { toolNameFromFlow, uniqueToolNames } from './flow/tool-name';
export * from './testing';
export { exporters, exporterFor, exportFlowToTypeScript, type FlowExporter, type TypeScriptExportOptions } from './export';
export {
  importFlow,
  importLangflow,
  importPromptflow,
  detectImportSource,
  allMapped,
  ImportError,
  IMPORT_SOURCES,
  describeImportedNode,
  importCounts,
  importSummary,
  type ImportOptions,
  type ImportResult,
  type ImportedNode,
  type ImportSource,
  type ImportWarning,
  type SiblingReader,
} from './import';
