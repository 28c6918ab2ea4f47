// What the host supplies for the one step only a person can do: approving access in a browser.
import type { OAuthClientSecrets } from './pre-registered-client';
import type { OAuthTokenStore } from './token-store';

export interface OAuthAuthorizationRequest {
  /** The MCP server name from the config, to tell the user which server asks. */
  server: string;
  /** The authorization server's page to open in the browser. */
  authorizationUrl: URL;
}

export interface OAuthAuthorizationPrompt {
  /** Where the authorization server sends the browser back (loopback or the editor's URI handler). */
  readonly redirectUrl: string;
  /**
   * Shows the authorization page (opens the browser) and resolves with the URL the browser was sent
   * back to, carrying `code` and `state` (or `error`). Rejects if the user gives up.
   */
  authorize(request: OAuthAuthorizationRequest): Promise<URL>;
}

export interface McpOAuthOptions {
  store: OAuthTokenStore;
  prompt: OAuthAuthorizationPrompt;
  /** The name shown on the authorization server's consent page. */
  clientName?: string;
  /** Secrets of clients pre-registered in server configs (`oauth.clientSecret`); without it such a secret is refused. */
  clientSecrets?: OAuthClientSecrets;
}
