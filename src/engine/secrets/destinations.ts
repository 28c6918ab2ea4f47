// Where a resolved secret is sent. A destination is an origin (`https://api.openai.com`),
// `mcp:SERVER` for an MCP server named in a node's params, or `mcp-client` for the model of the MCP
// client that called a served flow (provider `mcp-client`: the prompt travels back to the caller). Bindings are origins or origin patterns
// with one leading `*.` label (`https://*.openai.azure.com`).

/** The endpoints each known provider talks to when a node sets no baseURL, and the ones offered when binding a key. */
export const PROVIDER_ORIGINS: Readonly<Record<string, readonly string[]>> = {
  openai: ['https://api.openai.com'],
  anthropic: ['https://api.anthropic.com'],
  google: ['https://generativelanguage.googleapis.com'],
  vertex: ['https://aiplatform.googleapis.com', 'https://*-aiplatform.googleapis.com'],
  azure: ['https://*.openai.azure.com', 'https://*.cognitiveservices.azure.com', 'https://*.services.ai.azure.com'],
};

/** Origins a secret with no destinations of its own may go to: the known providers' endpoints, never loopback. */
export const DEFAULT_SECRET_ORIGINS: readonly string[] = Object.values(PROVIDER_ORIGINS).flat();

/** The default endpoint a provider calls without a baseURL; undefined where there is none or it runs in the host. */
const DEFAULT_ENDPOINTS: Readonly<Record<string, string>> = {
  openai: 'https://api.openai.com',
  anthropic: 'https://api.anthropic.com',
  google: 'https://generativelanguage.googleapis.com',
  vertex: 'https://aiplatform.googleapis.com',
  ollama: 'http://127.0.0.1:11434',
};

/** Providers that run inside the host and send nothing over the network. */
const HOST_PROVIDERS = new Set(['vscode']);

/** The caller's own model, reached through sampling: whatever a prompt holds goes back to whoever called the flow. */
export const MCP_CLIENT_DESTINATION = 'mcp-client';

export class DestinationError extends Error {}

/** The origin of a URL, lower-cased and without credentials, path or query; throws DestinationError when it is not an http(s) URL. */
export function originOf(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new DestinationError(`'${url.length > 80 ? `${url.slice(0, 80)}…` : url}' is not a URL`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
    throw new DestinationError(`'${parsed.protocol}' URLs cannot receive secrets; use http: or https:`);
  return parsed.origin;
}

/**
 * A binding as the user wrote it (an origin, a URL, `https://*.example.com`, `mcp:NAME` or `mcp-client`), normalised;
 * throws DestinationError for anything else.
 */
export function normaliseBinding(text: string): string {
  const trimmed = text.trim();
  if (/^mcp:[A-Za-z0-9_.@\-/]+$/.test(trimmed) || trimmed === MCP_CLIENT_DESTINATION) return trimmed;
  const wildcard = /^(https?):\/\/\*([.-][a-z0-9.-]*[a-z0-9])(?::(\d+))?\/?$/i.exec(trimmed);
  if (wildcard) {
    const scheme = wildcard[1]!.toLowerCase();
    const port = wildcard[3];
    const isDefaultPort = port === undefined || (scheme === 'https' && port === '443') || (scheme === 'http' && port === '80');
    return `${scheme}://*${wildcard[2]!.toLowerCase()}${isDefaultPort ? '' : `:${port}`}`;
  }
  return originOf(trimmed);
}

/** Whether `destination` (an origin or `mcp:NAME`) is covered by `binding` (normalised). */
export function bindingCovers(binding: string, destination: string): boolean {
  if (binding === destination) return true;
  const star = binding.indexOf('*');
  if (star < 0) return false;
  const prefix = binding.slice(0, star);
  const suffix = binding.slice(star + 1);
  if (!destination.startsWith(prefix) || !destination.endsWith(suffix)) return false;
  const label = destination.slice(prefix.length, destination.length - suffix.length);
  // One or more whole labels, without a port or path sneaking in.
  return /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/.test(label);
}

/**
 * Where a node sends its resolved params by itself: a model's endpoint (baseURL or the provider's
 * default), an HTTP request's URL, or the MCP server it calls. Undefined when the node sends nothing.
 * Throws DestinationError when the endpoint is not a usable URL.
 */
export function ownDestinationOf(type: string, params: unknown): string | undefined {
  if (typeof params !== 'object' || params === null) return undefined;
  const p = params as Record<string, unknown>;
  if (typeof p.provider === 'string') {
    if (HOST_PROVIDERS.has(p.provider)) return undefined;
    if (p.provider === 'mcp-client') return MCP_CLIENT_DESTINATION;
    if (typeof p.baseURL === 'string' && p.baseURL !== '') return originOf(p.baseURL);
    const endpoint = DEFAULT_ENDPOINTS[p.provider];
    if (endpoint) return endpoint;
    throw new DestinationError(`provider '${p.provider}' needs params.baseURL before a key can be sent to it`);
  }
  if (type.startsWith('mcp.') && typeof p.server === 'string') return `mcp:${p.server}`;
  if (typeof p.url === 'string' && p.url !== '') return originOf(p.url);
  return undefined;
}
