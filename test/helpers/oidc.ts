import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

/**
 * A real OpenID provider (oidc-provider, a certified OP) on 127.0.0.1, port 0, with one client
 * registered, for the single sign-on tests. Its development sign-in page takes any login: the login
 * typed is the account, its e-mail is the login, verified unless it starts with "unverified".
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
      claims: () => ({ sub: id, email: id, email_verified: !id.startsWith('unverified'), name: `Provider ${id.slice(0, id.indexOf('@'))}` }),
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
