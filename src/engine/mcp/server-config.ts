// MCP server definitions from the files editors already use: `.vscode/mcp.json` (`servers`),
// `.cursor/mcp.json` (`mcpServers`), or a file given with --mcp-config (either shape). The first
// definition of a name wins, in that order: --mcp-config, .vscode, .cursor.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { parse as parseJsonc, type ParseError } from 'jsonc-parser';
import * as z from 'zod';
import { parsePreRegisteredClient, type PreRegisteredClient } from './oauth/pre-registered-client';

const stringMap = z.record(z.string(), z.string());

const stdioEntry = z.looseObject({
  type: z.literal('stdio').optional(),
  command: z.string().min(1),
  args: z.array(z.string()).optional(),
  env: z.record(z.string(), z.union([z.string(), z.number(), z.null()])).optional(),
  envFile: z.string().optional(),
  cwd: z.string().optional(),
});

const remoteEntry = z.looseObject({
  type: z.enum(['http', 'sse', 'ws', 'streamableHttp', 'streamable-http']).optional(),
  url: z.string().min(1),
  headers: stringMap.optional(),
  oauth: z.unknown().optional(),
});

const configFile = z.looseObject({
  servers: z.record(z.string(), z.unknown()).optional(),
  mcpServers: z.record(z.string(), z.unknown()).optional(),
  inputs: z.array(z.looseObject({ id: z.string(), description: z.string().optional(), password: z.boolean().optional() })).optional(),
});

export type McpServerDefinition =
  | { name: string; transport: 'stdio'; command: string; args: string[]; env: Record<string, string>; cwd?: string; source: string }
  | {
      name: string;
      transport: 'http' | 'sse' | 'ws';
      url: string;
      headers: Record<string, string>;
      /** A client registered beforehand with the server's authorization server (the `oauth` setting). */
      oauth?: PreRegisteredClient;
      source: string;
    };

export interface McpInputDeclaration {
  id: string;
  description?: string;
  password?: boolean;
  /**
   * The server whose start asks for the value and the config file defining it, set when the value
   * is asked for: a kept answer belongs to that file, not to every config that reuses the id.
   */
  usedBy?: { server: string; configFile: string };
}

export interface McpConfig {
  servers: Map<string, McpServerDefinition>;
  inputs: Map<string, McpInputDeclaration>;
  /** Problems with individual files or entries; the rest of the config still loads. */
  problems: string[];
}

export interface McpConfigLocation {
  workspaceFolder?: string;
  /** --mcp-config FILE */
  configFile?: string;
}

export async function loadMcpConfig(location: McpConfigLocation): Promise<McpConfig> {
  const config: McpConfig = { servers: new Map(), inputs: new Map(), problems: [] };
  const candidates: { file: string; required: boolean }[] = [];
  if (location.configFile) candidates.push({ file: path.resolve(location.configFile), required: true });
  if (location.workspaceFolder) {
    candidates.push({ file: path.join(location.workspaceFolder, '.vscode', 'mcp.json'), required: false });
    candidates.push({ file: path.join(location.workspaceFolder, '.cursor', 'mcp.json'), required: false });
  }
  for (const { file, required } of candidates) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch {
      if (required) config.problems.push(`${file}: cannot read the MCP config file`);
      continue;
    }
    addConfigText(config, text, file);
  }
  return config;
}

/** Adds the servers of one config file's text; exported for hosts that hold the text in an editor. */
export function addConfigText(config: McpConfig, text: string, file: string): void {
  const errors: ParseError[] = [];
  const raw: unknown = parseJsonc(text, errors, { allowTrailingComma: true });
  if (errors.length > 0) {
    config.problems.push(`${file}: invalid JSON at offset ${errors[0]!.offset}`);
    return;
  }
  const parsed = configFile.safeParse(raw);
  if (!parsed.success) {
    config.problems.push(`${file}: ${parsed.error.issues[0]?.message ?? 'not an MCP config'}`);
    return;
  }
  for (const input of parsed.data.inputs ?? []) if (!config.inputs.has(input.id)) config.inputs.set(input.id, input);
  const entries = { ...(parsed.data.mcpServers ?? {}), ...(parsed.data.servers ?? {}) };
  const baseDir = path.dirname(path.dirname(file)); // the workspace folder holding .vscode/ or .cursor/
  for (const [name, value] of Object.entries(entries)) {
    if (config.servers.has(name)) continue;
    const stdio = stdioEntry.safeParse(value);
    const remote = stdio.success ? undefined : remoteEntry.safeParse(value);
    if (stdio.success) {
      const e = stdio.data;
      const env: Record<string, string> = {};
      for (const [key, v] of Object.entries(e.env ?? {})) if (v !== null) env[key] = String(v);
      config.servers.set(name, {
        name,
        transport: 'stdio',
        command: e.command,
        args: e.args ?? [],
        env,
        cwd: e.cwd ?? baseDir,
        source: file,
      });
    } else if (remote?.success) {
      const e = remote.data;
      const transport = e.type === 'sse' ? 'sse' : e.type === 'ws' || /^wss?:/i.test(e.url) ? 'ws' : 'http';
      const oauth = e.oauth === undefined ? undefined : parsePreRegisteredClient(e.oauth, name);
      if (oauth && 'problem' in oauth) {
        config.problems.push(`${file}: ${oauth.problem}`);
        continue;
      }
      config.servers.set(name, { name, transport, url: e.url, headers: e.headers ?? {}, ...(oauth ? { oauth } : {}), source: file });
    } else {
      config.problems.push(`${file}: server '${name}' needs either "command" (stdio) or "url" (HTTP, SSE or WebSocket)`);
    }
  }
}

export interface VariableContext {
  workspaceFolder?: string;
  env: NodeJS.ProcessEnv;
  /** Answers `${input:ID}`; the host asks the user, the CLI reads an environment variable. */
  resolveInput?: (input: McpInputDeclaration) => Promise<string | undefined>;
  inputs: Map<string, McpInputDeclaration>;
  /** The config file of the definition being resolved (set by resolveVariables). */
  configFile?: string;
}

const VARIABLE = /\$\{([A-Za-z]+)(?::([^}]+))?\}/g;

/** Replaces ${workspaceFolder}, ${userHome}, ${env:NAME} and ${input:ID} in every string of a definition. */
export async function resolveVariables(definition: McpServerDefinition, context: VariableContext): Promise<McpServerDefinition> {
  const resolveString = async (text: string): Promise<string> => {
    let out = '';
    let last = 0;
    for (const match of text.matchAll(VARIABLE)) {
      out += text.slice(last, match.index);
      out += await resolveOne(match[1] ?? '', match[2], definition.name, { ...context, configFile: definition.source });
      last = match.index + match[0].length;
    }
    return out + text.slice(last);
  };
  const mapValues = async (record: Record<string, string>) =>
    Object.fromEntries(await Promise.all(Object.entries(record).map(async ([k, v]) => [k, await resolveString(v)] as const)));
  if (definition.transport === 'stdio') {
    return {
      ...definition,
      command: await resolveString(definition.command),
      args: await Promise.all(definition.args.map(resolveString)),
      env: await mapValues(definition.env),
      ...(definition.cwd ? { cwd: await resolveString(definition.cwd) } : {}),
    };
  }
  return { ...definition, url: await resolveString(definition.url), headers: await mapValues(definition.headers) };
}

async function resolveOne(kind: string, argument: string | undefined, server: string, context: VariableContext): Promise<string> {
  switch (kind) {
    case 'workspaceFolder':
      if (!context.workspaceFolder) throw new Error(`MCP server '${server}': \${workspaceFolder} is used but there is no workspace folder`);
      return context.workspaceFolder;
    case 'userHome':
      return context.env.HOME ?? context.env.USERPROFILE ?? '';
    case 'pathSeparator':
      return path.sep;
    case 'env':
      return context.env[argument ?? ''] ?? '';
    case 'input': {
      const id = argument ?? '';
      const declaration = { ...(context.inputs.get(id) ?? { id }), usedBy: { server, configFile: context.configFile ?? '' } };
      const value = context.resolveInput ? await context.resolveInput(declaration) : undefined;
      if (value === undefined) {
        throw new Error(
          `MCP server '${server}' needs the input '${id}'${declaration.description ? ` (${declaration.description})` : ''}; no value was given`,
        );
      }
      return value;
    }
    default:
      throw new Error(`MCP server '${server}': unknown variable \${${kind}${argument ? `:${argument}` : ''}}`);
  }
}

/**
 * A digest of everything that decides what starting a server runs or where it connects (command,
 * arguments, environment, folder, URL, headers), as written in the config: a consent given for one
 * digest does not cover an edited definition. Which file it came from does not change what runs.
 */
export function definitionDigest(definition: McpServerDefinition): string {
  const { source: _source, ...launch } = definition;
  return createHash('sha256').update(canonicalJson(launch)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** What starting a server runs, for a consent question or a terminal line: never environment or header values. */
export function describeServerLaunch(definition: McpServerDefinition): {
  what: string;
  envNames: string[];
  headerNames: string[];
  cwd?: string;
  configFile: string;
} {
  if (definition.transport === 'stdio') {
    const what = [definition.command, ...definition.args].map(quoteForShell).join(' ');
    return {
      what,
      envNames: Object.keys(definition.env).sort(),
      headerNames: [],
      ...(definition.cwd ? { cwd: definition.cwd } : {}),
      configFile: definition.source,
    };
  }
  return {
    what: `${definition.transport} ${definition.url}`,
    envNames: [],
    headerNames: Object.keys(definition.headers).sort(),
    configFile: definition.source,
  };
}

function quoteForShell(word: string): string {
  return /^[\w@%+=:,./${}-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
