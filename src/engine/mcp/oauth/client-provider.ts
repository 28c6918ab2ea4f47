// The SDK's OAuthClientProvider over an OAuthTokenStore: PKCE verifier, dynamically registered
// client and tokens are kept per server URL, so one sign-in serves every later connection. A client
// pre-registered in the server's config replaces dynamic registration; its secret is read only when
// the authorization server asks for it and is never stored.
import { randomBytes } from 'node:crypto';
import type { OAuthClientProvider, OAuthDiscoveryState } from '@modelcontextprotocol/sdk/client/auth.js';
import {
  OAuthClientInformationSchema,
  OAuthTokensSchema,
  type OAuthClientInformationMixed,
  type OAuthClientMetadata,
  type OAuthTokens,
} from '@modelcontextprotocol/sdk/shared/auth.js';
import type { McpOAuthOptions } from './authorization-prompt';
import type { PreRegisteredClient } from './pre-registered-client';

type StoredKind = 'tokens' | 'client' | 'verifier' | 'discovery';
/** The SDK's own zod schemas, by shape, so a zod version difference cannot matter here. */
type Schema<T> = { safeParse(value: unknown): { success: true; data: T } | { success: false } };

export class StoredOAuthClientProvider implements OAuthClientProvider {
  /** Set when the SDK wants the user to authorize; the connection then asks the prompt. */
  pendingAuthorizationUrl: URL | undefined;
  private expectedState: string | undefined;
  // Set by a 403 insufficient_scope: the SDK would refresh first, but a refresh never widens scope
  // (RFC 6749 section 6), so until new tokens are saved the refresh token is withheld and the user is asked.
  private needsWiderGrant = false;

  constructor(
    private readonly serverUrl: string,
    private readonly options: McpOAuthOptions,
    /** The server's `oauth` setting, with the server's name for the secret's binding and errors. */
    private readonly preRegistered?: { server: string; client: PreRegisteredClient },
  ) {}

  /** Undefined for the client credentials grant: the SDK then asks prepareTokenRequest instead of a browser. */
  get redirectUrl(): string | undefined {
    return this.isClientCredentials ? undefined : this.options.prompt.redirectUrl;
  }

  get clientMetadata(): OAuthClientMetadata {
    return {
      client_name: this.options.clientName ?? 'FlowStudio',
      redirect_uris: [this.options.prompt.redirectUrl],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      // A desktop tool cannot keep a client secret: a public client, protected by PKCE.
      token_endpoint_auth_method: 'none',
    };
  }

  private get isClientCredentials(): boolean {
    return this.preRegistered?.client.grant === 'client_credentials';
  }

  /** Only for the client credentials grant (the SDK uses the authorization code grant otherwise). */
  get prepareTokenRequest(): ((scope?: string) => URLSearchParams) | undefined {
    if (!this.isClientCredentials) return undefined;
    return (scope) => new URLSearchParams({ grant_type: 'client_credentials', ...(scope ? { scope } : {}) });
  }

  state(): string {
    this.expectedState = randomBytes(16).toString('base64url');
    return this.expectedState;
  }

  /** Whether the `state` the browser brought back is the one this sign-in sent. */
  isExpectedState(state: string | null): boolean {
    return this.expectedState !== undefined && state === this.expectedState;
  }

  async clientInformation(): Promise<OAuthClientInformationMixed | undefined> {
    if (this.preRegistered) return this.preRegisteredInformation(this.preRegistered);
    return this.read('client', OAuthClientInformationSchema);
  }

  async saveClientInformation(info: OAuthClientInformationMixed): Promise<void> {
    // A pre-registered client lives in the config; the SDK's copy (with the issuer stamped on) would hold its secret.
    if (this.preRegistered) return;
    await this.write('client', info);
  }

  private async preRegisteredInformation({ server, client }: { server: string; client: PreRegisteredClient }) {
    if (!client.clientSecretName) return { client_id: client.clientId };
    if (!this.options.clientSecrets)
      throw new Error(
        `MCP server '${server}': its oauth.clientSecret {{secret:${client.clientSecretName}}} cannot be read here (no secrets)`,
      );
    const secret = await this.options.clientSecrets.clientSecret({ server, name: client.clientSecretName });
    return { client_id: client.clientId, client_secret: secret };
  }

  async tokens(): Promise<OAuthTokens | undefined> {
    const tokens = await this.read('tokens', OAuthTokensSchema);
    if (!tokens || !this.needsWiderGrant) return tokens;
    const { refresh_token: _withheld, ...rest } = tokens;
    return rest;
  }

  async saveTokens(tokens: OAuthTokens): Promise<void> {
    this.needsWiderGrant = false;
    await this.write('tokens', tokens);
  }

  /** Sees every HTTP response of the session (the transport's fetch), to notice step-up requests. */
  noteResponse(response: Response): void {
    if (response.status === 403 && /error="?insufficient_scope/.test(response.headers.get('www-authenticate') ?? ''))
      this.needsWiderGrant = true;
  }

  redirectToAuthorization(authorizationUrl: URL): void {
    this.pendingAuthorizationUrl = authorizationUrl;
  }

  async saveCodeVerifier(codeVerifier: string): Promise<void> {
    await this.options.store.set(this.key('verifier'), codeVerifier);
  }

  async codeVerifier(): Promise<string> {
    const verifier = await this.options.store.get(this.key('verifier'));
    if (!verifier) throw new Error(`no PKCE code verifier is stored for ${this.serverUrl}; start the sign-in again`);
    return verifier;
  }

  async saveDiscoveryState(state: OAuthDiscoveryState): Promise<void> {
    await this.write('discovery', state);
  }

  async discoveryState(): Promise<OAuthDiscoveryState | undefined> {
    const text = await this.options.store.get(this.key('discovery'));
    return text ? (JSON.parse(text) as OAuthDiscoveryState) : undefined;
  }

  async invalidateCredentials(scope: 'all' | 'client' | 'tokens' | 'verifier' | 'discovery'): Promise<void> {
    const kinds: StoredKind[] = scope === 'all' ? ['tokens', 'client', 'verifier', 'discovery'] : [scope];
    await Promise.all(kinds.map((kind) => this.options.store.delete(this.key(kind))));
  }

  private key(kind: StoredKind): string {
    return `mcp-oauth:${this.serverUrl}:${kind}`;
  }

  /** Reads a stored JSON value, dropping it if it no longer fits the schema (a corrupt or old entry). */
  private async read<T>(kind: StoredKind, schema: Schema<T>): Promise<T | undefined> {
    const text = await this.options.store.get(this.key(kind));
    if (!text) return undefined;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      value = undefined;
    }
    // The stored value itself, not the parse: the SDK keeps fields of its own (e.g. `issuer`) in it.
    if (schema.safeParse(value).success) return value as T;
    await this.options.store.delete(this.key(kind));
    return undefined;
  }

  private async write(kind: StoredKind, value: unknown): Promise<void> {
    await this.options.store.set(this.key(kind), JSON.stringify(value));
  }
}
