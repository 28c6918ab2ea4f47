// Who may call the flow server over HTTP: a static bearer token, JWTs from an OIDC issuer, or both.
// Tokens are compared or verified here and never logged; a refusal says why without echoing them.
import { timingSafeEqual } from 'node:crypto';
import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import * as z from 'zod';

export type BearerVerdict = { ok: true } | { ok: false; reason: string };

export interface BearerVerifier {
  verify(token: string): Promise<BearerVerdict>;
}

export class StaticTokenVerifier implements BearerVerifier {
  private readonly expected: Buffer;

  constructor(expected: string) {
    this.expected = Buffer.from(expected);
  }

  async verify(token: string): Promise<BearerVerdict> {
    const given = Buffer.from(token);
    return given.length === this.expected.length && timingSafeEqual(given, this.expected) ? accepted : { ok: false, reason: 'wrong bearer token' };
  }
}

const accepted: BearerVerdict = { ok: true };

/** The part of an OpenID Provider's discovery document this server needs (network input). */
const discoveryDocument = z.looseObject({ issuer: z.string().min(1), jwks_uri: z.url() });

export interface OidcOptions {
  /** The issuer URL exactly as it appears in the tokens' `iss` claim. */
  issuer: string;
  /** Required `aud` value; without it any audience from the issuer is accepted. */
  audience?: string;
}

/** Verifies JWT access tokens against the issuer's published keys (JWKS, fetched and cached by jose). */
export class OidcJwtVerifier implements BearerVerifier {
  private keys: JWTVerifyGetKey | undefined;

  constructor(readonly options: OidcOptions) {}

  /** Fetches the discovery document, so a wrong issuer URL fails at startup rather than on the first call. */
  async discover(): Promise<void> {
    const url = `${this.options.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
    let body: unknown;
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      body = await response.json();
    } catch (error) {
      throw new Error(`cannot read the OIDC discovery document ${url}: ${(error as Error).message}; check --oidc-issuer`);
    }
    const parsed = discoveryDocument.safeParse(body);
    if (!parsed.success) throw new Error(`${url} is not an OpenID discovery document (it needs issuer and jwks_uri)`);
    if (parsed.data.issuer !== this.options.issuer) {
      throw new Error(`the discovery document at ${url} names the issuer '${parsed.data.issuer}', not '${this.options.issuer}'; pass that exact value as --oidc-issuer`);
    }
    this.keys = createRemoteJWKSet(new URL(parsed.data.jwks_uri));
  }

  async verify(token: string): Promise<BearerVerdict> {
    if (!this.keys) await this.discover();
    try {
      await jwtVerify(token, this.keys!, { issuer: this.options.issuer, audience: this.options.audience });
      return { ok: true };
    } catch (error) {
      return { ok: false, reason: reasonOf(error) };
    }
  }
}

/** Accepts a token any of the verifiers accepts (e.g. the static token or an OIDC JWT). */
export class AnyBearerVerifier implements BearerVerifier {
  constructor(private readonly verifiers: readonly BearerVerifier[]) {}

  async verify(token: string): Promise<BearerVerdict> {
    const reasons: string[] = [];
    for (const verifier of this.verifiers) {
      const verdict = await verifier.verify(token);
      if (verdict.ok) return verdict;
      reasons.push(verdict.reason);
    }
    return { ok: false, reason: reasons.join('; ') || 'no way to accept a token is configured' };
  }
}

function reasonOf(error: unknown): string {
  if (error instanceof joseErrors.JWTExpired) return 'the token has expired';
  if (error instanceof joseErrors.JWTClaimValidationFailed) return `the token's ${error.claim} claim is not accepted here`;
  if (error instanceof joseErrors.JWSSignatureVerificationFailed || error instanceof joseErrors.JWKSNoMatchingKey) return "the token is not signed by the issuer's keys";
  if (error instanceof joseErrors.JWSInvalid || error instanceof joseErrors.JWTInvalid) return 'the token is not a valid JWT';
  return 'the token cannot be verified';
}
