// OAuth sign-in to protected MCP servers from the editor: tokens, client registrations and PKCE
// verifiers live in SecretStorage; the authorization page opens in the user's browser and comes
// back through this extension's URI handler (vscode://flowstudio.flowstudio/oauth/callback, or
// the web workbench's equivalent from asExternalUri), which works locally and in remote windows.
import * as vscode from 'vscode';
import {
  boundClientSecrets,
  createBindingPolicy,
  signInUrlProblem,
  type SecretStore,
  type McpOAuthOptions,
  type OAuthAuthorizationPrompt,
  type OAuthAuthorizationRequest,
  type OAuthTokenStore,
} from '../../engine';

const keyPrefix = 'flowstudio.oauth.';
const callbackPath = '/oauth/callback';
const signInTimeoutMs = 5 * 60_000;

export class SecretStorageOAuthTokenStore implements OAuthTokenStore {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  async get(key: string): Promise<string | undefined> {
    return this.secrets.get(keyPrefix + key);
  }

  async set(key: string, value: string): Promise<void> {
    await this.secrets.store(keyPrefix + key, value);
  }

  async delete(key: string): Promise<void> {
    await this.secrets.delete(keyPrefix + key);
  }
}

/** Receives the browser's return through the URI handler and hands it to the sign-in waiting for it. */
export class OAuthCallbacks implements vscode.UriHandler {
  private readonly waiting = new Set<(uri: URL) => boolean>();

  handleUri(uri: vscode.Uri): void {
    if (uri.path !== callbackPath) return;
    const url = new URL(`https://callback${callbackPath}?${uri.query}`);
    for (const accept of this.waiting) if (accept(url)) return;
  }

  /** Waits for a callback whose `state` matches (or any, when the sign-in has none). */
  next(state: string | null, token: vscode.CancellationToken): Promise<URL> {
    return new Promise<URL>((resolve, reject) => {
      const accept = (url: URL) => {
        if (state !== null && url.searchParams.get('state') !== state) return false;
        done();
        resolve(url);
        return true;
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error('no sign-in reply within 5 minutes'));
      }, signInTimeoutMs);
      const cancelled = token.onCancellationRequested(() => {
        done();
        reject(new Error('sign-in cancelled'));
      });
      const done = () => {
        clearTimeout(timer);
        cancelled.dispose();
        this.waiting.delete(accept);
      };
      this.waiting.add(accept);
    });
  }
}

class BrowserSignIn implements OAuthAuthorizationPrompt {
  constructor(
    readonly redirectUrl: string,
    private readonly callbacks: OAuthCallbacks,
  ) {}

  async authorize({ server, authorizationUrl }: OAuthAuthorizationRequest): Promise<URL> {
    // openExternal would hand a file: or another extension's vscode: URL to whatever handles it.
    const problem = signInUrlProblem(authorizationUrl);
    if (problem) throw new Error(`MCP server '${server}': ${problem}; nothing was opened`);
    const choice = await vscode.window.showInformationMessage(
      `MCP server '${server}' asks you to sign in (${authorizationUrl.host}).`,
      'Sign in',
    );
    if (choice !== 'Sign in') throw new Error(`not signed in to MCP server '${server}'`);
    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Signing in to MCP server '${server}' in your browser…`, cancellable: true },
      async (_progress, token) => {
        const reply = this.callbacks.next(authorizationUrl.searchParams.get('state'), token);
        if (!(await vscode.env.openExternal(vscode.Uri.parse(authorizationUrl.toString(), true))))
          throw new Error('the browser could not be opened');
        return reply;
      },
    );
  }
}

/** Where a secret may go, as "FlowStudio: Secret Destinations" stores it. */
interface SecretDestinations extends SecretStore {
  destinationsOf(kind: 'secret' | 'env', name: string): readonly string[] | undefined;
}

/**
 * The OAuth options for MCP pools: this extension's callback URI as seen from the user's browser. A
 * pre-registered client's secret (`oauth.clientSecret` in mcp.json) is handed over only for a server
 * the secret is bound to (`mcp:SERVER`); nothing asks, since no run is there to explain the question.
 */
export async function editorOAuthOptions(
  context: vscode.ExtensionContext,
  callbacks: OAuthCallbacks,
  secrets?: SecretDestinations,
): Promise<McpOAuthOptions> {
  const callback = vscode.Uri.parse(`${vscode.env.uriScheme}://${context.extension.id}${callbackPath}`);
  const external = await vscode.env.asExternalUri(callback);
  return {
    store: new SecretStorageOAuthTokenStore(context.secrets),
    prompt: new BrowserSignIn(external.toString(true), callbacks),
    clientName: `FlowStudio in ${vscode.env.appName}`,
    ...(secrets
      ? {
          clientSecrets: boundClientSecrets(
            secrets,
            createBindingPolicy({
              boundTo: (kind, name) => secrets.destinationsOf(kind, name),
              howToBind: (use) => `add ${use.destination} to its destinations with "FlowStudio: Secret Destinations"`,
            }),
          ),
        }
      : {}),
  };
}
