// Who may call the flow server over HTTP: a static bearer token, JWTs from an OIDC issuer, or both.
// Tokens are compared or verified here and never logged; a refusal says why without echoing them.
import { createHash, timingSafeEqual } from 'node:crypto';
import { createRemoteJWKSet, decodeProtectedHeader, errors as joseErrors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import * as z from 'zod';

export type BearerVerdict = { ok: true } | { ok: false; reason: string };

export interface BearerVerifier {
  verify(token: string): Promise<BearerVerdict>;
}

/** Shortest static token accepted: anything shorter is guessable by a flood of requests. */
export const MIN_TOKEN_LENGTH = 16;

/** RFC 6750's token characters: what a client can put after `Bearer ` without quoting. */
const TOKEN_CHARACTERS = /^[A-Za-z0-9\-._~+/]+=*$/;

/** Why a static token cannot protect the server, or undefined when it can. */
export function staticTokenProblem(token: string): string | undefined {
  if (token.trim() === '')
    return 'the bearer token is empty; pass a random token of at least 16 characters (or leave it out to have one made)';
  if (token.length < MIN_TOKEN_LENGTH) return `the bearer token has ${token.length} characters; it needs at least ${MIN_TOKEN_LENGTH}`;
  if (!TOKEN_CHARACTERS.test(token))
    return 'the bearer token may hold only letters, digits and - . _ ~ + / (with = at the end), as an HTTP bearer token must';
  return undefined;
}

export class StaticTokenVerifier implements BearerVerifier {
  private readonly expected: Buffer;

  constructor(expected: string) {
    const problem = staticTokenProblem(expected);
    if (problem) throw new Error(problem);
    this.expected = digest(expected);
  }

  async verify(token: string): Promise<BearerVerdict> {
    // Digests have one length, so the comparison takes the same time whatever was sent, its length included.
    return timingSafeEqual(digest(token), this.expected) ? accepted : { ok: false, reason: 'wrong bearer token' };
  }
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

const accepted: BearerVerdict = { ok: true };

/** The part of an OpenID Provider's discovery document this server needs (network input). */
const discoveryDocument = z.looseObject({ issuer: z.string().min(1), jwks_uri: z.url() });

export interface OidcOptions {
  /** The issuer URL exactly as it appears in the tokens' `iss` claim; https (http only on loopback). */
  issuer: string;
  /** Required `aud` value; the serving code defaults it to the server's own URL. */
  audience?: string;
}

/** Access-token JWTs say so in their header (RFC 9068); an ID token posing as one says otherwise. */
const ACCESS_TOKEN_TYPES = new Set(['at+jwt', 'application/at+jwt']);

/** Verifies JWT access tokens against the issuer's published keys (JWKS, fetched and cached by jose). */
export class OidcJwtVerifier implements BearerVerifier {
  private keys: JWTVerifyGetKey | undefined;
  private audience: string | undefined;

  constructor(readonly options: OidcOptions) {
    const problem = remoteUrlProblem(options.issuer);
    if (problem) throw new Error(`--oidc-issuer ${problem}`);
    this.audience = options.audience;
  }

  /** The audience tokens must name when none was given: the server's own URL, known once it listens. */
  useDefaultAudience(audience: string): void {
    this.audience ??= audience;
  }

  get expectedAudience(): string | undefined {
    return this.audience;
  }

  /** Fetches the discovery document, so a wrong issuer URL fails at startup rather than on the first call. */
  async discover(): Promise<void> {
    const url = `${this.options.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
    let body: unknown;
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(10_000), redirect: 'error' });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      body = await response.json();
    } catch (error) {
      throw new Error(`cannot read the OIDC discovery document ${url}: ${(error as Error).message}; check --oidc-issuer`);
    }
    const parsed = discoveryDocument.safeParse(body);
    if (!parsed.success) throw new Error(`${url} is not an OpenID discovery document (it needs issuer and jwks_uri)`);
    if (parsed.data.issuer !== this.options.issuer) {
      throw new Error(
        `the discovery document at ${url} names the issuer '${parsed.data.issuer}', not '${this.options.issuer}'; pass that exact value as --oidc-issuer`,
      );
    }
    const jwksProblem = remoteUrlProblem(parsed.data.jwks_uri);
    if (jwksProblem)
      throw new Error(`the discovery document at ${url} names a jwks_uri the keys cannot be trusted from: it ${jwksProblem}`);
    this.keys = createRemoteJWKSet(new URL(parsed.data.jwks_uri));
  }

  async verify(token: string): Promise<BearerVerdict> {
    if (!this.keys) await this.discover();
    if (this.audience === undefined) return { ok: false, reason: 'no audience is configured to check tokens against' };
    let type: string | undefined;
    try {
      type = decodeProtectedHeader(token).typ;
    } catch {
      return { ok: false, reason: 'the token is not a valid JWT' };
    }
    try {
      if (type !== undefined && !ACCESS_TOKEN_TYPES.has(type.toLowerCase()))
        return { ok: false, reason: `the token is not an access token (its typ is '${shortText(type)}', not 'at+jwt')` };
      await jwtVerify(token, this.keys!, { issuer: this.options.issuer, audience: this.audience, requiredClaims: ['exp'] });
      return { ok: true };
    } catch (error) {
      return { ok: false, reason: reasonOf(error) };
    }
  }
}

/** Keys and issuers are trusted over the network, so only https, or http to this machine (local test issuers). */
export function remoteUrlProblem(raw: string): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return `must be a URL, got '${shortText(raw)}'`;
  }
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) return undefined;
  return `must be an https URL (http only for 127.0.0.1, ::1 or localhost), got '${shortText(raw)}'`;
}

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

function shortText(text: string): string {
  const plain = text.replace(/[^\x20-\x7e]/g, '?');
  return plain.length > 80 ? `${plain.slice(0, 80)}…` : plain;
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
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    return error.reason === 'missing'
      ? `the token has no ${error.claim} claim, which is required`
      : `the token's ${error.claim} claim is not accepted here`;
  }
  if (error instanceof joseErrors.JWSSignatureVerificationFailed || error instanceof joseErrors.JWKSNoMatchingKey)
    return "the token is not signed by the issuer's keys";
  if (error instanceof joseErrors.JWSInvalid || error instanceof joseErrors.JWTInvalid) return 'the token is not a valid JWT';
  return 'the token cannot be verified';
}
