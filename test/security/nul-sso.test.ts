import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, DEMO } from '../helpers/http.js';
import { ssoFlow, ssoSettingsKit, startProvider, type TestProvider } from '../helpers/oidc.js';
import { useTestServer } from '../helpers/server.js';

/*
 * A NUL by way of single sign-on (found by an attacker's pass): the callback's query is a stranger's
 * (anyone may start a sign-in), and its `error`/`error_description` go on the record of the refusal;
 * the provider's claims (name, e-mail) may make a person. None may store a NUL, on either engine: on
 * SQLite it stayed in the audit log and stopped db:copy to PostgreSQL.
 */
describe('a NUL character by way of single sign-on', () => {
  const server = useTestServer();
  let provider: TestProvider;
  beforeAll(async () => {
    server().ctx.config.publicUrl = server().url;
    provider = await startProvider(`${server().url}/api/auth/sso/callback`);
    const admin = await new ApiClient(server().url).login(DEMO.admin);
    const { put } = ssoSettingsKit(() => provider, { label: 'Demo County Council' });
    expect((await put(admin, { createsPeople: true, newPeopleAgencyId: 2 })).status).toBe(200);
  });
  afterAll(async () => provider?.close());
  const { start, callback, signInAs } = ssoFlow(() => server().url, () => provider);
  /** The audit rows and people holding a NUL, read the same way on either engine (PostgreSQL's jsonb reads back as an object). */
  const withNul = async () => {
    const rows = await server().ctx.database.sql.all<Record<string, unknown>>("select 'audit' as t, detail as v from audit_log");
    const people = await server().ctx.database.sql.all<Record<string, unknown>>("select 'person' as t, name as v from people");
    const accounts = await server().ctx.database.sql.all<Record<string, unknown>>("select 'account' as t, email as v from accounts");
    return [...rows, ...people, ...accounts].map((r) => JSON.stringify(r)).filter((j) => j.includes('\\u0000'));
  };

  it('a stranger’s callback with error=%00 is refused on the record, without the NUL', async () => {
    const s = await start();
    const state = s.to.searchParams.get('state')!;
    const back = await callback(new URL(`${server().url}/api/auth/sso/callback?error=access%00denied&error_description=x%00y&state=${state}`), s.stateCookie);
    expect(back.location).toBe('/login?sso_error=provider');
    expect(await withNul()).toEqual([]);
    const recorded = await server().ctx.database.sql.all<{ detail: unknown }>("select detail from audit_log where action = 'auth.sso_refused' order by id desc limit 1");
    expect(JSON.stringify(recorded)).toContain('accessdenied');
  });

  it('a provider’s e-mail claim holding a NUL: the sign-in is refused and nothing is stored', async () => {
    const done = await signInAs('new\u0000comer@demo.test');
    expect({ done, stored: await withNul() }).toMatchObject({ stored: [] });
    expect(JSON.stringify(done)).toContain('sso_error=provider');
  });
});
