import { describe, expect, it } from 'vitest';
import { BACKGROUND_READ_HEADER } from '../../shared/protocol/rest.js';
import { hashToken } from '../../server/features/auth/sessions.js';
import { TestClock } from '../helpers/clock.js';
import { ApiClient, DEMO, errorCode } from '../helpers/http.js';
import { startTestServer } from '../helpers/server.js';

/**
 * A page left open on a busy board reads its lists again after every push. Those reads are the page's,
 * not the person's: they must not keep an unattended session alive past its idle time.
 */
describe('reads a page makes by itself do not count as use of the session', () => {
  const IDLE_MS = 30 * 60_000;

  async function setUp() {
    const clock = new TestClock(Date.now());
    const server = await startTestServer({ clock: clock.now, sessionIdleMs: IDLE_MS });
    const police = await new ApiClient(server.url).login(DEMO.police);
    const lastSeen = async () =>
      ((await server.ctx.database.sql.get('select last_seen_at as t from sessions where token_hash = ?', [hashToken(police.sessionCookie!.split('=')[1]!)])) as { t: number } | undefined)?.t;
    return { clock, police, lastSeen };
  }

  it('a background read answers as any read, and leaves the idle window where it was; the session then idles out', async () => {
    const { clock, police, lastSeen } = await setUp();
    const signedIn = await lastSeen()!;
    for (let i = 0; i < 4; i++) {
      clock.advance(7 * 60_000);
      const read = await police.request('GET', '/api/partnerships/1/challenges', undefined, { [BACKGROUND_READ_HEADER]: '1' });
      expect(read.status).toBe(200);
      expect(await lastSeen()).toBe(signedIn);
    }
    clock.advance(3 * 60_000);
    // Thirty-one minutes since the person last did anything: signed out, whatever the page read meanwhile.
    const after = await police.request('GET', '/api/partnerships/1/challenges', undefined, { [BACKGROUND_READ_HEADER]: '1' });
    expect([after.status, errorCode(after)]).toEqual([401, 'SESSION_EXPIRED']);
  });

  it('a read the person asks for slides the window, and a write slides it whatever it says of itself', async () => {
    const { clock, police, lastSeen } = await setUp();
    clock.advance(5 * 60_000);
    expect((await police.get('/api/partnerships/1/challenges')).status).toBe(200);
    expect(await lastSeen()).toBe(clock.now());
    clock.advance(5 * 60_000);
    // The header is honoured on reads only: a command is always the person's doing.
    const wrote = await police.request('POST', '/api/notifications/read', { ids: 'all' }, { [BACKGROUND_READ_HEADER]: '1' });
    expect(wrote.status).toBe(200);
    expect(await lastSeen()).toBe(clock.now());
  });
});
