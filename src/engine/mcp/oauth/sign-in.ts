// Completing an OAuth sign-in the SDK started: ask the host's prompt to show the authorization page,
// check what the browser brought back, and trade the code for tokens.
import * as z from 'zod';
import type { OAuthAuthorizationPrompt } from './authorization-prompt';
import type { StoredOAuthClientProvider } from './client-provider';
import { signInUrlProblem } from './sign-in-url';

/** The query of the redirect back from the authorization server (RFC 6749 4.1.2), from the network. */
const redirectQuery = z.object({
  code: z.string().min(1).max(4096).optional(),
  state: z.string().max(1024).optional(),
  error: z.string().max(200).optional(),
  error_description: z.string().max(1000).optional(),
});

/** A sign-in that did not complete; the connection reports it as is instead of trying another transport. */
export class SignInError extends Error {}

/** Anything that can trade a code for tokens: the SDK's Streamable HTTP and SSE client transports. */
export interface FinishesAuthorization {
  finishAuth(authorizationCode: string): Promise<void>;
}

export async function completeSignIn(
  server: string,
  provider: StoredOAuthClientProvider,
  transport: FinishesAuthorization,
  prompt: OAuthAuthorizationPrompt,
): Promise<void> {
  const authorizationUrl = provider.pendingAuthorizationUrl;
  if (!authorizationUrl)
    throw new SignInError(`MCP server '${server}' refused the connection, but its authorization server gave no sign-in page`);
  provider.pendingAuthorizationUrl = undefined;
  const problem = signInUrlProblem(authorizationUrl);
  if (problem) throw new SignInError(`MCP server '${server}': ${problem}; nothing was opened`);
  const returned = await prompt.authorize({ server, authorizationUrl }).catch((error: unknown) => {
    throw new SignInError(error instanceof Error ? error.message : String(error));
  });
  const query = redirectQuery.safeParse(Object.fromEntries(returned.searchParams));
  if (!query.success) throw new SignInError(`MCP server '${server}': the sign-in reply is malformed; sign in again`);
  const { code, state, error, error_description: description } = query.data;
  if (error)
    throw new SignInError(
      `MCP server '${server}': sign-in was refused (${error}${description ? `: ${description}` : ''}); sign in again to use this server`,
    );
  if (!provider.isExpectedState(state ?? null)) {
    throw new SignInError(`MCP server '${server}': the sign-in reply does not belong to this sign-in (state differs); sign in again`);
  }
  if (!code) throw new SignInError(`MCP server '${server}': the sign-in reply carries no authorization code; sign in again`);
  await transport.finishAuth(code);
}
