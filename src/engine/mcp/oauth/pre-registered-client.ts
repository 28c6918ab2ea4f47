// A client registered with a server's authorization server beforehand (for servers that offer no
// dynamic registration), as a server's `oauth` setting: `{ "clientId": "...", "clientSecret":
// "{{secret:NAME}}", "grant"?: "authorization_code" | "client_credentials" }`. The secret is a reference
// only: a config file is shared and committed, so a literal secret there is refused.
import * as z from 'zod';
import type { SecretStore } from '../../secrets/secret-store';
import type { SecretBindingPolicy } from '../../secrets/binding-policy';

const SECRET_REFERENCE = /^\{\{\s*secret:([A-Za-z0-9_.-]+)\s*\}\}$/;

/** The setting as a server definition carries it: the secret by name, never its value. */
export interface PreRegisteredClient {
  clientId: string;
  /** The name in `{{secret:NAME}}`; absent for a public client (PKCE only). */
  clientSecretName?: string;
  /** `client_credentials` signs in as the client itself, with no browser and no person (machine to machine). */
  grant: 'authorization_code' | 'client_credentials';
}

const oauthSetting = z.strictObject({
  clientId: z.string().trim().min(1, 'oauth.clientId must not be empty').max(512),
  clientSecret: z.string().optional(),
  grant: z.enum(['authorization_code', 'client_credentials']).optional(),
});

/** The `oauth` setting of server `server`, or a message saying what is wrong with it. */
export function parsePreRegisteredClient(value: unknown, server: string): PreRegisteredClient | { problem: string } {
  const parsed = oauthSetting.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `oauth.${issue.path.join('.')}` : 'oauth';
    return {
      problem: `server '${server}': ${where}: ${issue?.message ?? 'invalid'} (expected { "clientId": "...", "clientSecret"?: "{{secret:NAME}}" })`,
    };
  }
  const { clientId, clientSecret, grant = 'authorization_code' } = parsed.data;
  let clientSecretName: string | undefined;
  if (clientSecret !== undefined) {
    clientSecretName = SECRET_REFERENCE.exec(clientSecret)?.[1];
    if (!clientSecretName)
      return {
        problem:
          `server '${server}': oauth.clientSecret must be a {{secret:NAME}} reference, not the secret itself ` +
          '(config files are shared); store the value as a FlowStudio secret and name it here',
      };
  }
  if (grant === 'client_credentials' && !clientSecretName)
    return { problem: `server '${server}': oauth.grant "client_credentials" needs oauth.clientSecret, a {{secret:NAME}} reference` };
  return { clientId, grant, ...(clientSecretName ? { clientSecretName } : {}) };
}

/** Hands out a pre-registered client's secret for the sign-in of one server, or throws saying why not. */
export interface OAuthClientSecrets {
  clientSecret(request: { server: string; name: string }): Promise<string>;
}

/**
 * Client secrets from a secret store, each only for a server it is bound to (`mcp:SERVER`): a config
 * from a cloned repository could otherwise name any stored secret and point the server at its own
 * authorization server to receive it.
 */
export function boundClientSecrets(store: SecretStore, policy: SecretBindingPolicy): OAuthClientSecrets {
  return {
    async clientSecret({ server, name }) {
      const destination = `mcp:${server}`;
      const decision = await policy.check({ kind: 'secret', name, destination, nodeId: 'oauth.clientSecret', nodeType: 'mcp.server' });
      if (!decision.allowed)
        throw new Error(`MCP server '${server}': its oauth.clientSecret {{secret:${name}}} is refused: ${decision.reason}`);
      const value = await store.get(name);
      if (value === undefined || value === '')
        throw new Error(`MCP server '${server}': its oauth.clientSecret names the secret '${name}', which is not set`);
      return value;
    },
  };
}
