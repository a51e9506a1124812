import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInWith, type SsoLookup, type SsoSettingsView } from '../../shared/schemas/sso.js';
import { ApiClient, DEMO } from '../helpers/http.js';
import { ssoFlow, startProvider, type TestProvider } from '../helpers/oidc.js';
import { addSecondPartnership } from '../helpers/second-partnership.js';
import { useTestServer } from '../helpers/server.js';

/**
 * Single sign-on against a real OpenID provider (oidc-provider) on 127.0.0.1, port 0: the settings
 * through the admin route, the whole authorisation code + PKCE flow driven with fetch (every redirect
 * followed by hand), and each refusal: a wrong domain, an unknown person, an unverified address, a
 * tampered, foreign or replayed state, a nonce that does not match, the provider's own refusal;
 * password sign-in refused where single sign-on is required; who may read and change the settings.
 */

const SETTINGS = '/api/partnerships/1/sso';

describe('single sign-on with OpenID Connect', () => {
  const server = useTestServer();
  let provider: TestProvider;
  let admin: ApiClient;
  /** Every answer the tests read, to check the secret is in none of them. */
  const answers: unknown[] = [];

  beforeAll(async () => {
    // Where the provider sends people back is built from PUBLIC_URL: here, the test server's own address.
    server().ctx.config.publicUrl = server().url;
    provider = await startProvider(`${server().url}/api/auth/sso/callback`);
    admin = await new ApiClient(server().url).login(DEMO.admin);
  });
  afterAll(async () => provider?.close());

  const settings = (over: Record<string, unknown> = {}) => ({
    label: 'Demo County Council',
    issuerUrl: provider.issuer,
    clientId: provider.clientId,
    clientSecret: provider.clientSecret,
    allowedDomains: ['demo.test'],
    required: false,
    createsPeople: false,
    enabled: true,
    ...over,
  });

  async function save(over: Record<string, unknown> = {}): Promise<SsoSettingsView> {
    const res = await admin.request<SsoSettingsView>('PUT', SETTINGS, settings(over));
    answers.push(res.body);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body;
  }

  const { start, callback, signInAs, clientAs } = ssoFlow(() => server().url, () => provider);

  const auditRows = async (action: string): Promise<{ detail: string; actor_id: number | null }[]> =>
    (await server().ctx.database.sql.all('select detail, actor_id from audit_log where action = ? order by id', [action])) as { detail: string; actor_id: number | null }[];
  const lastRefusal = async (): Promise<Record<string, unknown>> => JSON.parse((await auditRows('auth.sso_refused')).at(-1)!.detail) as Record<string, unknown>;

  it('an administrator saves the settings through the admin route; the secret is sealed, never answered', async () => {
    const saved = await save();
    expect(saved).toMatchObject({ configured: true, label: 'Demo County Council', issuerUrl: provider.issuer, secretSet: true, enabled: true, allowedDomains: ['demo.test'], redirectUri: `${server().url}/api/auth/sso/callback` });
    const read = await admin.get<SsoSettingsView>(SETTINGS);
    answers.push(read.body);
    expect(read.body).toEqual(saved);
    const stored = (await server().ctx.database.sql.get('select client_secret_sealed as s from partnership_sso where partnership_id = 1')) as { s: string };
    expect(stored.s).not.toContain(provider.clientSecret);
    expect(server().ctx.secrets.open(stored.s)).toBe(provider.clientSecret);
    // Saved again without a secret: the one set is kept.
    const { clientSecret: _omit, ...withoutSecret } = settings({ label: 'Demo Council' });
    const again = await admin.request<SsoSettingsView>('PUT', SETTINGS, withoutSecret);
    answers.push(again.body);
    expect([again.status, again.body.secretSet, again.body.label]).toEqual([200, true, 'Demo Council']);
    expect(server().ctx.secrets.open(((await server().ctx.database.sql.get('select client_secret_sealed as s from partnership_sso')) as { s: string }).s)).toBe(provider.clientSecret);
    await save();
  });

  it('refuses an issuer whose discovery document cannot be read, and plain http anywhere but this machine', async () => {
    const unreachable = await admin.request<{ error: { code: string; message: string; details: { path: string }[] } }>('PUT', SETTINGS, settings({ issuerUrl: 'http://127.0.0.1:1/' }));
    expect([unreachable.status, unreachable.body.error.code, unreachable.body.error.details[0]!.path]).toEqual([400, 'VALIDATION_FAILED', 'issuerUrl']);
    expect(unreachable.body.error.message).toContain('/.well-known/openid-configuration');
    const plain = await admin.request<{ error: { code: string } }>('PUT', SETTINGS, settings({ issuerUrl: 'http://login.example.org/' }));
    expect([plain.status, plain.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    const noDomains = await admin.request('PUT', SETTINGS, settings({ allowedDomains: [] }));
    expect(noDomains.status).toBe(400);
    // Nothing changed.
    expect((await admin.get<SsoSettingsView>(SETTINGS)).body.issuerUrl).toBe(provider.issuer);
  });

  it('the sign-in page is offered the organisation by the address’s domain alone', async () => {
    const anyone = new ApiClient(server().url);
    const known = await anyone.post<SsoLookup>('/api/auth/sso/lookup', { email: DEMO.health });
    const unknown = await anyone.post<SsoLookup>('/api/auth/sso/lookup', { email: 'nobody-at-all@demo.test' });
    const elsewhere = await anyone.post<SsoLookup>('/api/auth/sso/lookup', { email: 'someone@elsewhere.example' });
    answers.push(known.body, unknown.body, elsewhere.body);
    expect(known.body.options.map((o) => [o.label, o.required])).toEqual([['Demo County Council', false]]);
    // A person's address and an address nobody has are answered alike, but for the hint each carries.
    expect(unknown.body.options.map((o) => ({ ...o, url: o.url.split('?')[0] }))).toEqual(known.body.options.map((o) => ({ ...o, url: o.url.split('?')[0] })));
    expect(elsewhere.body).toEqual({ options: [] });
    expect(signInWith(known.body.options[0]!.label)).toBe('Sign in with Demo County Council');
  });

  it('signs a person in through the provider (code + PKCE), audited, and signing out ends the session', async () => {
    const { to, stateCookie } = await start(DEMO.health);
    // The product asked for the code flow with PKCE S256, a state and a nonce.
    expect(Object.fromEntries(['response_type', 'code_challenge_method', 'client_id', 'login_hint'].map((k) => [k, to.searchParams.get(k)]))).toEqual({ response_type: 'code', code_challenge_method: 'S256', client_id: provider.clientId, login_hint: DEMO.health });
    for (const k of ['code_challenge', 'state', 'nonce']) expect(to.searchParams.get(k)?.length).toBeGreaterThan(20);
    // Only the state's hash is kept.
    expect((await server().ctx.database.sql.get('select count(*) as n from sso_states where state_hash = ?', [to.searchParams.get('state')]))).toEqual({ n: 0 });

    const back = await provider.signIn(to.href, DEMO.health);
    expect(back.searchParams.get('code')).toBeTruthy();
    const done = await callback(back, stateCookie);
    expect(done.location).toBe('/');
    expect(done.session).toBeTruthy();
    const me = await fetch(`${server().url}/api/auth/me`, { headers: { cookie: done.session! } });
    const body = (await me.json()) as { person: { email: string }; partnership: { id: number } };
    expect([me.status, body.person.email, body.partnership.id]).toEqual([200, DEMO.health, 1]);
    expect(JSON.parse((await auditRows('auth.sso_sign_in')).at(-1)!.detail)).toMatchObject({ email: DEMO.health, created: false });

    const out = await fetch(`${server().url}/api/auth/logout`, { method: 'POST', headers: { cookie: done.session!, origin: server().url } });
    expect(out.status).toBe(204);
    expect((await fetch(`${server().url}/api/auth/me`, { headers: { cookie: done.session! } })).status).toBe(401);
  });

  it('refuses an address of a domain the partnership does not allow, an unknown person and an unverified address, each on the record', async () => {
    expect(await signInAs('someone@elsewhere.example')).toEqual({ location: '/login?sso_error=domain', session: null });
    expect((await lastRefusal())).toMatchObject({ code: 'domain', email: 'someone@elsewhere.example' });
    expect(await signInAs('nobody-at-all@demo.test')).toEqual({ location: '/login?sso_error=unknown', session: null });
    expect((await lastRefusal())).toMatchObject({ code: 'unknown', email: 'nobody-at-all@demo.test' });
    expect(await signInAs('unverified@demo.test')).toEqual({ location: '/login?sso_error=unverified', session: null });
    expect((await lastRefusal())).toMatchObject({ code: 'unverified' });
    // Typed one address, signed in at the provider as another (a shared computer): refused.
    const typed = await start(DEMO.health);
    expect(await callback(await provider.signIn(typed.to.href, DEMO.police), typed.stateCookie)).toEqual({ location: '/login?sso_error=mismatch', session: null });
    expect((await lastRefusal())).toMatchObject({ code: 'mismatch', email: DEMO.police, typed: DEMO.health });
    // No address typed (a bookmark of the start): whoever the provider verifies.
    const bare = await start();
    expect((await callback(await provider.signIn(bare.to.href, DEMO.police), bare.stateCookie)).location).toBe('/');
    // A person disabled in the partnership is no one to sign in.
    const police = (await server().ctx.database.sql.get("select p.id from people p join accounts a on a.id = p.account_id where a.email = ? and p.partnership_id = 1", [DEMO.police])) as { id: number };
    (await server().ctx.database.sql.run('update people set disabled = true where id = ?', [police.id]));
    try {
      expect((await signInAs(DEMO.police)).location).toBe('/login?sso_error=unknown');
    } finally {
      (await server().ctx.database.sql.run('update people set disabled = false where id = ?', [police.id]));
    }
  });

  it('makes a person on first sign-in only where the administrator turned it on, in the agency they chose, with no board roles', async () => {
    // Not the partnership's first agency: the one chosen.
    const agency = (await server().ctx.database.sql.get('select id, name from agencies where partnership_id = 1 order by id desc')) as { id: number; name: string };
    await save({ createsPeople: true, newPeopleAgencyId: agency.id });
    try {
      const done = await signInAs('new.starter@demo.test');
      expect([done.location, !!done.session]).toEqual(['/', true]);
      const me = (await (await fetch(`${server().url}/api/auth/me`, { headers: { cookie: done.session! } })).json()) as { person: { email: string; name: string }; agency: { name: string }; memberships: unknown[]; partnership: { isAdmin: boolean } };
      expect([me.person.email, me.person.name, me.agency.name, me.memberships, me.partnership.isAdmin]).toEqual(['new.starter@demo.test', 'Provider new.starter', agency.name, [], false]);
      expect(JSON.parse((await auditRows('auth.sso_sign_in')).at(-1)!.detail)).toMatchObject({ created: true });
    } finally {
      await save();
    }
  });

  it('refuses a tampered state, a state from another browser, a replayed callback and the provider’s own refusal', async () => {
    // Tampered: the state the provider sends back is not one the product gave.
    const a = await start(DEMO.health);
    const backA = await provider.signIn(a.to.href, DEMO.health);
    const tampered = new URL(backA);
    tampered.searchParams.set('state', `${backA.searchParams.get('state')}x`);
    expect(await callback(tampered, a.stateCookie)).toEqual({ location: '/login?sso_error=state', session: null });
    // Another browser's state (login CSRF): the cookie this browser holds is not the state sent back.
    const b = await start(DEMO.health);
    const backB = await provider.signIn(b.to.href, DEMO.health);
    expect(await callback(backB, null)).toEqual({ location: '/login?sso_error=state', session: null });
    expect((await lastRefusal())).toMatchObject({ code: 'state', reason: 'the state was not the one given to this browser' });
    // Replayed: a state is good once.
    const c = await start(DEMO.health);
    const backC = await provider.signIn(c.to.href, DEMO.health);
    expect((await callback(backC, c.stateCookie)).location).toBe('/');
    expect(await callback(backC, c.stateCookie)).toEqual({ location: '/login?sso_error=state', session: null });
    // The provider refused (the person cancelled there).
    const d = await start();
    const state = d.to.searchParams.get('state')!;
    const refused = new URL(`${server().url}/api/auth/sso/callback?error=access_denied&error_description=cancelled&state=${state}`);
    expect(await callback(refused, d.stateCookie)).toEqual({ location: '/login?sso_error=provider', session: null });
    expect((await lastRefusal())).toMatchObject({ code: 'provider', providerError: 'access_denied' });
  });

  it('refuses an ID token whose nonce is not the one sent (caught by openid-client), and a state past its ten minutes', async () => {
    const a = await start(DEMO.health);
    // The nonce kept for this sign-in is changed: the provider's ID token carries the one first sent.
    (await server().ctx.database.sql.run("update sso_states set nonce = 'not-the-nonce-sent'"));
    expect(await callback(await provider.signIn(a.to.href, DEMO.health), a.stateCookie)).toEqual({ location: '/login?sso_error=provider', session: null });
    expect(String((await lastRefusal()).reason)).toMatch(/nonce/i);
    const b = await start(DEMO.health);
    (await server().ctx.database.sql.run('update sso_states set created_at = created_at - 11 * 60000'));
    expect(await callback(await provider.signIn(b.to.href, DEMO.health), b.stateCookie)).toEqual({ location: '/login?sso_error=state', session: null });
    expect((await lastRefusal())).toMatchObject({ reason: 'the state expired' });
  });

  it('an administrator cannot require single sign-on while their own address is not of an allowed domain', async () => {
    const locked = await admin.request<{ error: { code: string; details: { path: string }[] } }>('PUT', SETTINGS, settings({ required: true, allowedDomains: ['elsewhere.example'] }));
    expect([locked.status, locked.body.error.code, locked.body.error.details[0]!.path]).toEqual([400, 'VALIDATION_FAILED', 'required']);
    expect((await admin.get<SsoSettingsView>(SETTINGS)).body.required).toBe(false);
  });

  it('where single sign-on is required, password sign-in and choosing a password are refused; turned off, passwords work again', async () => {
    // Required is saved only from a session the provider opened (sso-sessions.test.ts).
    const ssoAdmin = await clientAs(DEMO.admin);
    const saveAs = async (over: Record<string, unknown>) => expect((await ssoAdmin.request('PUT', SETTINGS, settings(over))).status).toBe(200);
    await saveAs({ required: true });
    try {
      const refused = await new ApiClient(server().url).request<{ error: { code: string; message: string } }>('POST', '/api/auth/login', { email: DEMO.health, password: 'demo' });
      expect([refused.status, refused.body.error.code]).toEqual([403, 'SSO_REQUIRED']);
      expect(refused.body.error.message).toContain('“Sign in with Demo County Council”');
      // A wrong password is told nothing more than any wrong password.
      const wrong = await new ApiClient(server().url).request<{ error: { code: string } }>('POST', '/api/auth/login', { email: DEMO.health, password: 'not-it' });
      expect(wrong.body.error.code).toBe('INVALID_CREDENTIALS');
      const lookup = await new ApiClient(server().url).post<SsoLookup>('/api/auth/sso/lookup', { email: DEMO.health });
      expect(lookup.body.options[0]!.required).toBe(true);
      // An invitation (or reset) link sets no password for them.
      const police = (await server().ctx.database.sql.get("select p.id from people p join accounts a on a.id = p.account_id where a.email = ? and p.partnership_id = 1", [DEMO.police])) as { id: number };
      const link = await ssoAdmin.post<{ url: string }>(`/api/partnerships/1/people/${police.id}/invitation`);
      expect(link.status).toBe(201);
      const accept = await new ApiClient(server().url).request<{ error: { code: string } }>('POST', '/api/invitations/accept', { token: link.body.url.split('/invite/')[1], password: 'a long enough password' });
      expect([accept.status, accept.body.error.code]).toEqual([403, 'SSO_REQUIRED']);
      // Single sign-on still works for them.
      expect((await signInAs(DEMO.health)).location).toBe('/');
    } finally {
      await saveAs({ required: false });
    }
    expect((await new ApiClient(server().url).request('POST', '/api/auth/login', { email: DEMO.health, password: 'demo' })).status).toBe(200);
    // The requirement ended the administrator's password session: the suite's own signs in again.
    await admin.login(DEMO.admin);
  });

  it('turned off, the sign-in page offers nothing and a start goes back to the sign-in page', async () => {
    await save({ enabled: false });
    try {
      expect((await new ApiClient(server().url).post<SsoLookup>('/api/auth/sso/lookup', { email: DEMO.health })).body).toEqual({ options: [] });
      const res = await fetch(`${server().url}/api/auth/sso/1/start`, { redirect: 'manual' });
      expect([res.status, res.headers.get('location')]).toEqual([302, '/login?sso_error=unavailable']);
      const nonsense = await fetch(`${server().url}/api/auth/sso/not-a-number/start`, { redirect: 'manual' });
      expect([nonsense.status, nonsense.headers.get('location')]).toEqual([302, '/login?sso_error=unavailable']);
      const noState = await fetch(`${server().url}/api/auth/sso/callback?code=abc`, { redirect: 'manual' });
      expect([noState.status, noState.headers.get('location')]).toEqual([302, '/login?sso_error=state']);
    } finally {
      await save();
    }
  });

  it('only the partnership’s administrators read or change the settings; another partnership’s administrator cannot reach ours', async () => {
    for (const who of [DEMO.chair, DEMO.council, DEMO.health, DEMO.police, DEMO.schools, DEMO.observer]) {
      const client = await new ApiClient(server().url).login(who);
      const read = await client.get<{ error: { code: string } }>(SETTINGS);
      const write = await client.request<{ error: { code: string } }>('PUT', SETTINGS, settings({ label: 'Hijacked' }));
      const command = await client.post<{ error: { code: string } }>('/api/commands/partnership:sso', settings({ label: 'Hijacked' }));
      answers.push(read.body, write.body, command.body);
      expect([who, read.status, write.status, command.status]).toEqual([who, 403, 403, 403]);
    }
    const signedOut = new ApiClient(server().url);
    expect((await signedOut.get(SETTINGS)).status).toBe(401);
    const farshire = await addSecondPartnership(server());
    const outsider = await new ApiClient(server().url).login(farshire.email, farshire.password);
    const read = await outsider.get<{ error: { code: string } }>(SETTINGS);
    const write = await outsider.request<{ error: { code: string } }>('PUT', SETTINGS, settings({ label: 'Hijacked' }));
    answers.push(read.body, write.body);
    expect([read.status, read.body.error.code, write.status, write.body.error.code]).toEqual([404, 'NOT_FOUND', 404, 'NOT_FOUND']);
    // Their own command sets their own partnership's, never ours.
    const own = await outsider.post<SsoSettingsView>('/api/commands/partnership:sso', settings({ label: 'Farshire Council', enabled: false, allowedDomains: ['farshire.example'] }));
    expect(own.status).toBe(200);
    expect((await outsider.get<SsoSettingsView>(`/api/partnerships/${farshire.partnershipId}/sso`)).body.label).toBe('Farshire Council');
    expect((await admin.get<SsoSettingsView>(SETTINGS)).body.label).toBe('Demo County Council');
    expect((await auditRows('command.refused')).length).toBeGreaterThan(0);
  });

  it('the client secret is in no answer, no audit entry and nothing stored but sealed', async () => {
    expect(answers.length).toBeGreaterThan(10);
    expect(JSON.stringify(answers)).not.toContain(provider.clientSecret);
    const audit = (await server().ctx.database.sql.all('select action, detail from audit_log')) as { action: string; detail: string | null }[];
    expect(audit.filter((r) => r.action === 'partnership.sso_settings').length).toBeGreaterThan(3);
    expect(JSON.stringify(audit)).not.toContain(provider.clientSecret);
    expect(JSON.stringify(audit)).not.toContain('every-command-secret');
    const settingsAudit = JSON.parse((await auditRows('partnership.sso_settings'))[0]!.detail) as Record<string, unknown>;
    expect(Object.keys(settingsAudit).sort()).toEqual(['after', 'before', 'secretChanged', 'sessionsEnded']);
  });
});
