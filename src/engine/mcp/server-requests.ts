// Requests a server sends to us: elicitation (ask the person), sampling (ask the model) and roots.
// A question is answered only for the run whose call is open on this session when it arrives; the
// MCP SDK does not say which call a server request belongs to, so a request outside any call, or
// while calls of several runs overlap on the session, is declined rather than guessed.
import { pathToFileURL } from 'node:url';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  CreateMessageRequestSchema,
  ElicitRequestSchema,
  ErrorCode,
  ListRootsRequestSchema,
  McpError,
  type CreateMessageRequest,
  type CreateMessageResult,
  type ElicitRequest,
  type ElicitResult,
} from '@modelcontextprotocol/sdk/types.js';
import { answerProblems, formSchemaProblems, type FormSchema } from '../ask/form-schema';
import type { AskOrigin, AskRequest } from '../ask/human-input';
import type { SamplingRequest } from '../ask/sampling';
import type { McpCallResponder } from './call-responder';

/** A folder the client tells servers they may work in. */
export interface McpRoot {
  uri: string;
  name?: string;
}

/** Roots for local folders, as `file://` URIs named after the folder. */
export function rootsOfFolders(folders: readonly string[]): McpRoot[] {
  return folders.map((folder) => ({ uri: pathToFileURL(folder).href, name: folder.split(/[\\/]/).filter(Boolean).pop() ?? folder }));
}

/** The capabilities a session declares: every request kind below is handled (or declined with a reason). */
export function clientCapabilities(hasRoots: boolean) {
  return {
    elicitation: { form: {}, url: {} },
    sampling: {},
    // Tools are called as tasks (see task-call.ts); no list, cancel or task-run requests of the server's own.
    tasks: {},
    ...(hasRoots ? { roots: { listChanged: true } } : {}),
  };
}

/**
 * One call in flight. Its no-progress clock pauses while the server waits for a person or a model,
 * since an answer may take longer than a server may stay silent.
 */
export class OpenCall {
  /** Why a question the server asked during this call could not be answered; the call fails with it. */
  failure: Error | undefined;
  private readonly idle = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private holds = 0;

  constructor(
    readonly responder: McpCallResponder | undefined,
    private readonly idleMs: number,
    private readonly onIdle: () => Error,
  ) {
    this.restart();
  }

  get idleSignal(): AbortSignal {
    return this.idle.signal;
  }

  /** Progress arrived: the server is alive. */
  touch(): void {
    if (this.holds === 0) this.restart();
  }

  hold(): void {
    this.holds++;
    clearTimeout(this.timer);
  }

  release(): void {
    if (--this.holds === 0) this.restart();
  }

  close(): void {
    clearTimeout(this.timer);
  }

  private restart(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.idle.abort(this.onIdle()), this.idleMs);
  }
}

/** The calls of one session that are in flight, and which run (if any) may answer a request now. */
export class OpenCalls {
  private readonly calls = new Set<OpenCall>();

  open(call: OpenCall): OpenCall {
    this.calls.add(call);
    return call;
  }

  close(call: OpenCall): void {
    call.close();
    this.calls.delete(call);
  }

  /** The open calls when all belong to one run (one answerer of this kind); otherwise why nobody may answer. */
  answering<T>(pick: (responder: McpCallResponder) => T | undefined): { calls: OpenCall[]; answerer: T } | { refusal: string } {
    const calls = [...this.calls];
    if (calls.length === 0) return { refusal: 'it arrived outside any call of a flow' };
    const answerers = new Set(calls.map((c) => (c.responder ? pick(c.responder) : undefined)));
    if (answerers.size > 1) return { refusal: 'calls of several runs were open on this server at once, so it is unclear whose it is' };
    const [answerer] = answerers;
    if (answerer === undefined) return { refusal: 'the call it arrived in belongs to no run that can answer it' };
    return { calls, answerer };
  }
}

/** Installs the handlers for requests from `server` on a new session. */
export function handleServerRequests(
  client: Client,
  server: string,
  calls: OpenCalls,
  roots: (() => readonly McpRoot[]) | undefined,
  log: (line: string) => void,
): void {
  client.setRequestHandler(ElicitRequestSchema, (request, extra) => elicit(request, extra.signal, server, calls, log));
  client.setRequestHandler(CreateMessageRequestSchema, (request, extra) => sample(request, extra.signal, server, calls, log));
  if (roots) client.setRequestHandler(ListRootsRequestSchema, () => ({ roots: roots().map((r) => ({ ...r })) }));
}

async function elicit(
  request: ElicitRequest,
  serverSignal: AbortSignal,
  server: string,
  calls: OpenCalls,
  log: (line: string) => void,
): Promise<ElicitResult> {
  const found = calls.answering((r) => r.humanInput);
  if ('refusal' in found) {
    log(`declined a question from the server: ${found.refusal}`);
    return { action: 'decline' };
  }
  const { calls: open, answerer: humanInput } = found;
  const fail = (message: string): ElicitResult => {
    const failure = new Error(`it asked a question that could not be answered: ${message}`);
    for (const call of open) call.failure ??= failure;
    return { action: 'decline' };
  };
  const params = request.params;
  const origin: AskOrigin = { kind: 'mcp-server', server, ...commonOrigin(open) };
  let ask: AskRequest;
  if (params.mode === 'url') {
    const problem = urlProblem(params.url);
    if (problem) return fail(problem);
    ask = { mode: 'url', message: params.message, url: params.url, elicitationId: params.elicitationId, origin };
  } else {
    const problems = formSchemaProblems(params.requestedSchema);
    if (problems.length) return fail(`its form cannot be shown: ${problems.join('; ')}`);
    ask = { mode: 'form', message: params.message, requestedSchema: params.requestedSchema as FormSchema, origin };
  }
  const signal = AbortSignal.any([serverSignal, ...open.map((c) => c.idleSignal)]);
  for (const call of open) call.hold();
  try {
    const answer = await humanInput.ask(ask, signal);
    if (answer.action === 'accept' && ask.mode === 'form') {
      const wrong = answerProblems(ask.requestedSchema, answer.content ?? {});
      if (wrong) return fail(`the answer does not fit the server's form: ${wrong}`);
      return { action: 'accept', content: (answer.content ?? {}) as ElicitResult['content'] };
    }
    return answer.action === 'accept' ? { action: 'accept' } : { action: answer.action };
  } catch (error) {
    if (signal.aborted) return { action: 'cancel' };
    return fail((error as Error).message);
  } finally {
    for (const call of open) call.release();
  }
}

async function sample(
  request: CreateMessageRequest,
  serverSignal: AbortSignal,
  server: string,
  calls: OpenCalls,
  log: (line: string) => void,
): Promise<CreateMessageResult> {
  const found = calls.answering((r) => r.sampling);
  if ('refusal' in found) {
    log(`refused a sampling request: ${found.refusal}`);
    throw new McpError(ErrorCode.InvalidRequest, `sampling refused: ${found.refusal}`);
  }
  const { calls: open, answerer: sampling } = found;
  const refuse = (message: string): never => {
    const failure = new Error(`it asked for a completion of the model (sampling), refused: ${message}`);
    for (const call of open) call.failure ??= failure;
    throw new McpError(ErrorCode.InvalidRequest, `sampling refused: ${message}`);
  };
  const params = request.params;
  if (params.tools?.length) refuse('requests with tools are not supported');
  const messages: SamplingRequest['messages'] = [];
  for (const message of params.messages) {
    const blocks = Array.isArray(message.content) ? message.content : [message.content];
    const text = blocks.map((b) => (b.type === 'text' ? b.text : undefined));
    if (text.some((t) => t === undefined)) refuse('only text messages can be shown for approval and sent');
    messages.push({ role: message.role, text: text.join('\n') });
  }
  const ask: SamplingRequest = {
    server,
    ...commonOrigin(open),
    messages,
    ...(params.systemPrompt ? { systemPrompt: params.systemPrompt } : {}),
    maxTokens: params.maxTokens,
    ...(params.temperature !== undefined ? { temperature: params.temperature } : {}),
    ...(params.stopSequences ? { stopSequences: params.stopSequences } : {}),
    modelHints: (params.modelPreferences?.hints ?? []).flatMap((h) => (h.name ? [h.name] : [])),
  };
  const signal = AbortSignal.any([serverSignal, ...open.map((c) => c.idleSignal)]);
  for (const call of open) call.hold();
  try {
    const reply = await sampling.createMessage(ask, signal);
    return { role: 'assistant', content: { type: 'text', text: reply.text }, model: reply.model, stopReason: reply.stopReason };
  } catch (error) {
    if (error instanceof McpError) throw error;
    return refuse((error as Error).message);
  } finally {
    for (const call of open) call.release();
  }
}

/** Node and flow of the open calls, when they agree. */
function commonOrigin(open: readonly OpenCall[]): { nodeId?: string; flowFile?: string } {
  const nodes = new Set(open.map((c) => c.responder?.nodeId));
  const files = new Set(open.map((c) => c.responder?.flowFile));
  const [nodeId] = nodes;
  const [flowFile] = files;
  return { ...(nodes.size === 1 && nodeId ? { nodeId } : {}), ...(files.size === 1 && flowFile ? { flowFile } : {}) };
}

/** Only https pages are offered to the person: a server must not make the client run script or open local files. */
export function urlProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'its URL is not a valid URL';
  }
  if (parsed.protocol !== 'https:') return `it asked to open a ${parsed.protocol} URL; only https URLs are opened`;
  if (parsed.username || parsed.password) return 'its URL carries a user name or password';
  return undefined;
}
