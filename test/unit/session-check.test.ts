import { describe, expect, it, vi } from 'vitest';
import type { BoardSocket } from '../../server/realtime/socket/command.js';
import { requireLiveSession } from '../../server/realtime/socket/session-end.js';

type Reply = { ok: boolean; error?: { code: string } };

/**
 * The one part of a socket the check uses (its middleware and its session), and the storage read it is
 * given, each read held until the test answers it: the order of arrivals and answers is the test's.
 */
function harness(maxWaiting = 64) {
  let middleware!: (packet: unknown[], next: () => void) => void;
  const socket = { data: { auth: { tokenHash: 'h', personId: 7 } }, use: (fn: typeof middleware) => (middleware = fn) } as unknown as BoardSocket;
  const reads: { answer: (alive: boolean | Error) => Promise<void> }[] = [];
  const alive = vi.fn(
    () =>
      new Promise<boolean>((resolve, reject) => {
        reads.push({
          answer: async (result) => {
            if (result instanceof Error) reject(result);
            else resolve(result);
            // Let the check hand out the answer and start its next read.
            await new Promise((r) => setImmediate(r));
          },
        });
      }),
  );
  requireLiveSession(socket, alive, maxWaiting);
  const passed: number[] = [];
  const replies = new Map<number, Reply>();
  const arrive = (n: number) => middleware(['cmd', n, (reply: Reply) => replies.set(n, reply)], () => passed.push(n));
  return { alive, reads, passed, replies, arrive };
}

describe('the session check on a socket’s packets', () => {
  it('answers every packet that came while a read was out with one read, made after they came, in arrival order', async () => {
    const h = harness();
    h.arrive(0);
    for (let n = 1; n <= 40; n++) h.arrive(n);
    expect(h.alive).toHaveBeenCalledTimes(1);
    await h.reads[0]!.answer(true);
    // The first read was out before packets 1–40 came: it passes packet 0 only.
    expect(h.passed).toEqual([0]);
    expect(h.alive).toHaveBeenCalledTimes(2);
    await h.reads[1]!.answer(true);
    expect(h.passed).toEqual(Array.from({ length: 41 }, (_, n) => n));
    expect(h.alive).toHaveBeenCalledTimes(2);
    // Quiet again: the next packet starts a read of its own.
    h.arrive(41);
    expect(h.alive).toHaveBeenCalledTimes(3);
  });

  it('refuses with SESSION_EXPIRED what a read made after the session ended answers, though an earlier read said alive', async () => {
    const h = harness();
    h.arrive(0);
    h.arrive(1);
    h.arrive(2);
    await h.reads[0]!.answer(true);
    await h.reads[1]!.answer(false);
    expect(h.passed).toEqual([0]);
    expect([h.replies.get(1)?.error?.code, h.replies.get(2)?.error?.code]).toEqual(['SESSION_EXPIRED', 'SESSION_EXPIRED']);
    // A read that fails is not a yes, nor an ending: the packet is refused as storage trouble, not "sign in again".
    h.arrive(3);
    await h.reads[2]!.answer(Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' }));
    expect(h.passed).toEqual([0]);
    expect(h.replies.get(3)?.error?.code).toBe('STORAGE_UNAVAILABLE');
  });

  it('holds no more than its limit while a read is out: the rest are refused at once, and nothing held is lost', async () => {
    const h = harness(5);
    for (let n = 0; n < 100; n++) h.arrive(n);
    // Packet 0 is being read for; 1–4 wait (five held); 5–99 are answered before any read does.
    expect([...h.replies.keys()]).toEqual(Array.from({ length: 95 }, (_, i) => i + 5));
    expect([...h.replies.values()].every((r) => !r.ok && r.error?.code === 'RATE_LIMITED')).toBe(true);
    await h.reads[0]!.answer(true);
    await h.reads[1]!.answer(true);
    expect(h.passed).toEqual([0, 1, 2, 3, 4]);
    expect(h.alive).toHaveBeenCalledTimes(2);
    // Room again once the waiting ones are answered.
    h.arrive(100);
    await h.reads[2]!.answer(true);
    expect(h.passed.at(-1)).toBe(100);
  });

  it('counts the packets a read is out for among those held: the limit is never doubled by a full batch being read', async () => {
    const h = harness(5);
    for (let n = 0; n < 5; n++) h.arrive(n);
    // Packet 0 is being read for; 1–4 wait: five held, so the sixth is refused.
    h.arrive(5);
    expect(h.replies.get(5)?.error?.code).toBe('RATE_LIMITED');
    await h.reads[0]!.answer(true);
    // Read 2 is out for 1–4: one more may be held, not five more.
    h.arrive(6);
    h.arrive(7);
    expect(h.replies.has(6)).toBe(false);
    expect(h.replies.get(7)?.error?.code).toBe('RATE_LIMITED');
    await h.reads[1]!.answer(true);
    await h.reads[2]!.answer(true);
    expect(h.passed).toEqual([0, 1, 2, 3, 4, 6]);
    // Nothing held once all are answered: a full limit's worth may come again.
    for (let n = 8; n < 13; n++) h.arrive(n);
    expect([...h.replies.keys()].filter((n) => n >= 8)).toEqual([]);
  });
});
