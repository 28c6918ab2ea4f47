// What a served flow borrows from the MCP client that called it: the person behind the client
// (questions become elicitation requests) and the client's model (provider 'mcp-client' becomes
// sampling requests). How they travel depends on the protocol era: on 2025 connections as requests
// the server sends (related to the caller's tools/call, so over HTTP they ride that call's response
// stream); on 2026-07-28 as `input_required` results the caller answers by calling again (see
// parked-runs.ts). Both end when the run is cancelled.
import type {
  ClientCapabilities,
  CreateMessageRequestParamsBase,
  CreateMessageResult,
  ElicitRequestFormParams,
  ElicitRequestURLParams,
  ElicitResult,
  RequestId,
  Server,
} from '@modelcontextprotocol/server';
import type { AskAnswer, AskRequest, HumanInput } from '../engine/ask/human-input';
import type { ModelProvider } from '../engine/llm/run-services';
import { SamplingLanguageModel } from './sampling-model';

/**
 * How long one question or sampling request may wait on the caller when the run sets no shorter
 * bound: a person answers slower than the SDK's one-minute default for requests.
 */
export const CALLER_REQUEST_TIMEOUT_MS = 10 * 60_000;

/** The way back to the caller of one run: what it declared it can answer, and how to ask it. */
export interface CallerChannel {
  /** The capabilities the caller declared (at initialize, or on the request that started the run). */
  capabilities(): ClientCapabilities | undefined;
  elicit(params: ElicitRequestFormParams | ElicitRequestURLParams, signal: AbortSignal): Promise<ElicitResult>;
  sample(params: CreateMessageRequestParamsBase, signal: AbortSignal | undefined): Promise<CreateMessageResult>;
}

/** A 2025-era caller: the server sends it requests, related to the request `requestId` it is serving. */
export function pushChannel(server: Server, requestId: () => RequestId | undefined): CallerChannel {
  const related = () => {
    const id = requestId();
    return id === undefined ? {} : { relatedRequestId: id };
  };
  return {
    capabilities: () => server.getClientCapabilities(),
    elicit: (params, signal) => server.elicitInput(params, { ...related(), signal, timeout: CALLER_REQUEST_TIMEOUT_MS }),
    sample: async (params, signal) =>
      (await server.createMessage(params, { ...related(), signal, timeout: CALLER_REQUEST_TIMEOUT_MS })) as CreateMessageResult,
  };
}

/** Thrown when the caller declared no way to answer; the node fails with this message. */
export class CallerCannotAnswerError extends Error {}

/** Passes the run's questions on to the caller as elicitation requests (form or URL mode). */
export function callerHumanInput(caller: CallerChannel): HumanInput {
  return {
    ask: async (request: AskRequest, signal: AbortSignal): Promise<AskAnswer> => {
      const declared = caller.capabilities()?.elicitation;
      // A bare `elicitation: {}` (the 2025-06-18 form) means form mode.
      const canAnswerForm = declared !== undefined && (declared.form !== undefined || declared.url === undefined);
      const canAnswer = request.mode === 'url' ? declared?.url !== undefined : canAnswerForm;
      if (!canAnswer) {
        throw new CallerCannotAnswerError(
          `the flow asks a question (${askedBy(request)}), but the MCP client that called it does not accept ` +
            `${request.mode}-mode elicitation requests, so nobody can answer; call it from a client that supports elicitation`,
        );
      }
      const params: ElicitRequestFormParams | ElicitRequestURLParams =
        request.mode === 'url'
          ? { mode: 'url', message: request.message, url: request.url, elicitationId: request.elicitationId }
          : {
              mode: 'form',
              message: request.message,
              requestedSchema: request.requestedSchema as ElicitRequestFormParams['requestedSchema'],
            };
      const result = await caller.elicit(params, signal);
      if (result.action === 'accept') return { action: 'accept', ...(result.content ? { content: { ...result.content } } : {}) };
      return { action: result.action };
    },
  };
}

/** Provider 'mcp-client': the caller's model, reached through sampling. */
export function callerModelProvider(caller: CallerChannel): ModelProvider {
  return { id: 'mcp-client', languageModel: (modelId) => new SamplingLanguageModel(modelId, caller) };
}

function askedBy(request: AskRequest): string {
  const origin = request.origin;
  if (origin.kind === 'node') return `node '${origin.nodeId}'`;
  return `MCP server '${origin.server}'${origin.nodeId ? ` called by node '${origin.nodeId}'` : ''}`;
}
