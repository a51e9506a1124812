import pg from 'pg';
import { describe, expect, it, vi } from 'vitest';
import { SOCKET_LIMITS } from '../../shared/limits.js';
import type { AckReply } from '../../shared/protocol/socket.js';
import { ApiClient, DEMO } from '../helpers/http.js';
import { useTestServer } from '../helpers/server.js';
import { connectSocket, send } from '../helpers/socket.js';

/*
 * Attacks on the line a socket's "board:join" and "board:leave" wait in (server/core/in-order.ts): the
 * line is the socket's own, but what it holds while a join ahead waits on the database is the attacker's
 * to choose.
 */

interface Me {
  memberships: { boardId: number; boardName: string }[];
}

describe('a flood of board joins on one socket', () => {
  const server = useTestServer();

  // PostgreSQL only: there a lock can hold a join's read for as long as the test likes (SQLite answers at once).
  it.runIf(Boolean(process.env.TEST_DATABASE_URL))('is refused past the budget at once, never queued behind a join whose reads are held up', async () => {
    const s = server();
    const police = await new ApiClient(s.url).login(DEMO.police);
    const { boardId } = (await police.get<Me>('/api/auth/me')).body.memberships[0]!;
    const socket = await connectSocket(police);
    const lock = new pg.Client({ connectionString: s.config.databaseUrl! });
    await lock.connect();
    const replies: AckReply<unknown>[] = [];
    const over = 20;
    let sent: Promise<unknown>[] | undefined;
    try {
      // The first join's board read waits on the lock; everything sent after it arrives meanwhile.
      await lock.query('begin');
      await lock.query('lock table boards in access exclusive mode');
      sent = Array.from({ length: SOCKET_LIMITS.commandBurst + over }, () => send(socket, 'board:join', { boardId }).then((r) => replies.push(r)));
      // What the budget refuses is answered now: the line holds at most what the budget let in (a token
      // or two refill while the joins are sent, so not quite all of the `over` are refused).
      await vi.waitFor(() => expect(replies.filter((r) => !r.ok && r.error.code === 'RATE_LIMITED').length).toBeGreaterThanOrEqual(over / 2), { timeout: 5_000 });
      expect(replies.filter((r) => r.ok)).toEqual([]);
    } finally {
      await lock.query('rollback');
      await lock.end();
    }
    await Promise.all(sent ?? []);
    expect(replies.filter((r) => r.ok).length).toBeGreaterThan(0);
  });
});
