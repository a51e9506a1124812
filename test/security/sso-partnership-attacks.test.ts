import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Me } from '../../shared/schemas/auth.js';
import type { SsoSettingsView } from '../../shared/schemas/sso.js';
import { SOCKET_LIMITS } from '../../shared/limits.js';
import { ApiClient, DEMO } from '../helpers/http.js';
import { ssoFlow, startProvider, type TestProvider } from '../helpers/oidc.js';
import { addSecondPartnership, type SecondPartnership } from '../helpers/second-partnership.js';
import { useTestServer } from '../helpers/server.js';
import { tryConnect } from '../helpers/socket.js';

/**
 * A partnership's provider vouches for people to that partnership only, and its administrators chose
 * it: nothing stops them choosing one that names anyone. A session it opened must neither read what
 * the account does in its other partnerships nor take from the account anything its other
 * partnerships' sessions need. The test provider signs in as whatever address is typed, so it stands
 * for Farshire's hostile administrator's own provider.
 */

const NORTHBROOK = 1;
type FieldErrorBody = { error: { code: string; message: string; details: { path: string; message: string }[] } };
interface CreatedPerson {
  person: { id: number };
  invitation: { url: string } | null;
  linked: boolean;
}

describe('a partnership’s provider against the account’s other partnerships', () => {
  const server = useTestServer();
  let provider: TestProvider;
  let farshire: SecondPartnership;
  let farAdmin: ApiClient;
  let northbrookAdmin: ApiClient;
  const { clientAs } = ssoFlow(() => server().url, () => provider);
  const VICTIM = 'quill@farshire.test';
  const VICTIM_PASSWORD = 'a quill passphrase';

  beforeAll(async () => {
    server().ctx.config.publicUrl = server().url;
    provider = await startProvider(`${server().url}/api/auth/sso/callback`);
    farshire = await addSecondPartnership(server());
    farAdmin = await new ApiClient(server().url).login(farshire.email, farshire.password);
    northbrookAdmin = await new ApiClient(server().url).login(DEMO.admin);
    // Farshire's administrator points Farshire at a provider that names anyone.
    const settings = { label: 'Farshire', issuerUrl: provider.issuer, clientId: provider.clientId, clientSecret: provider.clientSecret, allowedDomains: ['farshire.test'], required: false, createsPeople: false, enabled: true };
    const saved = await farAdmin.request<SsoSettingsView & FieldErrorBody>('PUT', `/api/partnerships/${farshire.partnershipId}/sso`, settings);
    expect(saved.status).toBe(200);
    // Quill works in Farshire (invited there, with a password of their own), and Northbrook adds them later.
    const created = await farAdmin.post<CreatedPerson>(`/api/partnerships/${farshire.partnershipId}/people`, { name: 'Quill Farrant', email: VICTIM, agencyId: farshire.agencyId });
    expect(created.status).toBe(201);
    const accepted = await new ApiClient(server().url).post('/api/invitations/accept', { token: created.body.invitation!.url.split('/invite/')[1], password: VICTIM_PASSWORD });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    const agency = (await server().ctx.database.sql.get('select id from agencies where partnership_id = ? order by id', [NORTHBROOK])) as { id: number };
    const linked = await northbrookAdmin.post<CreatedPerson>(`/api/partnerships/${NORTHBROOK}/people`, { name: 'Quill Farrant', email: VICTIM, agencyId: agency.id });
    expect([linked.status, linked.body.linked]).toEqual([201, true]);
  });
  afterAll(async () => provider?.close());

  it('a session Farshire’s provider opened does not learn from its notifications which other partnerships the account works in', async () => {
    // Farshire's administrator signs in as Quill through their own provider.
    const asQuill = await clientAs(VICTIM, farshire.partnershipId);
    const seen = await asQuill.get<Me>('/api/auth/me');
    expect(seen.body.partnerships.map((p) => p.id)).toEqual([farshire.partnershipId]);
    const notices = await asQuill.get<{ items: { text: string }[] }>('/api/notifications');
    expect(notices.status).toBe(200);
    // Told they were added somewhere, but not where: that is for a session that may work there.
    expect(notices.body.items.length).toBeGreaterThan(0);
    expect(JSON.stringify(notices.body)).not.toMatch(/Northbrook/i);

    // Quill's own password session is told where (in the partnership they were added to).
    const byPassword = await new ApiClient(server().url).login(VICTIM, VICTIM_PASSWORD);
    expect((await byPassword.post('/api/auth/partnership', { partnershipId: NORTHBROOK })).status).toBe(200);
    expect(JSON.stringify((await byPassword.get('/api/notifications')).body)).toMatch(/Northbrook/);
  });

  it('a session Farshire’s provider opened cannot use up the connections Quill’s own sessions need in Northbrook', async () => {
    const asQuill = await clientAs(VICTIM, farshire.partnershipId);
    // Every connection the account may hold, held through Farshire's provider.
    for (let i = 0; i < SOCKET_LIMITS.connectionsPerPerson; i++) expect((await tryConnect(asQuill)).connected).toBe(true);
    const refused = await tryConnect(asQuill);
    expect(refused.connected).toBe(false);
    // Quill, signed in with their password and working in Northbrook, still gets their live pages.
    const byPassword = await new ApiClient(server().url).login(VICTIM, VICTIM_PASSWORD);
    expect((await byPassword.post('/api/auth/partnership', { partnershipId: NORTHBROOK })).status).toBe(200);
    const own = await tryConnect(byPassword);
    expect(own.connected, JSON.stringify(own.connected ? null : own.data)).toBe(true);
  });
});
