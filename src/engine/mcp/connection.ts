// One MCP server session: connects lazily over its transport, keeps the tool and prompt lists fresh
// through listChanged notifications, captures a stdio server's stderr for the log, and after the
// server dies reconnects on the next use with a growing delay. All SDK use stays in this folder.
import { UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StdioClientTransport, getDefaultEnvironment } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { WebSocketClientTransport } from '@modelcontextprotocol/sdk/client/websocket.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { ErrorCode, McpError, type Prompt, type Tool } from '@modelcontextprotocol/sdk/types.js';
import type { McpCallOptions, McpPromptInfo, McpResourceInfo, McpToolInfo, McpToolResult } from './access';
import type { McpOAuthOptions } from './oauth/authorization-prompt';
import { StoredOAuthClientProvider } from './oauth/client-provider';
import { completeSignIn, SignInError } from './oauth/sign-in';
import type { PreRegisteredClient } from './oauth/pre-registered-client';
import type { McpServerDefinition } from './server-config';
import { McpMessageTap } from './message-tap';
import { abortableDelay } from '../time/abortable-delay';
import { clientCapabilities, handleServerRequests, OpenCall, OpenCalls, type McpRoot } from './server-requests';
import { callsAsTask, callToolAsTask, TaskStatusBoard } from './task-call';
import { afterUrlElicitation } from './url-elicitation-required';

export type ConnectionStatus = 'stopped' | 'connecting' | 'connected' | 'error';

export interface ConnectionTimeouts {
  /** How long connecting (spawn + initialize) may take. Generous: some servers start slowly (npx, JVMs). */
  connectMs: number;
  /** How long a call may go without progress; each progress notification restarts this clock. */
  callMs: number;
  /** How long a call may take in all, progress or not: a server reporting progress forever ends here. */
  totalCallMs: number;
}

export const DEFAULT_TIMEOUTS: ConnectionTimeouts = { connectMs: 60_000, callMs: 120_000, totalCallMs: 30 * 60_000 };

export interface ConnectionHooks {
  onStatus?: (status: ConnectionStatus, error?: string) => void;
  onLog?: (line: string) => void;
  onToolsChanged?: (tools: readonly McpToolInfo[]) => void;
  /** The server announced a new prompt list (already re-read) or resource list (listed on demand). */
  onListChanged?: (list: 'prompts' | 'resources') => void;
  /** The folders servers may work in (MCP roots); without it the session declares no roots. */
  roots?: () => readonly McpRoot[];
}

const STDERR_LINES_KEPT = 200;
const MAX_BACKOFF_MS = 30_000;

export class McpConnection {
  private client: Client | undefined;
  private connecting: Promise<Client> | undefined;
  private statusValue: ConnectionStatus = 'stopped';
  private lastError: string | undefined;
  private tools: McpToolInfo[] | undefined;
  private prompts: McpPromptInfo[] | undefined;
  private readonly stderrLines: string[] = [];
  private failures = 0;
  private nextAttemptAt = 0;
  private isClosing = false;
  private stdioTransport: StdioClientTransport | undefined;
  /** The OAuth provider and HTTP transport of the open session, for a sign-in a later request needs. */
  private signInContext: { provider: StoredOAuthClientProvider; transport: StreamableHTTPClientTransport } | undefined;
  private readonly tap: McpMessageTap;
  private readonly openCalls = new OpenCalls();
  private readonly taskStatuses = new TaskStatusBoard();

  constructor(
    readonly definition: McpServerDefinition,
    private readonly resolve: (definition: McpServerDefinition) => Promise<McpServerDefinition>,
    private readonly timeouts: ConnectionTimeouts = DEFAULT_TIMEOUTS,
    private readonly hooks: ConnectionHooks = {},
    /** Sign-in for HTTP servers that answer 401; without it such servers fail with a clear error. */
    private readonly oauth?: McpOAuthOptions,
  ) {
    this.tap = new McpMessageTap(definition.name);
  }

  get name(): string {
    return this.definition.name;
  }

  get status(): ConnectionStatus {
    return this.statusValue;
  }

  get error(): string | undefined {
    return this.lastError;
  }

  get knownTools(): readonly McpToolInfo[] | undefined {
    return this.tools;
  }

  get knownPrompts(): readonly McpPromptInfo[] | undefined {
    return this.prompts;
  }

  /** The process id of a running stdio server, for hosts that show or stop it. */
  get processId(): number | undefined {
    return this.client ? (this.stdioTransport?.pid ?? undefined) : undefined;
  }

  /** The last lines the server wrote to stderr (stdio servers only). */
  get log(): readonly string[] {
    return this.stderrLines;
  }

  async connected(signal?: AbortSignal): Promise<Client> {
    if (this.client) return this.client;
    this.connecting ??= this.connect(signal).finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  async listTools(signal?: AbortSignal): Promise<readonly McpToolInfo[]> {
    const client = await this.connected(signal);
    if (!this.tools) await this.refreshLists(client, signal);
    return this.tools ?? [];
  }

  async callTool(tool: string, args: Record<string, unknown>, options: McpCallOptions = {}): Promise<McpToolResult> {
    const client = await this.connected(options.signal);
    const serverRunsToolTasks = client.getServerCapabilities()?.tasks?.requests?.tools?.call !== undefined;
    const asTask = callsAsTask(this.name, this.tools?.find((t) => t.name === tool) ?? { name: tool }, serverRunsToolTasks, options.task);
    const trace = <T>(send: () => Promise<T>) => this.tap.capture(options.onMessage, send);
    const result = await this.withServerErrors(`calling tool '${tool}'${asTask ? ' as a task' : ''}`, options.signal, () =>
      afterUrlElicitation(this.name, options, () =>
        this.inCall(options, (request) =>
          asTask
            ? callToolAsTask(
                {
                  client,
                  server: this.name,
                  statuses: this.taskStatuses,
                  trace,
                  onMessage: options.onMessage,
                  maxPollMs: this.timeouts.callMs / 2,
                },
                tool,
                args,
                request,
                this.timeouts.totalCallMs,
              )
            : trace(() => client.callTool({ name: tool, arguments: args }, undefined, request)),
        ),
      ),
    );
    const content = Array.isArray(result.content) ? (result.content as unknown[]) : [];
    const text = textOfContent(content);
    const structured = (result as { structuredContent?: unknown }).structuredContent;
    return { value: structured ?? content, text, content, isStructured: structured !== undefined, isError: result.isError === true };
  }

  /** The server's resources (empty when it offers none), for browsing; not cached, lists can be long-lived. */
  async listResources(signal?: AbortSignal): Promise<McpResourceInfo[]> {
    const client = await this.connected(signal);
    if (!client.getServerCapabilities()?.resources) return [];
    const found: McpResourceInfo[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 100; pages++) {
      const page = await this.withServerErrors('listing resources', signal, () =>
        client.listResources(cursor ? { cursor } : {}, signal ? { signal } : undefined),
      );
      for (const r of page.resources)
        found.push({
          uri: r.uri,
          name: r.name,
          ...(r.description ? { description: r.description } : {}),
          ...(r.mimeType ? { mimeType: r.mimeType } : {}),
        });
      cursor = page.nextCursor;
      if (!cursor) break;
    }
    return found;
  }

  async readResource(uri: string, options: McpCallOptions = {}): Promise<{ text: string; contents: unknown[]; mimeType?: string }> {
    const client = await this.connected(options.signal);
    const result = await this.withServerErrors(`reading resource '${uri}'`, options.signal, () =>
      this.inCall(options, (request) => this.tap.capture(options.onMessage, () => client.readResource({ uri }, request))),
    );
    const contents = result.contents as { text?: string; mimeType?: string }[];
    const text = contents.map((c) => (typeof c.text === 'string' ? c.text : '')).join('\n');
    return { text, contents, mimeType: contents[0]?.mimeType };
  }

  async getPrompt(prompt: string, args: Record<string, string>, options: McpCallOptions = {}) {
    const client = await this.connected(options.signal);
    const result = await this.withServerErrors(`getting prompt '${prompt}'`, options.signal, () =>
      this.inCall(options, (request) =>
        this.tap.capture(options.onMessage, () => client.getPrompt({ name: prompt, arguments: args }, request)),
      ),
    );
    const messages = result.messages.map((m) => ({ role: m.role, content: textOfContent([m.content]) }));
    return { messages, description: result.description };
  }

  async close(): Promise<void> {
    this.isClosing = true;
    const client = this.client;
    this.client = undefined;
    this.signInContext = undefined;
    this.tools = undefined;
    this.prompts = undefined;
    await client?.close().catch(() => undefined);
    this.setStatus('stopped');
    this.isClosing = false;
  }

  /**
   * Ends the session and forgets this server's OAuth state (tokens, registered client, verifier),
   * so the next use signs in afresh. Returns false when there was nothing to forget (not an HTTP server).
   */
  async signOut(): Promise<boolean> {
    await this.close();
    const definition = await this.resolve(this.definition);
    if (definition.transport !== 'http' || !this.oauth) return false;
    await new StoredOAuthClientProvider(definition.url, this.oauth).invalidateCredentials('all');
    return true;
  }

  /** Tell connected servers the roots changed (the editor's folders did); they list them again. */
  async notifyRootsChanged(): Promise<void> {
    if (this.client && this.hooks.roots) await this.client.sendRootsListChanged().catch(() => undefined);
  }

  /**
   * Runs one request as an open call of its run, so a question the server asks meanwhile reaches that
   * run; a question the run could not answer fails the call with the reason, not the server's words.
   */
  private async inCall<T>(options: McpCallOptions, request: (requestOptions: ReturnType<McpConnection['requestOptions']>) => Promise<T>) {
    const { callMs } = this.timeouts;
    const call = this.openCalls.open(
      new OpenCall(options.responder, callMs, () => new McpError(ErrorCode.RequestTimeout, 'Request timed out', { timeout: callMs })),
    );
    try {
      const result = await request(this.requestOptions(options, call));
      if (call.failure) throw call.failure;
      return result;
    } catch (error) {
      throw call.failure ?? error;
    } finally {
      this.openCalls.close(call);
    }
  }

  private requestOptions(options: McpCallOptions, call: OpenCall) {
    // Both limits are signals rather than the SDK's timers: an aborted request is also cancelled at the
    // server (notifications/cancelled), it ends on time rather than at the next progress, and the
    // no-progress clock (the call's) pauses while the server waits for the person or the model.
    const total = AbortSignal.timeout(this.timeouts.totalCallMs);
    return {
      signal: AbortSignal.any([...(options.signal ? [options.signal] : []), total, call.idleSignal]),
      // Later than the signals, so they are what ends a call.
      timeout: this.timeouts.totalCallMs + 1000,
      onprogress: (progress: Parameters<NonNullable<McpCallOptions['onProgress']>>[0]) => {
        call.touch();
        options.onProgress?.(progress);
      },
      alive: () => call.touch(),
    };
  }

  private async connect(signal?: AbortSignal): Promise<Client> {
    const wait = this.nextAttemptAt - Date.now();
    if (wait > 0) await abortableDelay(wait, signal, cancelledWait);
    this.setStatus('connecting');
    try {
      // Described unresolved in errors: resolved values may hold ${input:...} secrets.
      const definition = await this.resolve(this.definition);
      const client = await this.openClient(definition, signal);
      this.client = client;
      this.failures = 0;
      this.nextAttemptAt = 0;
      this.setStatus('connected');
      await this.refreshLists(client, signal);
      return client;
    } catch (error) {
      this.failures++;
      this.nextAttemptAt = Date.now() + Math.min(MAX_BACKOFF_MS, 500 * 2 ** (this.failures - 1));
      const message = `cannot connect to MCP server '${this.name}' (${describe(this.definition)}): ${(error as Error).message}${this.stderrTail()}`;
      this.setStatus('error', message);
      throw new Error(message);
    }
  }

  private async openClient(definition: McpServerDefinition, signal?: AbortSignal): Promise<Client> {
    if (definition.transport !== 'http') return this.openWith(this.createTransport(definition), signal);
    try {
      return await this.openStreamableHttp(definition.url, definition.headers, signal, definition.oauth);
    } catch (error) {
      if (error instanceof SignInError) throw error;
      if (isUnauthorized(error)) throw new Error(this.unauthorizedMessage());
      // Old servers only speak SSE, so fall back to it when Streamable HTTP fails for another reason.
      try {
        return await this.openWith(
          new SSEClientTransport(new URL(definition.url), { requestInit: { headers: definition.headers } }),
          signal,
        );
      } catch {
        throw error;
      }
    }
  }

  /** Streamable HTTP, signing in through the host's prompt when the server asks for OAuth. */
  private async openStreamableHttp(
    url: string,
    headers: Record<string, string>,
    signal?: AbortSignal,
    client?: PreRegisteredClient,
  ): Promise<Client> {
    const provider = this.oauth ? new StoredOAuthClientProvider(url, this.oauth, client && { server: this.name, client }) : undefined;
    // The transport's fetch, watched so the provider sees 403 insufficient_scope (step-up) answers.
    const observed: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      provider?.noteResponse(response);
      return response;
    };
    const connect = async (transport: StreamableHTTPClientTransport) => {
      const client = await this.openWith(transport, signal);
      if (provider) this.signInContext = { provider, transport };
      return client;
    };
    const newTransport = () =>
      new StreamableHTTPClientTransport(new URL(url), {
        requestInit: { headers },
        ...(provider ? { authProvider: provider, fetch: observed } : {}),
      });
    const first = newTransport();
    try {
      return await connect(first);
    } catch (error) {
      if (!provider || !this.oauth || !(error instanceof UnauthorizedError) || !provider.pendingAuthorizationUrl) throw error;
      await completeSignIn(this.name, provider, first, this.oauth.prompt);
      // The failed attempt closed `first`; its tokens are in the store now, so a new session uses them.
      return connect(newTransport());
    }
  }

  private createTransport(definition: McpServerDefinition): Transport {
    switch (definition.transport) {
      case 'stdio': {
        const transport = new StdioClientTransport({
          command: definition.command,
          args: definition.args,
          env: { ...getDefaultEnvironment(), ...definition.env },
          cwd: definition.cwd,
          stderr: 'pipe',
        });
        transport.stderr?.on('data', (chunk: Buffer) => this.captureStderr(chunk.toString('utf8')));
        this.stdioTransport = transport;
        return transport;
      }
      case 'sse':
        return new SSEClientTransport(new URL(definition.url), { requestInit: { headers: definition.headers } });
      case 'ws':
        if (typeof (globalThis as { WebSocket?: unknown }).WebSocket !== 'function') {
          throw new Error('WebSocket transport needs a runtime with a global WebSocket (Node 22 or later)');
        }
        return new WebSocketClientTransport(new URL(definition.url));
      case 'http':
        // openClient opens HTTP servers itself (OAuth sign-in, SSE fallback); this keeps the switch total.
        throw new Error(`MCP server '${this.name}': HTTP servers are opened by openStreamableHttp`);
    }
  }

  private unauthorizedMessage(): string {
    return this.oauth
      ? "it still refuses the connection after sign-in (HTTP 401); sign in again or check the account's access"
      : 'it requires authorization (HTTP 401) and no sign-in is available here; ' +
          `sign in from the editor or with \`flowstudio mcp login ${this.name}\`, or set an Authorization header in the server's config`;
  }

  private async openWith(transport: Transport, signal?: AbortSignal): Promise<Client> {
    const client = new Client(
      { name: 'flowstudio', version: '0.1.0' },
      {
        capabilities: clientCapabilities(this.hooks.roots !== undefined),
        listChanged: {
          tools: { onChanged: (error, tools) => !error && tools && this.setTools(tools.map(toToolInfo)) },
          prompts: {
            onChanged: (error, prompts) => {
              if (error || !prompts) return;
              this.prompts = prompts.map(toPromptInfo);
              this.hooks.onListChanged?.('prompts');
            },
          },
          resources: { autoRefresh: false, onChanged: (error) => !error && this.hooks.onListChanged?.('resources') },
        },
      },
    );
    handleServerRequests(client, this.name, this.openCalls, this.hooks.roots, (line) => this.captureStderr(`[flowstudio] ${line}`));
    this.taskStatuses.listenTo(client);
    client.onclose = () => {
      if (this.client !== client || this.isClosing) return;
      this.client = undefined;
      this.signInContext = undefined;
      this.tools = undefined;
      this.prompts = undefined;
      this.failures++;
      this.nextAttemptAt = Date.now() + Math.min(MAX_BACKOFF_MS, 250 * 2 ** (this.failures - 1));
      this.setStatus('error', `MCP server '${this.name}' closed the connection${this.stderrTail()}`);
    };
    try {
      await client.connect(this.tap.wrap(transport), { timeout: this.timeouts.connectMs, signal });
    } catch (error) {
      await transport.close().catch(() => undefined);
      throw error;
    }
    return client;
  }

  private async refreshLists(client: Client, signal?: AbortSignal): Promise<void> {
    const capabilities = client.getServerCapabilities() ?? {};
    const options = { signal, timeout: this.timeouts.callMs };
    // Prompts first: onToolsChanged then tells listeners that both lists are known.
    this.prompts = capabilities.prompts
      ? (await listAll<Prompt>((cursor) => this.withSignIn(() => client.listPrompts({ cursor }, options)), 'prompts')).map(toPromptInfo)
      : [];
    if (capabilities.tools)
      this.setTools(
        (await listAll<Tool>((cursor) => this.withSignIn(() => client.listTools({ cursor }, options)), 'tools')).map(toToolInfo),
      );
    else this.setTools([]);
  }

  private setTools(tools: McpToolInfo[]): void {
    this.tools = tools;
    this.hooks.onToolsChanged?.(tools);
  }

  private async withServerErrors<T>(what: string, signal: AbortSignal | undefined, call: () => Promise<T>): Promise<T> {
    try {
      return await this.withSignIn(call);
    } catch (error) {
      const message = timeoutMessage(error, this.timeouts, signal) ?? (error as Error).message;
      if (!this.client) {
        throw new Error(
          `MCP server '${this.name}' stopped while ${what}: ${message}${this.stderrTail()}; ` +
            'it starts again on the next call (if it keeps stopping, read its log)',
        );
      }
      throw new Error(`MCP server '${this.name}' failed ${what}: ${message}`);
    }
  }

  /**
   * Runs a request; if the server wants (more) authorization first, e.g. a tool that needs a wider
   * scope answering 403 insufficient_scope, signs in through the prompt and runs it once more.
   */
  private async withSignIn<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      const context = this.signInContext;
      if (!(error instanceof UnauthorizedError) || !context?.provider.pendingAuthorizationUrl || !this.oauth) throw error;
      await completeSignIn(this.name, context.provider, context.transport, this.oauth.prompt);
      return call();
    }
  }

  private captureStderr(text: string): void {
    for (const line of text.split(/\r?\n/)) {
      if (line === '') continue;
      this.stderrLines.push(line);
      if (this.stderrLines.length > STDERR_LINES_KEPT) this.stderrLines.shift();
      this.hooks.onLog?.(line);
    }
  }

  private stderrTail(): string {
    const tail = this.stderrLines.slice(-3);
    return tail.length ? `; its last output: ${tail.join(' | ')}` : '';
  }

  private setStatus(status: ConnectionStatus, error?: string): void {
    this.statusValue = status;
    this.lastError = status === 'error' ? error : undefined;
    this.hooks.onStatus?.(status, error);
  }
}

async function listAll<T>(
  page: (cursor: string | undefined) => Promise<{ nextCursor?: string } & Record<string, unknown>>,
  key: string,
): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 100; pages++) {
    const result = await page(cursor);
    items.push(...((result[key] as T[] | undefined) ?? []));
    cursor = result.nextCursor;
    if (!cursor) break;
  }
  return items;
}

function toToolInfo(tool: Tool): McpToolInfo {
  return {
    name: tool.name,
    title: tool.title,
    description: tool.description,
    inputSchema: tool.inputSchema as Record<string, unknown>,
    outputSchema: tool.outputSchema as Record<string, unknown> | undefined,
    annotations: tool.annotations as McpToolInfo['annotations'],
    ...(tool.execution?.taskSupport ? { taskSupport: tool.execution.taskSupport } : {}),
  };
}

function toPromptInfo(prompt: Prompt): McpPromptInfo {
  return { name: prompt.name, description: prompt.description, arguments: prompt.arguments };
}

function textOfContent(content: unknown[]): string {
  const parts: string[] = [];
  for (const block of content as { type?: string; text?: string; resource?: { text?: string } }[]) {
    if (block.type === 'text' && typeof block.text === 'string') parts.push(block.text);
    else if (block.type === 'resource' && typeof block.resource?.text === 'string') parts.push(block.resource.text);
  }
  return parts.join('\n');
}

/** The SDK's timeout errors say little; this says which limit ended the call and why it exists. */
function timeoutMessage(error: unknown, timeouts: ConnectionTimeouts, signal: AbortSignal | undefined): string | undefined {
  if (!(error instanceof McpError) || error.code !== ErrorCode.RequestTimeout) return undefined;
  // The SDK's own no-progress timer carries its `timeout`; an aborted request is wrapped in the same
  // code, and when the caller did not abort it, the total limit did.
  if ((error.data as { timeout?: unknown } | undefined)?.timeout !== undefined)
    return `no result and no progress for ${seconds(timeouts.callMs)}`;
  if (signal?.aborted) return undefined;
  return `no result after ${seconds(timeouts.totalCallMs)} in all, the limit for one call however much progress the server reports; the call was cancelled`;
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

function isUnauthorized(error: unknown): boolean {
  return error instanceof UnauthorizedError || (error as { code?: unknown }).code === 401;
}

function describe(definition: McpServerDefinition): string {
  return definition.transport === 'stdio'
    ? `${definition.command} ${definition.args.join(' ')}`.trim()
    : `${definition.transport} ${definition.url}`;
}

/** A cancelled wait for a reconnect rejects with an Error, whatever the caller aborted with. */
function cancelledWait(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new Error('cancelled');
}
