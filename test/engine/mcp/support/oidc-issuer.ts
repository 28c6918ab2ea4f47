// A real OpenID Connect provider (npm oidc-provider) on 127.0.0.1 that issues client-credentials
// access tokens as signed JWTs, the audience being the requested resource.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import Provider from 'oidc-provider';

export const FLOWS_AUDIENCE = 'urn:flowstudio:flows';
export const CLIENT = { id: 'flow-caller', secret: 'flow-caller-secret-0123456789' };
/** A client whose tokens live two seconds, to see an expired token refused (and, fresh, accepted). */
export const SHORT_LIVED_CLIENT = { id: 'short-lived', secret: 'short-lived-secret-0123456789' };

export interface RunningIssuer {
  issuer: string;
  /** POSTs a client_credentials grant to the token endpoint and returns the access token (a JWT). */
  accessToken(client: { id: string; secret: string }, resource?: string): Promise<string>;
  close(): Promise<void>;
}

export async function signingKeys(): Promise<JWK[]> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  return [{ ...(await exportJWK(privateKey)), kid: 'test-key', alg: 'RS256', use: 'sig' }];
}

export async function startOidcIssuer(keys: JWK[]): Promise<RunningIssuer> {
  let handler: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;
  const http = createServer((req, res) => handler!(req, res));
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(0, '127.0.0.1', () => resolve());
  });
  const issuer = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const client = (c: { id: string; secret: string }) => ({
    client_id: c.id,
    client_secret: c.secret,
    grant_types: ['client_credentials'],
    redirect_uris: [],
    response_types: [],
    scope: 'flows:run',
  });
  const provider = new Provider(issuer, {
    clients: [client(CLIENT), client(SHORT_LIVED_CLIENT)],
    jwks: { keys },
    scopes: ['flows:run'],
    cookies: { keys: ['a-cookie-signing-key-for-tests'] },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => FLOWS_AUDIENCE,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, resourceIndicator, requester) => ({
          scope: 'flows:run',
          audience: resourceIndicator,
          accessTokenTTL: requester.clientId === SHORT_LIVED_CLIENT.id ? 2 : 300,
          accessTokenFormat: 'jwt',
        }),
      },
    },
  });
  handler = provider.callback();
  return {
    issuer,
    accessToken: async (c, resource = FLOWS_AUDIENCE) => {
      const response = await fetch(`${issuer}/token`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          Authorization: `Basic ${Buffer.from(`${c.id}:${c.secret}`).toString('base64')}`,
        },
        body: new URLSearchParams({ grant_type: 'client_credentials', resource, scope: 'flows:run' }),
      });
      const body = (await response.json()) as { access_token?: string; error?: string; error_description?: string };
      if (!body.access_token) throw new Error(`the issuer refused the grant: ${body.error} ${body.error_description}`);
      return body.access_token;
    },
    close: () =>
      new Promise<void>((resolve) => {
        http.close(() => resolve());
        http.closeAllConnections();
      }),
  };
}
