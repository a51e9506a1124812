import * as oidc from 'openid-client';
import { isLoopbackHttp } from '../../../shared/schemas/sso.js';

/**
 * The OpenID Connect client (openid-client, a certified relying party): discovery, the authorisation
 * address with PKCE, and the code exchange, which checks the state, the nonce, the PKCE verifier and
 * the ID token's signature, issuer, audience and times. Plain http is allowed only for an issuer on
 * this machine (127.0.0.1, localhost: the tests' provider); every other issuer must be https.
 */

export interface ClientSettings {
  issuerUrl: string;
  clientId: string;
  clientSecret: string;
}

/** Seconds a provider has to answer discovery or the token request. */
const TIMEOUT_SECONDS = 10;

export async function discover(s: ClientSettings): Promise<oidc.Configuration> {
  const url = new URL(s.issuerUrl);
  return oidc.discovery(url, s.clientId, s.clientSecret, oidc.ClientSecretPost(s.clientSecret), {
    timeout: TIMEOUT_SECONDS,
    execute: isLoopbackHttp(url) ? [oidc.allowInsecureRequests] : [],
  });
}

/** What a sign-in keeps while the person is at the provider (stored server-side; the state also in a cookie). */
export interface PendingSignIn {
  state: string;
  nonce: string;
  codeVerifier: string;
}

export function newPendingSignIn(): PendingSignIn {
  return { state: oidc.randomState(), nonce: oidc.randomNonce(), codeVerifier: oidc.randomPKCECodeVerifier() };
}

export async function authorizationUrl(config: oidc.Configuration, redirectUri: string, pending: PendingSignIn, loginHint: string | null): Promise<URL> {
  return oidc.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    response_type: 'code',
    scope: 'openid email profile',
    state: pending.state,
    nonce: pending.nonce,
    code_challenge: await oidc.calculatePKCECodeChallenge(pending.codeVerifier),
    code_challenge_method: 'S256',
    ...(loginHint ? { login_hint: loginHint } : {}),
  });
}

export interface VerifiedIdentity {
  subject: string;
  email: string | null;
  /** The provider's email_verified claim; null only when it sends none (Microsoft Entra ID). */
  emailVerified: boolean | null;
  name: string | null;
}

/**
 * Exchanges the code. `callbackUrl` is the address the provider sent the browser to. The e-mail is
 * read from the verified ID token, or from the userinfo endpoint (same subject) when the provider
 * keeps it there, as many do when an access token is issued too.
 */
export async function exchange(config: oidc.Configuration, callbackUrl: URL, pending: PendingSignIn): Promise<VerifiedIdentity> {
  const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
    pkceCodeVerifier: pending.codeVerifier,
    expectedState: pending.state,
    expectedNonce: pending.nonce,
    idTokenExpected: true,
  });
  const claims = tokens.claims();
  if (!claims) throw new Error('The provider sent no ID token');
  // The address and whether it is verified come from one source together: an ID token's
  // email_verified says nothing about an address only the userinfo endpoint gave.
  const source: Record<string, unknown> = typeof claims.email === 'string' ? claims : await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
  const name = typeof claims.name === 'string' ? claims.name : typeof source.name === 'string' ? source.name : null;
  return {
    subject: claims.sub,
    email: typeof source.email === 'string' ? source.email : null,
    emailVerified: verifiedClaim(source.email_verified),
    name,
  };
}

/**
 * email_verified as the provider meant it. Some send it as a string ("true" / "false", Amazon Cognito):
 * read as such. Anything else present is no verification, never "said nothing", which an
 * administrator's 'trust the provider's e-mail' would accept.
 */
function verifiedClaim(claim: unknown): boolean | null {
  if (claim === undefined || claim === null) return null;
  return claim === true || claim === 'true';
}
