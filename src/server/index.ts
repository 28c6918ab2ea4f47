// Serving flows to callers: the MCP flow server over stdio and Streamable HTTP, its tool catalog,
// and the checks every HTTP caller passes. Built on the engine; the CLI's `mcp serve` calls it.
export { FlowToolCatalog, type FlowTool, type CatalogProblem } from './flow-tool-catalog';
export { RunLimiter } from './run-limiter';
export { createFlowServer, MAX_SUBSCRIPTIONS, ServedState, type FlowServerContext, type FlowServerOptions } from './flow-server';
export { DEFAULT_TASK_LIMITS, type TaskLimits } from './flow-tasks';
export { DEFAULT_CONVERSATION_LIMITS, type ConversationLimits } from './conversation-handles';
export { DEFAULT_PARKED_RUN_LIMITS, type ParkedRunLimits } from './parked-runs';
export { toolAnnotationsOf } from './tool-annotations';
export { type FlowOfferKind } from './flow-offer';
export { serveFlowsOverHttp, serveFlowsOverStdio, type HttpServeOptions, type RunningHttpServer, type RunningStdioServer } from './serve';
export { staticTokenProblem, MIN_TOKEN_LENGTH } from './bearer-verifier';
export { DEFAULT_RATE_LIMITS, type RateLimits } from './serve';
export { DEFAULT_SESSION_LIMITS, type SessionLimits } from './session-table';
