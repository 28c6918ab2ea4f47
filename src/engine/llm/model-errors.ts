// Turns AI SDK and network failures into messages a user can act on: who failed, how, and what to do.
// Messages never include request headers, so an API key cannot leak into events or logs.
import * as z from 'zod';
import { loadAiSdk } from './ai-sdk';

export interface ModelCallSite {
  nodeId: string;
  provider: string;
  model: string;
  /** The resolved key, so it can be blanked out if a provider echoes it back in an error. */
  apiKey?: string;
}

export class ModelCallError extends Error {
  constructor(
    message: string,
    readonly statusCode: number | undefined,
    readonly retryAfterSeconds: number | undefined,
  ) {
    super(message);
  }
}

/** Async only to reach the SDK's error classes; by the time a call has failed the SDK is loaded. */
export async function describeModelError(error: unknown, site: ModelCallSite): Promise<ModelCallError> {
  if (error instanceof ModelCallError) return error;
  const described = await describe(error, site);
  const key = site.apiKey;
  // Providers tend to quote the key they rejected; the message goes to events, logs and the user.
  if (key && key.length >= 4 && described.message.includes(key)) {
    return new ModelCallError(described.message.split(key).join('***'), described.statusCode, described.retryAfterSeconds);
  }
  return described;
}

async function describe(error: unknown, site: ModelCallSite): Promise<ModelCallError> {
  const { APICallError, RetryError } = await loadAiSdk();
  const who = `${site.provider} model '${site.model}'`;
  let attempts = 1;
  let cause = error;
  if (RetryError.isInstance(error)) {
    attempts = error.errors.length;
    cause = error.lastError;
  }
  const tries = attempts > 1 ? ` after ${attempts} attempts` : '';
  if (APICallError.isInstance(cause)) {
    const status = cause.statusCode;
    const detail = providerMessage(cause);
    const retryAfter = retryAfterSeconds(cause.responseHeaders);
    if (status !== undefined && status >= 200 && status < 300) {
      // The SDK reports a body that broke off after a 200 as a failed call; the cause says how it broke.
      return new ModelCallError(
        `the response stream of ${who} was cut off before it finished (${networkReason(cause.cause ?? cause)}); the reply is incomplete, run again`,
        undefined,
        undefined,
      );
    }
    if (status === 401 || status === 403) {
      return new ModelCallError(
        `${who} refused the API key (HTTP ${status}): ${detail}. Check the secret or environment variable named in params.apiKey`,
        status,
        undefined,
      );
    }
    if (status === 429) {
      const wait = retryAfter !== undefined ? `; the provider asks to retry after ${retryAfter} s` : '';
      return new ModelCallError(`${who} is rate limited (HTTP 429)${tries}${wait}: ${detail}`, status, retryAfter);
    }
    if (status !== undefined && status >= 500) {
      return new ModelCallError(
        `${who} failed on the provider's side (HTTP ${status})${tries}: ${detail}. Try again later`,
        status,
        retryAfter,
      );
    }
    if (status !== undefined) return new ModelCallError(`${who} rejected the request (HTTP ${status}): ${detail}`, status, retryAfter);
    return new ModelCallError(
      `cannot reach ${who} at ${originOf(cause.url)}: ${networkReason(cause.cause ?? cause)}`,
      undefined,
      undefined,
    );
  }
  const reason = networkReason(cause);
  if (/terminated|other side closed|ECONNRESET|premature close|aborted/i.test(reason)) {
    return new ModelCallError(
      `the response stream of ${who} was cut off before it finished (${reason}); the reply is incomplete, run again`,
      undefined,
      undefined,
    );
  }
  return new ModelCallError(`${who} failed: ${reason}`, undefined, undefined);
}

function providerMessage(error: Error): string {
  // The SDK's failed-response handlers already pull the provider's own error text into the message.
  const message = error.message.trim();
  return message.length > 300 ? `${message.slice(0, 300)}...` : message || 'no details given';
}

function retryAfterSeconds(headers: Record<string, string> | undefined): number | undefined {
  const raw = headers?.['retry-after'];
  if (raw === undefined) return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return seconds;
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.round((date - Date.now()) / 1000));
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

/** An error a provider sends inside the stream, such as Anthropic's {type: 'overloaded_error', message}. */
const streamedErrorSchema = z.object({ type: z.string().optional(), message: z.string() });

function networkReason(error: unknown): string {
  if (!(error instanceof Error)) {
    const streamed = streamedErrorSchema.safeParse(error);
    if (streamed.success) return streamed.data.type ? `${streamed.data.type}: ${streamed.data.message}` : streamed.data.message;
    return typeof error === 'string' ? error : JSON.stringify(error);
  }
  const code = (error as NodeJS.ErrnoException).code;
  const inner = error.cause instanceof Error ? `: ${networkReason(error.cause)}` : '';
  return `${code ? `${code} ` : ''}${error.message}${inner}`;
}
