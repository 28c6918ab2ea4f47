// How the CLI signs in to OAuth-protected MCP servers: `flowstudio mcp login SERVER` opens the
// authorization page and receives the redirect on a loopback port; every other command uses the
// tokens stored by then and refuses to wait for a browser.
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import {
  boundClientSecrets,
  commandLinePolicy,
  EnvSecretStore,
  FileOAuthTokenStore,
  signInUrlProblem,
  type McpOAuthOptions,
  type OAuthAuthorizationPrompt,
  type OAuthAuthorizationRequest,
} from '../engine';

const DEFAULT_CALLBACK_PORT = 33418;
const CALLBACK_PATH = '/oauth/callback';
const SIGN_IN_TIMEOUT_MS = 5 * 60_000;

/** The redirect URL must stay the same across runs: it is registered once with each authorization server. */
function callbackPort(env: NodeJS.ProcessEnv): number {
  const port = Number(env.FLOWSTUDIO_OAUTH_PORT ?? DEFAULT_CALLBACK_PORT);
  return Number.isInteger(port) && port > 0 && port < 65536 ? port : DEFAULT_CALLBACK_PORT;
}

/**
 * `allowed` are the --allow-secret bindings: a pre-registered client's secret (`oauth.clientSecret`,
 * read from the environment like every CLI secret) goes only to a server it is bound to (`NAME=mcp:SERVER`).
 */
export function cliOAuthOptions(
  interactive: boolean,
  env: NodeJS.ProcessEnv = process.env,
  allowed: readonly { name: string; destination: string }[] = [],
): McpOAuthOptions {
  const redirectUrl = `http://127.0.0.1:${callbackPort(env)}${CALLBACK_PATH}`;
  return {
    store: new FileOAuthTokenStore(),
    prompt: interactive ? new LoopbackSignIn(redirectUrl) : new SignInElsewhere(redirectUrl),
    clientSecrets: boundClientSecrets(new EnvSecretStore(env), commandLinePolicy(allowed)),
  };
}

/** For run, validate, tools and call: a browser must never block a script. */
class SignInElsewhere implements OAuthAuthorizationPrompt {
  constructor(readonly redirectUrl: string) {}

  async authorize({ server }: OAuthAuthorizationRequest): Promise<URL> {
    throw new Error(`not signed in to MCP server '${server}'; run \`flowstudio mcp login ${server}\` once in a terminal`);
  }
}

/** For `mcp login`: prints the page, tries to open the browser, and waits for the redirect on 127.0.0.1. */
class LoopbackSignIn implements OAuthAuthorizationPrompt {
  constructor(readonly redirectUrl: string) {}

  authorize({ server, authorizationUrl }: OAuthAuthorizationRequest): Promise<URL> {
    const problem = signInUrlProblem(authorizationUrl);
    if (problem) return Promise.reject(new Error(`MCP server '${server}': ${problem}; nothing was opened`));
    const port = Number(new URL(this.redirectUrl).port);
    const expectedState = authorizationUrl.searchParams.get('state');
    return new Promise<URL>((resolve, reject) => {
      const http = createServer((req, res) => {
        const url = new URL(req.url ?? '/', this.redirectUrl);
        if (url.pathname !== CALLBACK_PATH) {
          res.writeHead(404).end();
          return;
        }
        // Any local program can request this URL; one that does not carry this sign-in's state is
        // answered and ignored, so it cannot end (or answer) the sign-in the user is doing.
        if (expectedState !== null && url.searchParams.get('state') !== expectedState) {
          res
            .writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' })
            .end('FlowStudio: this reply does not belong to the sign-in in progress; it was ignored.');
          return;
        }
        res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' }).end('FlowStudio: sign-in received. You can close this tab.');
        finish(() => resolve(url));
      });
      const timer = setTimeout(
        () => finish(() => reject(new Error(`sign-in to MCP server '${server}' timed out after 5 minutes`))),
        SIGN_IN_TIMEOUT_MS,
      );
      const finish = (settle: () => void) => {
        clearTimeout(timer);
        http.close();
        http.closeAllConnections();
        settle();
      };
      http.once('error', (error) =>
        finish(() =>
          reject(
            new Error(
              `cannot receive the sign-in redirect on ${this.redirectUrl}: ${error.message}; set FLOWSTUDIO_OAUTH_PORT to a free port`,
            ),
          ),
        ),
      );
      http.listen(port, '127.0.0.1', () => {
        process.stderr.write(`flowstudio: sign in to MCP server '${server}' in your browser:\n  ${authorizationUrl.href}\n`);
        openInBrowser(authorizationUrl.href);
      });
    });
  }
}

function openInBrowser(url: string): void {
  const command = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  // Best effort: without a browser the printed URL still works.
  const child = spawn(command, [url], { stdio: 'ignore', detached: true });
  child.on('error', () => undefined);
  child.unref();
}
