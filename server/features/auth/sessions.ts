import { createHash, randomBytes } from 'node:crypto';
import { eq, lte, or, type SQL } from 'drizzle-orm';
import { sessions } from '../../db/schema.js';
import type { ServiceContext } from '../../core/context.js';

/**
 * Sessions' storage and rules. Two kinds of caller:
 * - the hot path: `resolveSession` (every HTTP request, Socket.io handshake and Yjs upgrade, through
 *   `authenticate`), `useSession` (a Socket.io connection's packets, one read for all that arrived
 *   while the last was out, see realtime/socket/session-end.ts; each Yjs session twice a second) and
 *   `endExpiredSessions` (twice a second). A packet is passed on only once a read made after it
 *   arrived says the session is alive, so nothing runs between a session's end and its check;
 * - steps inside another unit of work's open transaction: `createSession` and `endSessionsOf`
 *   (signing in, accepting an invitation, disabling a person).
 * Services never call them directly: sign-in, switching and sign-out go through AuthRepository.
 */

/** The idle window slides on use, but is written at most this often, to spare the disk. */
const TOUCH_EVERY_MS = 60_000;

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * A new session for the person, inside the caller's transaction. `ssoPartnershipId`: the partnership
 * whose single sign-on opened it; none for a password, an invitation or a reset link.
 */
export async function createSession(ctx: ServiceContext, personId: number, ssoPartnershipId: number | null = null): Promise<{ token: string; expiresAt: number }> {
  const token = newToken();
  const now = ctx.clock();
  const expiresAt = now + ctx.config.sessionAbsoluteMs;
  await ctx.db.insert(sessions).values({ tokenHash: hashToken(token), personId, createdAt: now, lastSeenAt: now, expiresAt, ssoPartnershipId }).run();
  return { token, expiresAt };
}

/** `ssoPartnershipId`: the partnership whose single sign-on opened the session (null: a password, a link). */
export type SessionLookup = { personId: number; tokenHash: string; ssoPartnershipId: number | null } | { expired: true } | null;

type SessionRow = typeof sessions.$inferSelect;

/** A session ends at its absolute expiry, or once it has gone unused for the idle period. */
function isOver(ctx: ServiceContext, row: SessionRow, now: number): boolean {
  return now >= row.expiresAt || now - row.lastSeenAt >= ctx.config.sessionIdleMs;
}

/**
 * Resolves a cookie's token (the hot path: every request and connection); each use slides the idle window. A session found past its time is
 * refused here and left for `endExpiredSessions`, which removes it within a second and announces the
 * ending to the open connections (this path has no one to announce to).
 */
/**
 * `slide: false` reads the session without counting it as use: a page reading a list again because a
 * push said it changed is not the person at work, and must not keep an unattended session alive.
 */
export async function resolveSession(ctx: ServiceContext, token: string | undefined, { slide = true }: { slide?: boolean } = {}): Promise<SessionLookup> {
  if (!token) return null;
  const tokenHash = hashToken(token);
  const row = await ctx.db.select().from(sessions).where(eq(sessions.tokenHash, tokenHash)).get();
  if (!row) return null;
  const now = ctx.clock();
  if (isOver(ctx, row, now)) return { expired: true };
  if (slide && now - row.lastSeenAt > TOUCH_EVERY_MS) await touch(ctx, tokenHash, now);
  return { personId: row.personId, tokenHash, ssoPartnershipId: row.ssoPartnershipId };
}

/**
 * Removes every session of a person, inside the caller's transaction (disabling, a password reset).
 * The caller announces `personSessionsEnded` once that transaction has committed.
 */
export async function endSessionsOf(ctx: ServiceContext, personId: number): Promise<void> {
  await ctx.db.delete(sessions).where(eq(sessions.personId, personId)).run();
}

/**
 * A long-lived connection is being used (a Socket.io command, Yjs traffic): is its session still
 * alive? Slides the idle window when it is. A session found past its time is ended and announced here,
 * so the connection closes now rather than at the next sweep. With `personId`, the connection was
 * opened as that person: a session switched since to another partnership no longer works as them
 * (the switch announced itself; this covers what the connection sends before its close arrives).
 */
export async function useSession(ctx: ServiceContext, tokenHash: string, personId?: number): Promise<boolean> {
  const row = await ctx.db.select().from(sessions).where(eq(sessions.tokenHash, tokenHash)).get();
  // Gone: whoever removed it (sign-out, disabling, a reset, the sweep) has announced the ending.
  if (!row) return false;
  if (personId !== undefined && row.personId !== personId) return false;
  const now = ctx.clock();
  if (isOver(ctx, row, now)) {
    await removeQuietly(ctx, eq(sessions.tokenHash, tokenHash));
    ctx.bus.emit('session.ended', { tokenHash, reason: 'expired' });
    return false;
  }
  if (now - row.lastSeenAt > TOUCH_EVERY_MS) await touch(ctx, tokenHash, now);
  return true;
}

/**
 * Ends every session past its absolute expiry or idle deadline and announces each ending. Run often
 * by the composition root: one read of the sessions table, and a write only when one is due.
 */
export async function endExpiredSessions(ctx: ServiceContext): Promise<number> {
  const now = ctx.clock();
  const due = or(lte(sessions.expiresAt, now), lte(sessions.lastSeenAt, now - ctx.config.sessionIdleMs));
  const over = await ctx.db.select({ tokenHash: sessions.tokenHash }).from(sessions).where(due).all();
  if (over.length === 0) return 0;
  await removeQuietly(ctx, due);
  for (const { tokenHash } of over) ctx.bus.emit('session.ended', { tokenHash, reason: 'expired' });
  return over.length;
}

/**
 * Deletes ended sessions. Best effort: they are refused by their times whether or not the row is
 * gone, and the next sweep retries; an unwritable database must not keep a connection open.
 */
async function removeQuietly(ctx: ServiceContext, where: SQL | undefined): Promise<void> {
  if (!where) return; // never an unfiltered delete
  try {
    await ctx.db.delete(sessions).where(where).run();
  } catch {
    // See above.
  }
}

/** Slides the idle window. Best effort: while the database refuses writes, reads keep working. */
async function touch(ctx: ServiceContext, tokenHash: string, now: number): Promise<void> {
  try {
    await ctx.db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.tokenHash, tokenHash)).run();
  } catch {
    // The next successful check slides it; the session stays valid meanwhile.
  }
}
