import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Me } from '../../shared/schemas/auth.js';
import type { SsoSettingsView } from '../../shared/schemas/sso.js';
import { ApiClient, DEMO } from '../helpers/http.js';
import { ssoFlow, ssoSettingsKit, startProvider, type TestProvider } from '../helpers/oidc.js';
import { addSecondPartnership, type SecondPartnership } from '../helpers/second-partnership.js';
import { useTestServer } from '../helpers/server.js';

/**
 * Attacks on single sign-on's sessions, against a real OpenID provider on port 0. The test provider
 * signs in as whatever address is typed, so it also stands for a provider a hostile administrator
 * runs (or an Entra ID tenant whose administrator sets any address on a user): whatever it vouches
 * for, it vouches for to its own partnership only.
 */

const NORTHBROOK = 1;
const SETTINGS = `/api/partnerships/${NORTHBROOK}/sso`;
type ErrorBody = { error: { code: string; message: string; details?: unknown } };

describe('attacks on single sign-on’s sessions', () => {
  const server = useTestServer();
  let provider: TestProvider;
  let admin: ApiClient;
  let farshire: SecondPartnership;
  const { signInAs, clientAs } = ssoFlow(() => server().url, () => provider);

  beforeAll(async () => {
    server().ctx.config.publicUrl = server().url;
    provider = await startProvider(`${server().url}/api/auth/sso/callback`);
    admin = await new ApiClient(server().url).login(DEMO.admin);
    farshire = await addSecondPartnership(server());
  });
  afterAll(async () => provider?.close());

  const { put, workingIn: me } = ssoSettingsKit(() => provider, { label: 'Northbrook Council', partnershipId: NORTHBROOK });

  it('another partnership’s provider cannot tie an account to itself, carry it into a partnership it does not vouch for, or read its other partnerships', async () => {
    // Farshire's administrator points Farshire at a provider that names anyone and lets it make people.
    const farAdmin = await new ApiClient(server().url).login(farshire.email, farshire.password);
    const farSettings = `/api/partnerships/${farshire.partnershipId}/sso`;
    expect((await put(farAdmin, { label: 'Farshire', allowedDomains: ['demo.test', 'farshire.test'], createsPeople: true, newPeopleAgencyId: farshire.agencyId }, farSettings)).status).toBe(200);
    const accountPeople = async () => ((await server().ctx.database.sql.get("select count(*) as n from people p join accounts a on a.id = p.account_id where a.email = ?", [DEMO.health])) as { n: number }).n;
    const before = await accountPeople();

    // Signing in through it as a Northbrook member who has never heard of Farshire makes nobody:
    // an existing account is added only by an administrator, with notice.
    expect(await signInAs(DEMO.health, farshire.partnershipId)).toEqual({ location: '/login?sso_error=unknown', session: null });
    expect(await accountPeople()).toBe(before);

    // Added deliberately (the member is told), the provider's session is Farshire's alone.
    expect((await farAdmin.post(`/api/partnerships/${farshire.partnershipId}/people`, { name: 'Health lead', email: DEMO.health, agencyId: farshire.agencyId })).status).toBe(201);
    const asHealth = await clientAs(DEMO.health, farshire.partnershipId);
    const seen = await asHealth.get<Me>('/api/auth/me');
    expect([seen.body.partnership.id, seen.body.partnerships.map((p) => p.id)]).toEqual([farshire.partnershipId, [farshire.partnershipId]]);
    expect(JSON.stringify(seen.body)).not.toContain('Northbrook');
    const into = await asHealth.post<ErrorBody>('/api/auth/partnership', { partnershipId: NORTHBROOK });
    expect([into.status, into.body.error?.code]).toEqual([403, 'FORBIDDEN']);
    expect(await me(asHealth)).toBe(farshire.partnershipId);
    expect((await asHealth.get(`/api/partnerships/${NORTHBROOK}/risks`)).status).toBe(404);

    // The member's own password still opens Northbrook, where they last worked: the provider's
    // sign-in did not move where their password lands.
    const byPassword = await new ApiClient(server().url).login(DEMO.health);
    expect(await me(byPassword)).toBe(NORTHBROOK);
    expect((await put(farAdmin, { label: 'Farshire', enabled: false }, farSettings)).status).toBe(200);
  });

  it('an email_verified the provider sends as the string "false" is not taken for a provider that says nothing', async () => {
    const agency = (await server().ctx.database.sql.get('select id from agencies where partnership_id = ? order by id', [NORTHBROOK])) as { id: number };
    expect((await put(admin, { createsPeople: true, newPeopleAgencyId: agency.id, trustsProviderEmail: true })).status).toBe(200);
    try {
      expect(await signInAs('stringfalse.one@demo.test')).toEqual({ location: '/login?sso_error=unverified', session: null });
      expect((await server().ctx.database.sql.get("select count(*) as n from accounts where email = 'stringfalse.one@demo.test'"))).toEqual({ n: 0 });
      // The string "true" (Amazon Cognito's way) is what it says.
      expect((await signInAs('stringtrue.two@demo.test')).location).toBe('/');
    } finally {
      expect((await put(admin)).status).toBe(200);
    }
  });

  it('while single sign-on is required, the provider it goes through cannot be changed to one nobody has signed in through', async () => {
    expect((await put(admin)).status).toBe(200);
    const ssoAdmin = await clientAs(DEMO.admin);
    expect((await put(ssoAdmin, { required: true })).status).toBe(200);
    try {
      // A mistyped secret, another client or another issuer, saved required: every password has
      // stopped and no sign-in would work. Refused: save it not required, sign in through it, then require it.
      for (const over of [{ clientSecret: 'a-mistyped-secret' }, { clientId: 'another-client' }]) {
        const res = await put(ssoAdmin, { required: true, ...over });
        expect([res.status, res.body.error?.details[0]?.path], JSON.stringify(over)).toEqual([400, 'required']);
      }
      expect((await ssoAdmin.get<SsoSettingsView>(SETTINGS)).body).toMatchObject({ clientId: provider.clientId, required: true });
      expect((await signInAs(DEMO.health)).location).toBe('/');
      // Unchanged, it saves (another domain, say).
      expect((await put(ssoAdmin, { required: true, allowedDomains: ['demo.test', 'northbrook.example'] })).status).toBe(200);
    } finally {
      expect((await put(ssoAdmin, { required: false })).status).toBe(200);
    }
    // A session opened through the settings before they last changed proves nothing about the new ones.
    const before = await clientAs(DEMO.admin);
    expect((await put(before, { label: 'Northbrook Council (new tenant)', clientSecret: 'the-new-secret-not-yet-tried' })).status).toBe(200);
    const stale = await put(before, { label: 'Northbrook Council (new tenant)', required: true, clientSecret: undefined });
    expect([stale.status, stale.body.error?.details[0]?.path]).toEqual([400, 'required']);
    expect((await put(before)).status).toBe(200);
  });
});
