import { YJS_LIMITS } from '../../shared/protocol/yjs.js';

export const ADMIN = { email: 'admin@demo.test', password: 'demo' } as const;

/** Signs in over the real API and returns the `sg_session=...` cookie. */
export async function signIn(baseUrl: string, email: string = ADMIN.email, password: string = ADMIN.password): Promise<string> {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: baseUrl },
    body: JSON.stringify({ email, password }),
  });
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('sg_session='))?.split(';')[0];
  if (res.status !== 200 || !cookie) throw new Error(`sign-in as ${email} failed: ${res.status} ${await res.text()}`);
  return cookie;
}

/** Connections per session stay under this, well inside YJS_LIMITS.maxConnectionsPerSession. */
export const CONNECTIONS_PER_SESSION = Math.floor(YJS_LIMITS.maxConnectionsPerSession * 0.8);

/** Enough sessions of the admin (who may edit every risk) that no session reaches the open-doc limit. */
export async function signInSessions(baseUrl: string, connections: number): Promise<string[]> {
  const n = Math.max(1, Math.ceil(connections / CONNECTIONS_PER_SESSION));
  const cookies: string[] = [];
  for (let i = 0; i < n; i++) cookies.push(await signIn(baseUrl));
  return cookies;
}
