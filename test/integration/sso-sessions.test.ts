import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CreatedPerson } from '../../shared/schemas/admin.js';
import type { SsoSettingsView } from '../../shared/schemas/sso.js';
import { ApiClient, DEMO } from '../helpers/http.js';
import { ssoFlow, ssoSettingsKit, startProvider, type TestProvider } from '../helpers/oidc.js';
import { addSecondPartnership, type SecondPartnership } from '../helpers/second-partnership.js';
import { useTestServer } from '../helpers/server.js';
import { connectSocket } from '../helpers/socket.js';

/**
 * How a session was opened, where single sign-on is required: saving the requirement needs a session
 * the provider opened, ends every session it bars (each told why, live), and a session opened with a
 * password or through another partnership's provider cannot switch into the partnership; who single
 * sign-on makes, and in which agency; a provider that sends no email_verified; the deployment's
 * allow-list of issuers. Against a real OpenID provider on port 0.
 */

const NORTHBROOK = 1;
const SETTINGS = `/api/partnerships/${NORTHBROOK}/sso`;
type ErrorBody = { error: { code: string; message: string; details?: unknown } };

describe('single sign-on and the sessions it admits', () => {
  const server = useTestServer();
  let provider: TestProvider;
  let admin: ApiClient;
  let farshire: SecondPartnership | undefined;
  const { signInAs, clientAs } = ssoFlow(() => server().url, () => provider);

  beforeAll(async () => {
    server().ctx.config.publicUrl = server().url;
    provider = await startProvider(`${server().url}/api/auth/sso/callback`);
    admin = await new ApiClient(server().url).login(DEMO.admin);
  });
  afterAll(async () => provider?.close());

  const { put, workingIn: me } = ssoSettingsKit(() => provider, { label: 'Northbrook Council', partnershipId: NORTHBROOK });
  const second = async () => (farshire ??= await addSecondPartnership(server()));

  it('requiring single sign-on is saved only from a session its provider opened, and ends every session it bars, each told why', async () => {
    expect((await put(admin)).status).toBe(200);
    const refused = await put(admin, { required: true });
    expect([refused.status, refused.body.error.code, refused.body.error.details[0]!.path]).toEqual([400, 'VALIDATION_FAILED', 'required']);
    expect(refused.body.error.message).toContain('Sign in through this provider yourself first');
    expect((await admin.get<SsoSettingsView>(SETTINGS)).body.required).toBe(false);

    // Sessions open before: a member's password session with a live page, the same member through
    // the provider, the administrator both ways, and someone of another partnership.
    const healthByPassword = await new ApiClient(server().url).login(DEMO.health);
    const socket = await connectSocket(healthByPassword);
    const told: string[] = [];
    socket.on('session:ended', ({ reason }) => told.push(reason));
    const healthThroughProvider = await clientAs(DEMO.health);
    const ssoAdmin = await clientAs(DEMO.admin);
    const f = await second();
    const outsider = await new ApiClient(server().url).login(f.email, f.password);

    const saved = await put(ssoAdmin, { required: true });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    try {
      await vi.waitFor(() => expect(told).toEqual(['sso_required']));
      expect([await me(healthByPassword), await me(admin)]).toEqual([401, 401]);
      expect([await me(healthThroughProvider), await me(ssoAdmin), await me(outsider)]).toEqual([NORTHBROOK, NORTHBROOK, f.partnershipId]);
      const audit = (await server().ctx.database.sql.get("select detail from audit_log where action = 'partnership.sso_settings' order by id desc")) as { detail: string };
      expect((JSON.parse(audit.detail) as { sessionsEnded: number }).sessionsEnded).toBeGreaterThanOrEqual(2);
      // Saving it again (another domain, say) is allowed from the session the provider opened.
      expect((await put(ssoAdmin, { required: true, allowedDomains: ['demo.test', 'northbrook.example'] })).status).toBe(200);
    } finally {
      expect((await put(ssoAdmin, { required: false })).status).toBe(200);
      await admin.login(DEMO.admin);
    }
  });

  it('a session switches into a partnership that requires single sign-on only if that partnership’s own provider opened it', async () => {
    const f = await second();
    const farAdmin = await new ApiClient(server().url).login(f.email, f.password);
    // One police officer on both partnerships' boards.
    const added = await farAdmin.post<CreatedPerson>(`/api/partnerships/${f.partnershipId}/people`, { name: 'DCI T. Brennan', email: DEMO.police, agencyId: f.agencyId });
    expect(added.status).toBe(201);
    const farSettings = `/api/partnerships/${f.partnershipId}/sso`;
    expect((await put(farAdmin, { label: 'Farshire County Council', allowedDomains: ['demo.test', 'farshire.test'] }, farSettings)).status).toBe(200);

    const ssoAdmin = await clientAs(DEMO.admin);
    expect((await put(ssoAdmin, { required: true })).status).toBe(200);
    try {
      // Through Farshire's provider: works in Farshire, cannot switch into Northbrook.
      const viaFarshire = await clientAs(DEMO.police, f.partnershipId);
      expect(await me(viaFarshire)).toBe(f.partnershipId);
      const barred = await viaFarshire.post<ErrorBody>('/api/auth/partnership', { partnershipId: NORTHBROOK });
      expect([barred.status, barred.body.error.code, barred.body.error.details]).toEqual([403, 'SSO_REQUIRED', { label: 'Northbrook Council', url: `/api/auth/sso/${NORTHBROOK}/start` }]);
      expect(await me(viaFarshire)).toBe(f.partnershipId);

      // Through Northbrook's: works in Northbrook only. A provider vouches for people to its own
      // partnership, so its session moves into no other, required or not (sso-session-attacks).
      const viaNorthbrook = await clientAs(DEMO.police, NORTHBROOK);
      expect(await me(viaNorthbrook)).toBe(NORTHBROOK);
      const elsewhere = await viaNorthbrook.post<ErrorBody>('/api/auth/partnership', { partnershipId: f.partnershipId });
      expect([elsewhere.status, elsewhere.body.error.code]).toEqual([403, 'FORBIDDEN']);
      expect(await me(viaNorthbrook)).toBe(NORTHBROOK);

      // Farshire requires its own too: the Northbrook-opened session cannot switch there, and stays
      // (it works in Northbrook); the Farshire-opened one, working in Farshire, stays too.
      const farAdminSso = await clientAs(f.email, f.partnershipId);
      expect((await put(farAdminSso, { label: 'Farshire County Council', allowedDomains: ['demo.test', 'farshire.test'], required: true }, farSettings)).status).toBe(200);
      const intoFarshire = await viaNorthbrook.post<ErrorBody>('/api/auth/partnership', { partnershipId: f.partnershipId });
      expect([intoFarshire.status, intoFarshire.body.error.code]).toEqual([403, 'SSO_REQUIRED']);
      expect([await me(viaNorthbrook), await me(viaFarshire)]).toEqual([NORTHBROOK, f.partnershipId]);
      expect((await put(farAdminSso, { label: 'Farshire County Council', allowedDomains: ['demo.test', 'farshire.test'], enabled: false }, farSettings)).status).toBe(200);
    } finally {
      expect((await put(ssoAdmin, { required: false })).status).toBe(200);
      await admin.login(DEMO.admin);
    }
    // Nothing required any more: a password session switches freely again.
    const police = await new ApiClient(server().url).login(DEMO.police);
    expect((await police.post('/api/auth/partnership', { partnershipId: f.partnershipId })).status).toBe(200);
  });

  it('a partnership’s requirement governs only sessions working there: another partnership cannot take anyone’s password away', async () => {
    const f = await second();
    const farAdmin = await new ApiClient(server().url).login(f.email, f.password);
    const farSettings = `/api/partnerships/${f.partnershipId}/sso`;
    const far = (over: Record<string, unknown> = {}) => ({ label: 'Farshire County Council', allowedDomains: ['demo.test', 'farshire.test'], ...over });
    expect((await put(farAdmin, far(), farSettings)).status).toBe(200);
    // The police officer already works in Farshire (the switch test linked them). Farshire requires its provider.
    const farAdminSso = await clientAs(f.email, f.partnershipId);
    expect((await put(farAdminSso, far({ required: true }), farSettings)).status).toBe(200);
    const resets = async () => ((await server().ctx.database.sql.get('select count(*) as n from password_resets r join people p on p.id = r.person_id join accounts a on a.id = p.account_id where a.email = ?', [DEMO.police])) as { n: number }).n;
    try {
      // Their password still opens Northbrook, and only Northbrook.
      const police = await new ApiClient(server().url).login(DEMO.police);
      expect(await me(police)).toBe(NORTHBROOK);
      const into = await police.post<ErrorBody>('/api/auth/partnership', { partnershipId: f.partnershipId });
      expect([into.status, into.body.error.code]).toEqual([403, 'SSO_REQUIRED']);
      // A forgotten password is still theirs to reset.
      const sent = await resets();
      expect((await new ApiClient(server().url).post('/api/auth/forgotten-password', { email: DEMO.police })).status).toBe(200);
      expect(await resets()).toBe(sent + 1);

      // Once every partnership they work in requires its provider, a password has no use: said so.
      const ssoAdmin = await clientAs(DEMO.admin);
      expect((await put(ssoAdmin, { required: true })).status).toBe(200);
      try {
        const refused = await new ApiClient(server().url).request<ErrorBody>('POST', '/api/auth/login', { email: DEMO.police, password: 'demo' });
        expect([refused.status, refused.body.error.code]).toEqual([403, 'SSO_REQUIRED']);
      } finally {
        expect((await put(ssoAdmin, { required: false })).status).toBe(200);
        await admin.login(DEMO.admin);
      }
    } finally {
      expect((await put(farAdminSso, far({ enabled: false }), farSettings)).status).toBe(200);
    }
  });

  it('people made on first sign-in belong to the agency the administrators chose, one of the partnership’s own', async () => {
    const f = await second();
    const none = await put(admin, { createsPeople: true });
    const foreign = await put(admin, { createsPeople: true, newPeopleAgencyId: f.agencyId });
    const nonsense = await put(admin, { createsPeople: true, newPeopleAgencyId: '__proto__' });
    for (const res of [none, foreign, nonsense]) expect([res.status, res.body.error.details[0]!.path]).toEqual([400, 'newPeopleAgencyId']);
    expect((await admin.get<SsoSettingsView>(SETTINGS)).body).toMatchObject({ createsPeople: false, newPeopleAgencyId: null });
    // Nobody is made in another partnership's agency by a row written around the checks either.
    (await server().ctx.database.sql.run('update partnership_sso set creates_people = true, new_people_agency_id = ? where partnership_id = ?', [f.agencyId, NORTHBROOK]));
    expect(await signInAs('around.the.checks@demo.test')).toEqual({ location: '/login?sso_error=unknown', session: null });
    expect((await server().ctx.database.sql.get("select count(*) as n from accounts where email = 'around.the.checks@demo.test'"))).toEqual({ n: 0 });
    expect((await put(admin)).status).toBe(200);
  });

  it('an address the provider says nothing about is accepted only where the administrators trust the provider’s addresses; one it says is unverified never', async () => {
    const agency = (await server().ctx.database.sql.get('select id from agencies where partnership_id = ? order by id', [NORTHBROOK])) as { id: number };
    expect((await put(admin, { createsPeople: true, newPeopleAgencyId: agency.id })).status).toBe(200);
    expect(await signInAs('noclaim.first@demo.test')).toEqual({ location: '/login?sso_error=unverified', session: null });
    expect((await put(admin, { createsPeople: true, newPeopleAgencyId: agency.id, trustsProviderEmail: true })).body.trustsProviderEmail).toBe(true);
    expect((await signInAs('noclaim.first@demo.test')).location).toBe('/');
    expect(await signInAs('unverified.second@demo.test')).toEqual({ location: '/login?sso_error=unverified', session: null });
    expect((await put(admin)).status).toBe(200);
  });

  it('where the deployment lists its issuers, no other can be saved, and one saved before the list stops working', async () => {
    server().ctx.config.ssoIssuers = ['https://login.microsoftonline.com'];
    try {
      const refused = await put(admin);
      expect([refused.status, refused.body.error.details[0]!.path]).toEqual([400, 'issuerUrl']);
      expect(refused.body.error.message).toContain('https://login.microsoftonline.com');
      const start = await fetch(`${server().url}/api/auth/sso/${NORTHBROOK}/start`, { redirect: 'manual' });
      expect([start.status, start.headers.get('location')]).toEqual([302, '/login?sso_error=unavailable']);
    } finally {
      server().ctx.config.ssoIssuers = [];
    }
    expect((await signInAs(DEMO.health)).location).toBe('/');
    // A provider on this machine over plain http is for a product running on this machine too (a
    // trial, a test): a service on the internet cannot be pointed at its own local ports.
    const own = server().ctx.config.publicUrl;
    server().ctx.config.publicUrl = 'https://board.example.org';
    try {
      const local = await put(admin);
      expect([local.status, local.body.error.details[0]!.path]).toEqual([400, 'issuerUrl']);
    } finally {
      server().ctx.config.publicUrl = own;
    }
  });
});
