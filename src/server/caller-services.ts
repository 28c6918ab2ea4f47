// What a served flow borrows from the MCP client that called it: the person behind the client
// (questions become elicitation requests) and the client's model (provider 'mcp-client' becomes
// sampling requests). Both travel as requests related to the caller's tools/call, so over HTTP they
// reach the caller on that call's own response stream, and both end when the run is cancelled.
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { ElicitRequestParams, RequestId } from '@modelcontextprotocol/sdk/types.js';
import type { AskAnswer, AskRequest, HumanInput } from '../engine/ask/human-input';
import type { ModelProvider } from '../engine/llm/run-services';
import { SamplingLanguageModel } from './sampling-model';

/**
 * How long one question or sampling request may wait on the caller when the run sets no shorter
 * bound: a person answers slower than the SDK's one-minute default for requests.
 */
export const CALLER_REQUEST_TIMEOUT_MS = 10 * 60_000;

/** The tools/call (or prompts/get, resources/read) a run serves, and the session it came on. */
export interface CallerRequest {
  server: Server;
  requestId: RequestId;
}

/** Thrown when the caller declared no way to answer; the node fails with this message. */
export class CallerCannotAnswerError extends Error {}

/** Passes the run's questions on to the caller as elicitation requests (form or URL mode). */
export function callerHumanInput(caller: CallerRequest): HumanInput {
  return {
    ask: async (request: AskRequest, signal: AbortSignal): Promise<AskAnswer> => {
      const declared = caller.server.getClientCapabilities()?.elicitation;
      const canAnswer = request.mode === 'url' ? declared?.url !== undefined : declared?.form !== undefined;
      if (!canAnswer) {
        throw new CallerCannotAnswerError(
          `the flow asks a question (${askedBy(request)}), but the MCP client that called it does not accept ` +
            `${request.mode}-mode elicitation requests, so nobody can answer; call it from a client that supports elicitation`,
        );
      }
      const params: ElicitRequestParams =
        request.mode === 'url'
          ? { mode: 'url', message: request.message, url: request.url, elicitationId: request.elicitationId }
          : { mode: 'form', message: request.message, requestedSchema: request.requestedSchema as never };
      const result = await caller.server.elicitInput(params, {
        relatedRequestId: caller.requestId,
        signal,
        timeout: CALLER_REQUEST_TIMEOUT_MS,
      });
      if (result.action === 'accept') return { action: 'accept', ...(result.content ? { content: { ...result.content } } : {}) };
      return { action: result.action };
    },
  };
}

/** Provider 'mcp-client': the caller's model, reached through sampling. */
export function callerModelProvider(caller: CallerRequest): ModelProvider {
  return { id: 'mcp-client', languageModel: (modelId) => new SamplingLanguageModel(modelId, caller, CALLER_REQUEST_TIMEOUT_MS) };
}

function askedBy(request: AskRequest): string {
  const origin = request.origin;
  if (origin.kind === 'node') return `node '${origin.nodeId}'`;
  return `MCP server '${origin.server}'${origin.nodeId ? ` called by node '${origin.nodeId}'` : ''}`;
}
