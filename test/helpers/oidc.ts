import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';
import { expect } from 'vitest';
import type { Me } from '../../shared/schemas/auth.js';
import type { SsoSettingsView } from '../../shared/schemas/sso.js';
import { ApiClient } from './http.js';

/**
 * A real OpenID provider (oidc-provider, a certified OP) on 127.0.0.1, port 0, with one client
 * registered, for the single sign-on tests. Its development sign-in page takes any login: the login
 * typed is the account, its e-mail is the login, verified unless it starts with "unverified" (said
 * false) or "noclaim" (no email_verified claim at all, as Microsoft Entra ID sends); see emailVerifiedClaim.
 */
export interface TestProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /**
   * Signs in at the provider as `login` for the authorisation address the product redirected to,
   * following every redirect of the provider (its cookies kept), and answers the address the
   * provider sends the browser back to: the product's callback with a code (or an error).
   */
  signIn(authorizationUrl: string, login: string): Promise<URL>;
  close(): Promise<void>;
}

/**
 * The email_verified claim for a login: none for "noclaim…", false for "unverified…", the string
 * "false" / "true" for "stringfalse…" / "stringtrue…" (as some providers, Amazon Cognito among them,
 * send it), true otherwise.
 */
function emailVerifiedClaim(login: string): { email_verified?: boolean | string } {
  if (login.startsWith('noclaim')) return {};
  if (login.startsWith('stringfalse')) return { email_verified: 'false' };
  if (login.startsWith('stringtrue')) return { email_verified: 'true' };
  return { email_verified: !login.startsWith('unverified') };
}

export async function startProvider(redirectUri: string): Promise<TestProvider> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientId = 'partnership-board';
  const clientSecret = 'the-client-secret-of-the-test-provider';
  const provider = new Provider(issuer, {
    clients: [{ client_id: clientId, client_secret: clientSecret, redirect_uris: [redirectUri], token_endpoint_auth_method: 'client_secret_post', response_types: ['code'], grant_types: ['authorization_code'] }],
    pkce: { required: () => true },
    features: { devInteractions: { enabled: true } },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    // The e-mail in the ID token itself, as Microsoft Entra ID puts it there.
    conformIdTokenClaims: false,
    cookies: { keys: ['test-provider-cookie-key'] },
    findAccount: (_ctx: unknown, id: string) => ({
      accountId: id,
      claims: () => ({ sub: id, email: id, ...emailVerifiedClaim(id), name: `Provider ${id.slice(0, id.indexOf('@'))}` }),
    }),
  });
  server.on('request', provider.callback());

  const close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });

  async function signIn(authorizationUrl: string, login: string): Promise<URL> {
    const jar = new Map<string, string>();
    const keep = (res: Response) => {
      for (const c of res.headers.getSetCookie()) {
        const [pair] = c.split(';');
        const eq = pair!.indexOf('=');
        jar.set(pair!.slice(0, eq), pair!.slice(eq + 1));
      }
    };
    const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    let url = new URL(authorizationUrl);
    let body: URLSearchParams | null = null;
    for (let hop = 0; hop < 20; hop++) {
      if (url.origin !== issuer) return url;
      const res: Response = await fetch(url, { redirect: 'manual', method: body ? 'POST' : 'GET', headers: { cookie: cookie(), ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) }, ...(body ? { body: body.toString() } : {}) });
      keep(res);
      body = null;
      const location = res.headers.get('location');
      if (location) {
        url = new URL(location, url);
        continue;
      }
      const html: string = await res.text();
      if (res.status !== 200) throw new Error(`The provider answered ${res.status}: ${html.slice(0, 300)}`);
      // Its development pages: the sign-in form, then the consent form, each posted back to the same address.
      body = html.includes('name="login"') ? new URLSearchParams({ prompt: 'login', login, password: 'any' }) : new URLSearchParams({ prompt: 'consent' });
    }
    throw new Error('The provider kept redirecting');
  }

  return { issuer, clientId, clientSecret, signIn, close };
}

/**
 * The product's side of the flow, driven with fetch as a browser would (every redirect by hand): the
 * start's redirect and state cookie, the callback's redirect and session cookie, and the two together.
 */
export function ssoFlow(baseUrl: () => string, provider: () => TestProvider) {
  /** The product's start: its redirect to the provider and the state cookie it gives the browser. */
  async function start(loginHint?: string, partnershipId = 1): Promise<{ to: URL; stateCookie: string }> {
    const res = await fetch(`${baseUrl()}/api/auth/sso/${partnershipId}/start${loginHint ? `?login_hint=${encodeURIComponent(loginHint)}` : ''}`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    const stateCookie = res.headers.getSetCookie().find((c) => c.startsWith('sg_sso_state='));
    expect(stateCookie, `the start went to ${res.headers.get('location')}`).toBeTruthy();
    return { to: new URL(res.headers.get('location')!), stateCookie: stateCookie!.split(';')[0]! };
  }

  /** Back at the product's callback: where it sends the browser, and the session cookie if any. */
  async function callback(url: URL, cookie: string | null): Promise<{ location: string; session: string | null }> {
    const res = await fetch(url, { redirect: 'manual', headers: cookie ? { cookie } : {} });
    expect(res.status).toBe(302);
    const session = res.headers.getSetCookie().find((c) => c.startsWith('sg_session=') && !c.startsWith('sg_session=;'));
    return { location: res.headers.get('location')!, session: session ? session.split(';')[0]! : null };
  }

  /** The whole flow as `login` at the provider. */
  async function signInAs(login: string, partnershipId = 1): Promise<{ location: string; session: string | null }> {
    const { to, stateCookie } = await start(login, partnershipId);
    return callback(await provider().signIn(to.href, login), stateCookie);
  }

  /** An API client whose session single sign-on opened. */
  async function clientAs(login: string, partnershipId = 1): Promise<ApiClient> {
    const done = await signInAs(login, partnershipId);
    expect(done, `single sign-on as ${login}`).toMatchObject({ location: '/', session: expect.any(String) });
    return new ApiClient(baseUrl()).adopt(done.session!);
  }

  return { start, callback, signInAs, clientAs };
}

type FieldErrorBody = { error: { code: string; message: string; details: { path: string; message: string }[] } };

/**
 * An administrator's side of single sign-on in tests: settings for the test provider (overridable),
 * a PUT of them by any client to a partnership's settings, and which partnership a client's session
 * works in (its status when it has none).
 */
export function ssoSettingsKit(provider: () => TestProvider, base: { label: string; partnershipId?: number }) {
  const settings = (over: Record<string, unknown> = {}) => ({
    label: base.label,
    issuerUrl: provider().issuer,
    clientId: provider().clientId,
    clientSecret: provider().clientSecret,
    allowedDomains: ['demo.test'],
    required: false,
    createsPeople: false,
    enabled: true,
    ...over,
  });
  const put = (client: ApiClient, over: Record<string, unknown> = {}, path = `/api/partnerships/${base.partnershipId ?? 1}/sso`) =>
    client.request<SsoSettingsView & FieldErrorBody>('PUT', path, settings(over));
  const workingIn = async (client: ApiClient): Promise<number> => {
    const res = await client.get<Me>('/api/auth/me');
    return res.status === 200 ? res.body.partnership.id : res.status;
  };
  return { settings, put, workingIn };
}
