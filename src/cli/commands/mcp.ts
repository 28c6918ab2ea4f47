// `flowstudio mcp ...`: serve a folder of flows as MCP tools, and list or call the servers a
// workspace configures.
import { randomBytes } from 'node:crypto';
import { stat } from 'node:fs/promises';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import {
  createCoreRegistry,
  defaultOAuthFile,
  EnvSecretStore,
  findToolPoisoning,
  terminalSafe,
  type McpConnectionPool,
} from '../../engine';
import {
  DEFAULT_RATE_LIMITS,
  DEFAULT_SESSION_LIMITS,
  FlowToolCatalog,
  RunLimiter,
  serveFlowsOverHttp,
  serveFlowsOverStdio,
  type FlowServerOptions,
  type HttpServeOptions,
  type RunningHttpServer,
} from '../../server';
import { chosenToken, TOKEN_VARIABLE } from '../serve-token';
import { allowSecretOption, servedSecretPolicyFromFlags } from '../secret-options';
import { openMcpPool } from '../mcp-setup';
import { EXIT_OK, EXIT_RUN_FAILED, UsageError } from '../usage';
import { version } from '../../../package.json';

const DEFAULT_PORT = 7337;

export async function mcpCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  switch (sub) {
    case 'serve':
      return serve(rest);
    case 'list':
      return list(rest);
    case 'tools':
      return tools(rest);
    case 'call':
      return call(rest);
    case 'login':
      return login(rest);
    case 'logout':
      return logout(rest);
    default:
      throw new UsageError(`mcp: expected serve, list, tools, call, login or logout${sub ? `, got '${sub}'` : ''}`);
  }
}

/** Runs parseArgs, turning its errors into usage errors that name the subcommand. */
function parsed<T>(command: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw new UsageError(`mcp ${command}: ${(error as Error).message}`);
  }
}

async function serve(args: string[]): Promise<number> {
  const options = {
    flows: { type: 'string' },
    http: { type: 'boolean' },
    port: { type: 'string' },
    host: { type: 'string' },
    token: { type: 'string' },
    'token-file': { type: 'string' },
    'oidc-issuer': { type: 'string' },
    'oidc-audience': { type: 'string' },
    'max-runs': { type: 'string' },
    'max-sessions': { type: 'string' },
    'session-idle': { type: 'string' },
    rate: { type: 'string' },
    'mcp-config': { type: 'string' },
    ...allowSecretOption,
  } as const;
  const { values } = parsed('serve', () => parseArgs({ args, allowPositionals: true, options }));
  const secretPolicy = servedSecretPolicyFromFlags(values['allow-secret']);
  const folder = values.flows;
  if (typeof folder !== 'string') throw new UsageError('mcp serve needs --flows DIR');
  const info = await stat(folder).catch(() => undefined);
  if (!info?.isDirectory()) throw new UsageError(`mcp serve: --flows ${folder} is not a folder`);
  const maxRuns = numberOption('max-runs', values['max-runs'], 16);
  // Checked before anything starts, so a bad token or limit is a usage error and not a half-started server.
  const http = values.http ? await httpSettings(values) : undefined;
  const registry = createCoreRegistry();
  const catalog = new FlowToolCatalog(path.resolve(folder), registry);
  await catalog.load();
  for (const problem of catalog.problems) process.stderr.write(`flowstudio: skipping ${problem.message}\n`);
  await catalog.watch();
  const mcp = await openMcpPool({ near: folder, configFile: typeof values['mcp-config'] === 'string' ? values['mcp-config'] : undefined });
  const common = { catalog, registry, mcp, secrets: new EnvSecretStore(), secretPolicy, limiter: new RunLimiter(maxRuns), version };
  const names = catalog.list().map((t) => t.name);
  process.stderr.write(
    `flowstudio: serving ${names.length} flow${names.length === 1 ? '' : 's'} from ${catalog.folder}: ${names.join(', ') || '(none yet)'}\n`,
  );

  try {
    if (!http) {
      const server = await serveFlowsOverStdio(common);
      // Ending on a signal goes through the same cleanup as the client leaving: the MCP servers the
      // flows started are stopped in `finally`, not left running without their parent.
      const stop = () => void server.close();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      await server.closed;
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      return EXIT_OK;
    }
    let server: RunningHttpServer;
    try {
      server = await serveFlowsOverHttp({ ...common, ...http.options });
    } catch (error) {
      throw new UsageError(`mcp serve: ${(error as Error).message}`);
    }
    const { oidc } = http.options;
    process.stderr.write(`flowstudio: MCP endpoint ${server.url}\n`);
    if (http.generatedToken) process.stderr.write(`flowstudio: bearer token ${http.generatedToken}\n`);
    if (oidc)
      process.stderr.write(`flowstudio: accepting JWT access tokens from ${oidc.issuer} for audience ${oidc.audience ?? server.url}\n`);
    process.stderr.write(
      `flowstudio: client config: ${JSON.stringify({ type: 'http', url: server.url, headers: { Authorization: 'Bearer <token>' } })}\n`,
    );
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await server.close();
    return EXIT_OK;
  } finally {
    catalog.close();
    await mcp.close();
  }
}

type ServeValues = Partial<
  Record<
    'port' | 'host' | 'token' | 'token-file' | 'oidc-issuer' | 'oidc-audience' | 'max-sessions' | 'session-idle' | 'rate',
    string | boolean
  >
>;

/** The HTTP options from the flags: address, who may call (token and/or OIDC), and the limits. */
async function httpSettings(
  values: ServeValues,
): Promise<{ options: Omit<HttpServeOptions, keyof FlowServerOptions>; generatedToken?: string }> {
  const host = typeof values.host === 'string' ? values.host : '127.0.0.1';
  if (!['127.0.0.1', 'localhost', '::1'].includes(host)) {
    process.stderr.write(
      `flowstudio: warning: listening on ${host}, reachable beyond this machine; the bearer token is all that protects it\n`,
    );
  }
  const issuer = stringOption(values['oidc-issuer']);
  const audience = stringOption(values['oidc-audience']);
  if (issuer !== undefined && !URL.canParse(issuer)) throw new UsageError(`mcp serve: --oidc-issuer must be a URL, got '${issuer}'`);
  if (audience !== undefined && issuer === undefined) throw new UsageError('mcp serve: --oidc-audience needs --oidc-issuer');
  if (audience !== undefined && audience.trim() === '') throw new UsageError('mcp serve: --oidc-audience is empty');
  const oidc = issuer !== undefined ? { issuer, ...(audience !== undefined ? { audience } : {}) } : undefined;
  const chosen = await chosenToken({ token: stringOption(values.token), tokenFile: stringOption(values['token-file']), env: process.env });
  // Read once and gone: a served flow's {{env:}} reference or a process it starts must not find it.
  if (chosen?.source === TOKEN_VARIABLE) delete process.env[TOKEN_VARIABLE];
  for (const warning of chosen?.warnings ?? []) process.stderr.write(`flowstudio: warning: ${warning}\n`);
  // With an OIDC issuer, JWTs are the way in; a static token is added only when asked for.
  const generatedToken = !chosen && !oidc ? randomBytes(24).toString('base64url') : undefined;
  const maxSessions = numberOption('max-sessions', values['max-sessions'], DEFAULT_SESSION_LIMITS.maxSessions);
  const idleSeconds = numberOption('session-idle', values['session-idle'], DEFAULT_SESSION_LIMITS.idleMs / 1000);
  const perMinute = numberOption('rate', values.rate, DEFAULT_RATE_LIMITS.perMinute);
  if (maxSessions < 1) throw new UsageError('mcp serve: --max-sessions must be 1 or more');
  if (idleSeconds < 1) throw new UsageError('mcp serve: --session-idle must be 1 second or more');
  if (perMinute < 1) throw new UsageError('mcp serve: --rate must be 1 or more requests a minute');
  return {
    options: {
      host,
      port: numberOption('port', values.port, DEFAULT_PORT),
      token: chosen?.token ?? generatedToken,
      oidc,
      sessions: { maxSessions, idleMs: idleSeconds * 1000 },
      rate: { perMinute },
    },
    generatedToken,
  };
}

function stringOption(value: string | boolean | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

async function list(args: string[]): Promise<number> {
  const { values } = parsed('list', () =>
    parseArgs({ args, allowPositionals: true, options: { 'mcp-config': { type: 'string' }, json: { type: 'boolean' } } }),
  );
  const pool = await openMcpPool({
    near: process.cwd(),
    configFile: typeof values['mcp-config'] === 'string' ? values['mcp-config'] : undefined,
  });
  const servers = pool.serverNames().map((name) => pool.definitionOf(name)!);
  if (values.json) {
    process.stdout.write(
      `${JSON.stringify(
        servers.map((s) => ({
          name: s.name,
          transport: s.transport,
          ...(s.transport === 'stdio' ? { command: s.command, args: s.args } : { url: s.url }),
          source: s.source,
        })),
      )}\n`,
    );
  } else if (servers.length === 0) {
    process.stderr.write('no MCP servers configured (looked for .vscode/mcp.json and .cursor/mcp.json; or pass --mcp-config FILE)\n');
  } else {
    for (const s of servers) {
      const target = s.transport === 'stdio' ? `${s.command} ${s.args.join(' ')}`.trim() : s.url;
      process.stdout.write(
        `${oneLine(s.name)}\t${s.transport}\t${oneLine(target)}\t(${oneLine(path.relative(process.cwd(), s.source) || s.source)})\n`,
      );
    }
  }
  return EXIT_OK;
}

async function withServer(
  configFile: unknown,
  server: string,
  work: (pool: McpConnectionPool) => Promise<number>,
  canSignIn = false,
  allowSecret?: readonly string[],
): Promise<number> {
  const pool = await openMcpPool({
    near: process.cwd(),
    configFile: typeof configFile === 'string' ? configFile : undefined,
    canSignIn,
    allowSecret,
  });
  try {
    if (!pool.hasServer(server)) {
      throw new UsageError(`MCP server '${server}' is not configured; configured: ${pool.serverNames().join(', ') || 'none'}`);
    }
    return await work(pool);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    // A server that cannot be reached or refuses is a failed command (exit 1), not a crash.
    // The message may quote the server (its errors, its stderr), so it is made safe for the terminal.
    process.stderr.write(`flowstudio: ${terminalSafe((error as Error).message)}\n`);
    return EXIT_RUN_FAILED;
  } finally {
    await pool.close();
  }
}

async function tools(args: string[]): Promise<number> {
  const { values, positionals } = parsed('tools', () =>
    parseArgs({
      args,
      allowPositionals: true,
      options: { 'mcp-config': { type: 'string' }, json: { type: 'boolean' }, ...allowSecretOption },
    }),
  );
  if (positionals.length !== 1) throw new UsageError('usage: flowstudio mcp tools SERVER');
  const server = positionals[0]!;
  return withServer(
    values['mcp-config'],
    server,
    async (pool) => {
      const list = await pool.listTools(server);
      if (values.json) process.stdout.write(`${JSON.stringify(list)}\n`);
      else for (const tool of list) process.stdout.write(`${oneLine(tool.name)}\t${oneLine((tool.description ?? '').split('\n')[0]!)}\n`);
      // Findings go to stderr in both modes: they are for the person, and keep --json output parseable.
      for (const finding of list.flatMap((tool) => findToolPoisoning(tool))) {
        process.stderr.write(`flowstudio: warning: tool '${oneLine(finding.tool)}' (${oneLine(finding.where)}) ${finding.reason}\n`);
      }
      return EXIT_OK;
    },
    false,
    values['allow-secret'],
  );
}

async function call(args: string[]): Promise<number> {
  const { values, positionals } = parsed('call', () =>
    parseArgs({
      args,
      allowPositionals: true,
      options: { args: { type: 'string' }, 'mcp-config': { type: 'string' }, json: { type: 'boolean' }, ...allowSecretOption },
    }),
  );
  if (positionals.length !== 2) throw new UsageError('usage: flowstudio mcp call SERVER TOOL --args \'{"name": "value"}\'');
  const [server, tool] = positionals as [string, string];
  let toolArgs: Record<string, unknown> = {};
  if (typeof values.args === 'string') {
    try {
      toolArgs = JSON.parse(values.args) as Record<string, unknown>;
    } catch (error) {
      throw new UsageError(`mcp call: --args is not valid JSON: ${(error as Error).message}`);
    }
    if (typeof toolArgs !== 'object' || toolArgs === null || Array.isArray(toolArgs))
      throw new UsageError('mcp call: --args must be a JSON object');
  }
  return withServer(
    values['mcp-config'],
    server,
    async (pool) => {
      const result = await pool.callTool(server, tool, toolArgs);
      if (values.json) process.stdout.write(`${JSON.stringify(result)}\n`);
      else process.stdout.write(`${terminalSafe(result.text || JSON.stringify(result.value, null, 2))}\n`);
      return result.isError ? EXIT_RUN_FAILED : EXIT_OK;
    },
    false,
    values['allow-secret'],
  );
}

/** Signs in to an OAuth-protected HTTP server once; the tokens are kept for later commands. */
async function login(args: string[]): Promise<number> {
  const { values, positionals } = parsed('login', () =>
    parseArgs({ args, allowPositionals: true, options: { 'mcp-config': { type: 'string' }, ...allowSecretOption } }),
  );
  if (positionals.length !== 1) throw new UsageError('usage: flowstudio mcp login SERVER');
  const server = positionals[0]!;
  return withServer(
    values['mcp-config'],
    server,
    async (pool) => {
      const tools = await pool.listTools(server);
      process.stderr.write(
        `flowstudio: connected to '${server}' (${tools.length} tool${tools.length === 1 ? '' : 's'}); sign-in saved in ${defaultOAuthFile()}\n`,
      );
      return EXIT_OK;
    },
    true,
    values['allow-secret'],
  );
}

/** Forgets the stored sign-in of an OAuth-protected server. */
async function logout(args: string[]): Promise<number> {
  const { values, positionals } = parsed('logout', () =>
    parseArgs({ args, allowPositionals: true, options: { 'mcp-config': { type: 'string' } } }),
  );
  if (positionals.length !== 1) throw new UsageError('usage: flowstudio mcp logout SERVER');
  const server = positionals[0]!;
  return withServer(values['mcp-config'], server, async (pool) => {
    const forgot = await pool.signOut(server);
    process.stderr.write(
      forgot
        ? `flowstudio: signed out of '${server}'\n`
        : `flowstudio: '${server}' is not an HTTP server, so it has no sign-in to forget\n`,
    );
    return EXIT_OK;
  });
}

/** Server-supplied text for one terminal line: nothing the terminal would act on, no line breaks or tabs. */
function oneLine(text: string): string {
  return terminalSafe(text).replace(/[\t\n]+/g, ' ');
}

function numberOption(name: string, raw: unknown, fallback: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new UsageError(`--${name} must be a whole number, got '${String(raw)}'`);
  return value;
}
